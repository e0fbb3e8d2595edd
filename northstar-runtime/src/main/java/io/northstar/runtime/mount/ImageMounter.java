package io.northstar.runtime.mount;

import io.northstar.common.Container;
import io.northstar.npk.NpkException;
import io.northstar.runtime.repository.NanoId;
import io.northstar.runtime.mount.MountedImage.Verification;
import io.northstar.runtime.sys.DeviceMapper;
import io.northstar.runtime.sys.DmDeviceInfo;
import io.northstar.runtime.sys.DmTarget;
import io.northstar.runtime.sys.Errno;
import io.northstar.runtime.sys.LoopCalls;
import io.northstar.runtime.sys.LoopControl;
import io.northstar.runtime.sys.MemFd;
import io.northstar.runtime.sys.MountCalls;
import io.northstar.runtime.sys.Mounts;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts container images: loop device, dm-verity for verified repositories,
 * squashfs (docs/npk-format.md, "Mounting"; docs/runtime.md, "Mount and umount"). Thread-safe; mounts
 * of several containers may run in parallel.
 *
 * <p>Where the kernel has no device-mapper the image of a verified repository
 * is checked completely in user space (whole hash tree against the signed root
 * hash) through the loop device it is then mounted from; an image that fails
 * is never mounted. As nothing re-checks blocks read later, the loop device is
 * backed by immutable bytes: the sealed memfd of a mem repository, or a copy of
 * the image in a sealed memfd ({@link WithoutDeviceMapper}), never a file that
 * others can write to.
 */
public final class ImageMounter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageMounter.class);
    private static final long MS_FLAGS = Mounts.MS_RDONLY | Mounts.MS_NOSUID;
    private static final String FSTYPE = "squashfs";
    private static final Duration DM_NODE_TIMEOUT = Duration.ofSeconds(10);

    private final LoopCalls loopControl;
    private final LoopAttacher attacher;
    private final MountCalls mounts;
    private final Optional<DeviceMapper> deviceMapper;
    private final String noDeviceMapperReason;
    private final HashTreeVerifier userSpaceVerifier;
    private final WithoutDeviceMapper withoutDeviceMapper;
    private final AtomicBoolean warnedNoDeviceMapper = new AtomicBoolean();

    private ImageMounter(LoopCalls loopControl, LoopAttacher attacher, MountCalls mounts,
                         Optional<DeviceMapper> deviceMapper, String noDeviceMapperReason,
                         HashTreeVerifier userSpaceVerifier, WithoutDeviceMapper withoutDeviceMapper) {
        this.loopControl = loopControl;
        this.attacher = attacher;
        this.mounts = mounts;
        this.deviceMapper = deviceMapper;
        this.noDeviceMapperReason = noDeviceMapperReason;
        this.userSpaceVerifier = userSpaceVerifier;
        this.withoutDeviceMapper = withoutDeviceMapper;
    }

    /**
     * Opens /dev/loop-control and, if the kernel has device-mapper, its control
     * node. Fails when loop devices are unavailable or when device-mapper
     * exists but cannot be opened.
     *
     * @param loopDeviceTimeout  how long to retry binding a loop device on EBUSY/EAGAIN
     * @param userSpaceVerifier  used for verified images when the kernel has no device-mapper
     */
    public static ImageMounter open(Duration loopDeviceTimeout, HashTreeVerifier userSpaceVerifier) throws SyscallException {
        return open(loopDeviceTimeout, userSpaceVerifier, WithoutDeviceMapper.verifyCopies());
    }

    /** @param withoutDeviceMapper what to do with verified images when the kernel has no device-mapper */
    public static ImageMounter open(Duration loopDeviceTimeout, HashTreeVerifier userSpaceVerifier,
                               WithoutDeviceMapper withoutDeviceMapper) throws SyscallException {
        LoopControl control = LoopControl.open();
        return create(control, new LoopAttacher(control, loopDeviceTimeout), userSpaceVerifier, false,
                withoutDeviceMapper);
    }

    /** {@link #open(Duration, HashTreeVerifier)} with the NPK library's user-space verifier. */
    public static ImageMounter open(Duration loopDeviceTimeout) throws SyscallException {
        return open(loopDeviceTimeout, HashTreeVerifier.NPK);
    }

    /** As {@link #open} but never uses device-mapper, even where the kernel has it. */
    public static ImageMounter openWithoutDeviceMapper(Duration loopDeviceTimeout, HashTreeVerifier userSpaceVerifier,
                                                  WithoutDeviceMapper withoutDeviceMapper) throws SyscallException {
        LoopControl control = LoopControl.open();
        return create(control, new LoopAttacher(control, loopDeviceTimeout), userSpaceVerifier, true,
                withoutDeviceMapper);
    }

    public static ImageMounter openWithoutDeviceMapper(Duration loopDeviceTimeout, HashTreeVerifier userSpaceVerifier)
            throws SyscallException {
        return openWithoutDeviceMapper(loopDeviceTimeout, userSpaceVerifier, WithoutDeviceMapper.verifyCopies());
    }

    static ImageMounter create(LoopCalls control, LoopAttacher attacher, HashTreeVerifier verifier,
                               boolean withoutDeviceMapper) throws SyscallException {
        return create(control, attacher, verifier, withoutDeviceMapper, WithoutDeviceMapper.verifyCopies());
    }

    /**
     * Without device-mapper, on the given loop and mount calls: what unit tests drive with the
     * kernel double (docs/kernel.md).
     */
    static ImageMounter withoutDeviceMapper(LoopCalls control, LoopAttacher attacher, MountCalls mounts,
                                            HashTreeVerifier verifier, WithoutDeviceMapper withoutDeviceMapper) {
        return new ImageMounter(control, attacher, mounts, Optional.empty(), "device-mapper disabled", verifier,
                withoutDeviceMapper);
    }

    static ImageMounter create(LoopCalls control, LoopAttacher attacher, HashTreeVerifier verifier,
                               boolean noDeviceMapper, WithoutDeviceMapper withoutDeviceMapper) throws SyscallException {
        if (noDeviceMapper) {
            return withoutDeviceMapper(control, attacher, MountCalls.LINUX, verifier, withoutDeviceMapper);
        }
        try {
            return new ImageMounter(control, attacher, MountCalls.LINUX, Optional.of(DeviceMapper.open()), null,
                    verifier, withoutDeviceMapper);
        } catch (DeviceMapper.Unavailable e) {
            return new ImageMounter(control, attacher, MountCalls.LINUX, Optional.empty(), e.getMessage(), verifier,
                    withoutDeviceMapper);
        } catch (SyscallException e) {
            control.close();
            throw e;
        }
    }

    /** Whether verified images go through kernel dm-verity (else: user-space check before the mount). */
    public boolean hasDeviceMapper() {
        return deviceMapper.isPresent();
    }

    /** Why there is no device-mapper; empty where there is one. */
    public Optional<String> noDeviceMapperReason() {
        return Optional.ofNullable(noDeviceMapperReason);
    }

    public MountedImage mount(MountRequest request) throws MountException {
        Container container = request.container();
        Path target = request.target();
        boolean userSpace = request.verity().isPresent() && deviceMapper.isEmpty();
        if (userSpace && withoutDeviceMapper.refuse()) {
            throw MountException.mounting(container, "refused: require_dm_verity is set and verified images are "
                    + "mounted only through kernel dm-verity, which is unavailable (" + noDeviceMapperReason + ")", null);
        }
        boolean createdTarget;
        try {
            createdTarget = !Files.isDirectory(target);
            Files.createDirectories(target);
        } catch (IOException e) {
            throw MountException.mounting(container, "creating mount point " + target + " failed: " + e, e);
        }
        Cleanup cleanup = new Cleanup(container);
        if (createdTarget) {
            cleanup.push(() -> Files.deleteIfExists(target));
        }
        try {
            Verification verification;
            LoopCalls.Device loop;
            String device;
            Optional<String> dmName = Optional.empty();
            try (Backing backing = backing(request)) {
                if (request.verity().isEmpty()) {
                    verification = Verification.NONE;
                } else if (deviceMapper.isPresent()) {
                    verification = Verification.KERNEL_DM_VERITY;
                } else if (backing.checkedAtInstall()) {
                    verification = Verification.USER_SPACE_HASH_TREE_AT_INSTALL;
                } else {
                    // Before the loop device exists: an image that fails never gets one.
                    verifyInUserSpace(request, backing);
                    verification = Verification.USER_SPACE_HASH_TREE;
                }
                loop = attachLoop(request, backing, cleanup);
            }
            if (verification == Verification.KERNEL_DM_VERITY) {
                VerityDevice dm = setupVerity(deviceMapper.get(), request, loop, cleanup);
                device = dm.path();
                dmName = Optional.of(dm.name());
            } else {
                device = loop.path();
            }
            try {
                mounts.mount(device, target.toString(), FSTYPE, MS_FLAGS, request.mountData().orElse(null));
            } catch (SyscallException e) {
                throw MountException.mounting(container, e.getMessage(), e);
            }
            cleanup.push(() -> mounts.umount2(target.toString(), 0));
            if (dmName.isPresent()) {
                // The device disappears by itself when the file system is unmounted.
                try {
                    deviceMapper.get().remove(dmName.get(), true);
                } catch (SyscallException e) {
                    throw MountException.mounting(container, e.getMessage(), e);
                }
            }
            // Mount (and dm) now hold the loop device; with AUTOCLEAR it detaches when they let go.
            loop.closeQuietly();
            LOG.debug("Mounted {} from {} ({}) at {}", container, device, verification, target);
            return new MountedImage(container, target, device, loop.path(), dmName, verification);
        } catch (MountException e) {
            cleanup.run(e);
            throw e;
        } catch (RuntimeException | Error e) {
            cleanup.run(e);
            throw e;
        }
    }

    /**
     * The read-only descriptor the loop device is bound to, and where fs.img starts in it. Without
     * device-mapper a verified image is checked before the mount, so its bytes must not change
     * afterwards: the sealed memfd of a mem repository is used as it is, anything else is copied
     * into a sealed memfd first.
     */
    private record Backing(NativeFd fd, long offset, boolean checkedAtInstall) implements AutoCloseable {
        @Override
        public void close() {
            fd.closeQuietly();
        }
    }

    private Backing backing(MountRequest request) throws MountException {
        Container container = request.container();
        NativeFd source;
        try {
            source = request.source().openReadOnly();
        } catch (SyscallException e) {
            throw MountException.mounting(container, e.getMessage(), e);
        }
        if (request.verity().isEmpty() || deviceMapper.isPresent()) {
            return new Backing(source, request.fsOffset(), false);
        }
        if (immutable(source)) {
            return new Backing(source, request.fsOffset(), request.source() instanceof ImageSource.CheckedAtInstall);
        }
        try {
            return new Backing(sealedCopy(request, source), 0, false);
        } finally {
            source.closeQuietly();
        }
    }

    private LoopCalls.Device attachLoop(MountRequest request, Backing backing, Cleanup cleanup) throws MountException {
        Container container = request.container();
        try {
            LoopCalls.Device loop = attacher.attach(backing.fd(), backing.offset(), request.fsSize());
            // Closing our descriptor of an AUTOCLEAR device that nothing else holds detaches it.
            cleanup.push(loop::close);
            return loop;
        } catch (SyscallException e) {
            throw MountException.mounting(container, e.getMessage(), e);
        } catch (LoopAttacher.TimeoutException e) {
            throw MountException.mounting(container, e.getMessage(), e);
        }
    }

    /**
     * Checks the whole hash tree of an image in sealed memory when it is installed, where that
     * replaces the check at mount: only without device-mapper (the kernel otherwise checks lazily,
     * hashing nothing up front) and when user-space checks are allowed at all. Mounting the memfd
     * as {@link ImageSource.CheckedAtInstall} then hashes nothing.
     *
     * @param image    the memfd by its /proc/self/fd path; checked to be sealed before it is read
     * @param fsOffset where fs.img starts in it
     * @return whether the tree was checked (false: the mount checks)
     * @throws NpkException when the image does not match the signed root hash
     */
    public boolean checkSealedAtInstall(Path image, long fsOffset, VerityParams verity)
            throws IOException, NpkException, SyscallException {
        if (deviceMapper.isPresent() || withoutDeviceMapper.refuse()) {
            return false;
        }
        try (NativeFd fd = NativeFd.open(image.toString(), NativeFd.O_RDONLY);
             FileChannel channel = FileChannel.open(Path.of(fd.procPath()), StandardOpenOption.READ)) {
            if (!immutable(fd)) {
                return false;
            }
            userSpaceVerifier.verify(channel, fsOffset, verity);
            return true;
        }
    }

    /** A sealed memfd (a mem repository's NPK, a copy made here): nobody can change its bytes. */
    private static boolean immutable(NativeFd fd) {
        int needed = MemFd.F_SEAL_WRITE | MemFd.F_SEAL_SHRINK | MemFd.F_SEAL_GROW;
        try {
            return (MemFd.getSeals(fd) & needed) == needed;
        } catch (SyscallException e) {
            return false; // EINVAL: not a memfd, e.g. the file of an fs repository
        }
    }

    /**
     * fs.img copied out of {@code source} into a memfd sealed against every change: what is
     * verified next is what squashfs reads for as long as the image is mounted.
     */
    private NativeFd sealedCopy(MountRequest request, NativeFd source) throws MountException {
        Container container = request.container();
        long size = request.fsSize();
        if (size > withoutDeviceMapper.maxCopySize()) {
            throw MountException.mounting(container, "image of " + size + " bytes is larger than "
                    + "user_space_verity_max_size (" + withoutDeviceMapper.maxCopySize() + " bytes): without "
                    + "device-mapper (" + noDeviceMapperReason + ") a verified image is copied into sealed memory "
                    + "to be verified and mounted", null);
        }
        NativeFd copy;
        try {
            copy = MemFd.createSealable("northstar:verified");
        } catch (SyscallException e) {
            throw MountException.mounting(container, e.getMessage(), e);
        }
        try (FileChannel in = FileChannel.open(Path.of(source.procPath()), StandardOpenOption.READ);
             FileChannel out = FileChannel.open(Path.of(copy.procPath()), StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < size) {
                long n = in.transferTo(request.fsOffset() + done, size - done, out);
                if (n <= 0) {
                    throw new IOException("the image ends after " + done + " of " + size + " bytes");
                }
                done += n;
            }
            MemFd.sealImmutable(copy);
            return copy;
        } catch (IOException e) {
            copy.closeQuietly();
            throw MountException.mounting(container, "copying the image from " + request.source().describe()
                    + " into sealed memory failed: " + e.getMessage(), e);
        }
    }

    private record VerityDevice(String name, String path) {
    }

    private VerityDevice setupVerity(DeviceMapper dm, MountRequest request, LoopCalls.Device loop, Cleanup cleanup)
            throws MountException {
        Container container = request.container();
        VerityParams verity = request.verity().orElseThrow();
        String name = "northstar-" + NanoId.next();
        try {
            DmDeviceInfo created = dm.create(name, UUID.randomUUID().toString());
            cleanup.push(() -> removeNow(dm, name));
            dm.loadTable(name, List.of(new DmTarget(0, verity.sectors(), "verity", verity.table(loop.path()))), true);
            dm.resume(name);
            String path = created.devicePath();
            waitForNode(container, path);
            return new VerityDevice(name, path);
        } catch (SyscallException e) {
            throw MountException.mounting(container, e.getMessage(), e);
        }
    }

    private static void removeNow(DeviceMapper dm, String name) throws SyscallException {
        try {
            dm.remove(name, true);
        } catch (SyscallException e) {
            if (!e.is(Errno.ENXIO)) {
                throw e;
            }
        }
    }

    private static void waitForNode(Container container, String path) throws MountException {
        long deadline = System.nanoTime() + DM_NODE_TIMEOUT.toNanos();
        while (!Files.exists(Path.of(path))) {
            if (System.nanoTime() > deadline) {
                throw MountException.mounting(container, "device node " + path + " did not appear within "
                        + DM_NODE_TIMEOUT.toSeconds() + "s", null);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw MountException.mounting(container, "interrupted while waiting for " + path, e);
            }
        }
    }

    /** The whole hash tree, read from the immutable bytes behind the loop device (not through it: no extra copy). */
    private void verifyInUserSpace(MountRequest request, Backing backing) throws MountException {
        if (warnedNoDeviceMapper.compareAndSet(false, true)) {
            LOG.warn("{}: verified images are checked in user space (whole hash tree) before they are mounted, "
                    + "from sealed memory (images of fs repositories are copied there first)", noDeviceMapperReason);
        }
        VerityParams verity = request.verity().orElseThrow();
        try (FileChannel channel = FileChannel.open(Path.of(backing.fd().procPath()), StandardOpenOption.READ)) {
            userSpaceVerifier.verify(channel, backing.offset(), verity);
        } catch (IOException | NpkException e) {
            throw MountException.mounting(request.container(), "verifying the hash tree of " + request.source().describe()
                    + " in user space failed: " + e.getMessage(), e);
        }
    }

    /**
     * Unmounts and removes the mount point. The dm device (deferred remove) and
     * the loop device (AUTOCLEAR) go away with the last user of each.
     */
    public void umount(MountedImage image) throws MountException {
        Container container = image.container();
        String target = image.target().toString();
        try {
            mounts.umount2(target, 0);
        } catch (SyscallException e) {
            throw MountException.umounting(container, e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(image.target());
        } catch (IOException e) {
            throw MountException.umounting(container, "removing mount point " + target + " failed: " + e, e);
        }
        if (image.verityName().isPresent() && deviceMapper.isPresent()) {
            // Normally gone already (deferred remove); make sure nothing is left if the deferral was lost.
            try {
                removeNow(deviceMapper.get(), image.verityName().get());
            } catch (SyscallException e) {
                throw MountException.umounting(container, e.getMessage(), e);
            }
        }
        LOG.debug("Umounted {} from {}", container, target);
    }

    @Override
    public void close() throws SyscallException {
        try {
            loopControl.close();
        } finally {
            if (deviceMapper.isPresent()) {
                deviceMapper.get().close();
            }
        }
    }

    /** What a failing mount took so far, released in reverse order. */
    private static final class Cleanup {
        @FunctionalInterface
        interface Step {
            void run() throws Exception;
        }

        private final Container container;
        private final java.util.ArrayDeque<Step> steps = new java.util.ArrayDeque<>();

        Cleanup(Container container) {
            this.container = container;
        }

        void push(Step step) {
            steps.push(step);
        }

        void run(Throwable failure) {
            while (!steps.isEmpty()) {
                try {
                    steps.pop().run();
                } catch (NoSuchFileException ignored) {
                    // already gone
                } catch (Exception e) {
                    LOG.warn("mounting {}: cleanup after failure: {}", container, e.getMessage());
                    failure.addSuppressed(e);
                }
            }
        }
    }
}
