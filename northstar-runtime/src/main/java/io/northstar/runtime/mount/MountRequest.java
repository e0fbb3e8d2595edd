package io.northstar.runtime.mount;

import io.northstar.common.Container;
import io.northstar.npk.Npk;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Mount the squashfs image of one container.
 *
 * @param container    for messages and logs
 * @param source       the NPK
 * @param fsOffset     offset of fs.img inside the NPK
 * @param fsSize       size of fs.img (including any verity superblock and hash tree)
 * @param verity       present for verified repositories: the image must pass dm-verity
 * @param target       the mount point, {@code <run_dir>/<name>:<version>}; created when missing
 * @param mountData    mount data, e.g. {@code context=...} for SELinux
 */
public record MountRequest(Container container, ImageSource source, long fsOffset, long fsSize,
                           Optional<VerityParams> verity, Path target, Optional<String> mountData) {
    public MountRequest {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(verity, "verity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mountData, "mountData");
        if (fsOffset < 0 || fsSize <= 0) {
            throw new IllegalArgumentException("invalid image range of " + container + ": offset " + fsOffset
                    + ", size " + fsSize);
        }
    }

    /**
     * The request for an NPK: fs.img range from the zip directory, dm-verity
     * parameters when it was loaded with a key (verified repository).
     */
    public static MountRequest of(Container container, ImageSource source, Npk npk, Path target) {
        return new MountRequest(container, source, npk.fsImage().offset(), npk.fsImage().size(),
                npk.verity().map(VerityParams::of), target);
    }

    /**
     * The mount data for a manifest's {@code selinux.mount_context}:
     * {@code context=<ctx>} when the host has SELinux ({@code /sys/fs/selinux/enforce}
     * exists), otherwise none, as Northstar does.
     */
    public static Optional<String> selinuxMountData(Optional<String> mountContext) {
        if (mountContext.isEmpty() || !java.nio.file.Files.exists(Path.of("/sys/fs/selinux/enforce"))) {
            return Optional.empty();
        }
        return Optional.of("context=" + mountContext.get());
    }

    public MountRequest(Container container, ImageSource source, long fsOffset, long fsSize,
                        Optional<VerityParams> verity, Path target) {
        this(container, source, fsOffset, fsSize, verity, target, Optional.empty());
    }
}
