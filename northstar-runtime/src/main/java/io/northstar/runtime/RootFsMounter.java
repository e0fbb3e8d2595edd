package io.northstar.runtime;

import io.northstar.npk.NpkException;
import io.northstar.npk.NpkVerity;
import java.io.IOException;
import io.northstar.npk.verity.VerityVerifier;
import io.northstar.runtime.mount.HashTreeVerifier;
import io.northstar.runtime.mount.ImageSource;
import io.northstar.runtime.mount.MountRequest;
import io.northstar.runtime.mount.MountedImage;
import io.northstar.runtime.mount.Mounter;
import io.northstar.runtime.mount.VerityParams;
import io.northstar.runtime.repository.NpkPackage;
import io.northstar.runtime.repository.StoredNpk;
import io.northstar.runtime.state.Mounter.Mounted;
import io.northstar.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/** Mounts the root file systems of stored NPKs with the loop/verity {@link Mounter}. */
final class RootFsMounter implements io.northstar.runtime.state.Mounter, AutoCloseable {

    /** Checks the hash tree of an fs.img read from offset 0 (the loop device), for kernels without dm-verity. */
    static final HashTreeVerifier USER_SPACE = (image, params) -> {
        try {
            // The superblock sits between the data and the tree.
            VerityVerifier.verify(image, 0, params.dataSize(), params.dataSize() + params.hashBlockSize(),
                    HexFormat.of().parseHex(params.rootHash()), params.salt());
        } catch (NpkException e) {
            throw new IOException(e.getMessage(), e);
        }
    };

    private record Root(MountedImage image) implements Mounted {
        @Override
        public Path target() {
            return image.target();
        }
    }

    private final Mounter mounter;

    RootFsMounter(Duration loopDeviceTimeout) throws SyscallException {
        this.mounter = Mounter.open(loopDeviceTimeout, USER_SPACE);
    }

    boolean hasDeviceMapper() {
        return mounter.hasDeviceMapper();
    }

    @Override
    public Mounted mount(StoredNpk stored, boolean verified, Path target) throws Exception {
        NpkPackage npk = (NpkPackage) stored.npk();
        Optional<VerityParams> verity = Optional.empty();
        if (verified) {
            NpkVerity v = npk.npk().verity().orElseThrow(() -> new IllegalStateException("NPK lacks verity information"));
            verity = Optional.of(VerityParams.of(v.rootHash().toString(), v.dataSize(), v.superblock().dataBlockSize(),
                    v.superblock().hashBlockSize(), v.superblock().salt()));
        }
        MountRequest request = new MountRequest(stored.container(), new ImageSource.File(stored.file()),
                npk.npk().fsImage().offset(), npk.npk().fsImage().size(), verity, target);
        return new Root(mounter.mount(request));
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
