package io.northstar.runtime;

import io.northstar.npk.NpkVerity;
import io.northstar.runtime.config.VerityConfig;
import io.northstar.runtime.mount.HashTreeVerifier;
import io.northstar.runtime.mount.ImageSource;
import io.northstar.runtime.mount.MountRequest;
import io.northstar.runtime.mount.MountedImage;
import io.northstar.runtime.mount.ImageMounter;
import io.northstar.runtime.mount.VerityParams;
import io.northstar.runtime.mount.WithoutDeviceMapper;
import io.northstar.runtime.repository.NpkPackage;
import io.northstar.runtime.repository.SealedImageCheck;
import io.northstar.runtime.repository.StoredNpk;
import io.northstar.runtime.state.Mounter;
import io.northstar.runtime.state.Mounter.Mounted;
import io.northstar.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mounts the root file systems of stored NPKs with the loop/verity {@link ImageMounter}. */
final class RootFsMounter implements Mounter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RootFsMounter.class);

    private record Root(MountedImage image) implements Mounted {
        @Override
        public Path target() {
            return image.target();
        }
    }

    private final ImageMounter mounter;

    RootFsMounter(Duration loopDeviceTimeout, VerityConfig verity) throws SyscallException {
        this.mounter = ImageMounter.open(loopDeviceTimeout, HashTreeVerifier.NPK,
                new WithoutDeviceMapper(verity.requireDeviceMapper(), verity.userSpaceMaxSize()));
        if (verity.requireDeviceMapper() && !mounter.hasDeviceMapper()) {
            LOG.warn("require_dm_verity is set and there is no device-mapper ({}): images of verified repositories "
                    + "will not be mounted", mounter.noDeviceMapperReason().orElse(""));
        }
    }

    @Override
    public Mounted mount(StoredNpk stored, boolean verified, Path target) throws Exception {
        NpkPackage npk = (NpkPackage) stored.npk();
        Optional<VerityParams> verity = verified ? Optional.of(verity(npk)) : Optional.empty();
        ImageSource source = stored.checkedAtInstall()
                ? new ImageSource.CheckedAtInstall(stored.file()) : new ImageSource.File(stored.file());
        MountRequest request = new MountRequest(stored.container(), source,
                npk.npk().fsImage().offset(), npk.npk().fsImage().size(), verity, target);
        return new Root(mounter.mount(request));
    }

    /**
     * The check of a verified mem repository's upload once it is sealed ({@link ImageMounter#checkSealedAtInstall}):
     * the whole tree where there is no device-mapper, nothing where the kernel checks.
     */
    SealedImageCheck sealedImageCheck() {
        return (loaded, image) -> {
            NpkPackage npk = (NpkPackage) loaded;
            return mounter.checkSealedAtInstall(image, npk.npk().fsImage().offset(), verity(npk));
        };
    }

    private static VerityParams verity(NpkPackage npk) {
        NpkVerity v = npk.npk().verity().orElseThrow(() -> new IllegalStateException("NPK lacks verity information"));
        return VerityParams.of(v.rootHash().toString(), v.dataSize(), v.superblock().dataBlockSize(),
                v.superblock().hashBlockSize(), v.superblock().salt());
    }

    @Override
    public void umount(Mounted mounted) throws Exception {
        mounter.umount(((Root) mounted).image());
    }

    @Override
    public void close() throws SyscallException {
        mounter.close();
    }
}
