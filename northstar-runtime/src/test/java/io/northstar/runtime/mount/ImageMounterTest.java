package io.northstar.runtime.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.runtime.sys.LoopCalls;
import io.northstar.runtime.sys.LoopControl;
import io.northstar.runtime.sys.SyscallException;
import io.northstar.runtime.sys.LoopDevice;
import io.northstar.runtime.sys.LoopInfo64;
import io.northstar.runtime.sys.MemFd;
import io.northstar.runtime.sys.NativeFd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loop + squashfs mounts on the real kernel (root, loop devices, squashfs, mksquashfs). */
class ImageMounterTest {
    static final Container HELLO = Container.of("hello", "0.0.1");
    static final int OFFSET = 3 * 4096;

    @TempDir
    Path dir;
    Path image;
    Path npk;
    Path run;
    ImageMounter mounter;

    @BeforeAll
    static void requireKernel() {
        assumeTrue(jnr.posix.POSIXFactory.getNativePOSIX().geteuid() == 0, "mounting needs root");
        assumeTrue(Files.exists(Path.of(LoopControl.PATH)), "no loop devices: " + LoopControl.PATH
                + " missing (CONFIG_BLK_DEV_LOOP)");
        assumeTrue(filesystems().contains("squashfs"), "no squashfs in /proc/filesystems (CONFIG_SQUASHFS)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mksquashfs")), "mksquashfs not installed (squashfs-tools)");
    }

    static String filesystems() {
        try {
            return Files.readString(Path.of("/proc/filesystems"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        image = Images.squashfs(dir);
        npk = Images.embed(image, dir.resolve("hello.npk"), OFFSET, 8192);
        run = Files.createDirectories(dir.resolve("run"));
        mounter = ImageMounter.open(Duration.ofSeconds(10));
    }

    @AfterEach
    void noLeaks() throws Exception {
        mounter.close();
        assertEquals("", KernelState.leaks(dir, dir.toString()));
    }

    private MountRequest request(ImageSource source, long offset, long size) {
        return new MountRequest(HELLO, source, offset, size, Optional.empty(), run.resolve("hello:0.0.1"));
    }

    @Test
    void mountReadUmount() throws Exception {
        long size = Files.size(image);
        MountedImage mounted = mounter.mount(request(new ImageSource.File(npk), OFFSET, size));
        try {
            assertEquals(Images.HELLO, Files.readString(mounted.target().resolve("hello.txt")));
            assertArrayEquals(Images.randomContent(), Files.readAllBytes(mounted.target().resolve("random.bin")));
            assertEquals(MountedImage.Verification.NONE, mounted.verifiedBy());
            assertEquals(mounted.loopDevice(), mounted.device());
            // The kernel view: squashfs, ro,nosuid, from our loop device over our file at our offset.
            List<String> mounts = KernelState.mountsBelow(run);
            assertEquals(1, mounts.size(), mounts.toString());
            String line = mounts.get(0);
            assertTrue(line.contains(" - squashfs " + mounted.loopDevice() + " "), line);
            assertTrue(line.split(" ")[5].startsWith("ro,nosuid"), line);
            String loop = mounted.loopDevice().substring("/dev/".length());
            assertEquals(npk.toString(), Files.readString(Path.of("/sys/block/" + loop + "/loop/backing_file")).trim());
            assertEquals(Integer.toString(OFFSET), Files.readString(Path.of("/sys/block/" + loop + "/loop/offset")).trim());
            assertEquals(Long.toString(size), Files.readString(Path.of("/sys/block/" + loop + "/loop/sizelimit")).trim());
            assertEquals("1", Files.readString(Path.of("/sys/block/" + loop + "/loop/autoclear")).trim());
            assertEquals("1", Files.readString(Path.of("/sys/block/" + loop + "/ro")).trim());
            // read-only mount
            assertThrows(java.io.IOException.class, () -> Files.writeString(mounted.target().resolve("new"), "x"));
        } finally {
            mounter.umount(mounted);
        }
        assertFalse(Files.exists(mounted.target()), "mount point removed");
        assertEquals("", KernelState.leaks(dir, npk.toString()));
    }

    @Test
    void mountFromSealedMemfd() throws Exception {
        String name = "npk-" + dir.getFileName();
        try (NativeFd memfd = MemFd.createSealable(name)) {
            memfd.writeAll(Files.readAllBytes(npk));
            MemFd.sealImmutable(memfd);
            MountedImage mounted = mounter.mount(request(new ImageSource.Descriptor(memfd), OFFSET, Files.size(image)));
            try {
                assertEquals(Images.HELLO, Files.readString(mounted.target().resolve("hello.txt")));
                String loop = mounted.loopDevice().substring("/dev/".length());
                assertTrue(Files.readString(Path.of("/sys/block/" + loop + "/loop/backing_file")).startsWith("/memfd:" + name));
                // the memfd itself is read-write, the loop device is read-only anyway
                assertEquals("1", Files.readString(Path.of("/sys/block/" + loop + "/ro")).trim());
            } finally {
                mounter.umount(mounted);
            }
            assertEquals("", KernelState.leaks(dir, "/memfd:" + name));
        }
    }

    @Test
    void wholeFsImageRangeWithTrailingDataMounts() throws Exception {
        // The loop range may extend past the squashfs (verity data in unverified repositories): squashfs ignores it.
        MountedImage mounted = mounter.mount(request(new ImageSource.File(npk), OFFSET, Files.size(image) + 8192));
        try {
            assertEquals(Images.HELLO, Files.readString(mounted.target().resolve("hello.txt")));
        } finally {
            mounter.umount(mounted);
        }
    }

    @Test
    void badOffsetFailsAndReleasesEverything() {
        MountException e = assertThrows(MountException.class,
                () -> mounter.mount(request(new ImageSource.File(npk), OFFSET - 4096, Files.size(image))));
        assertTrue(e.getMessage().matches("mounting hello:0\\.0\\.1: mount /dev/loop\\d+ on " + run.resolve("hello:0.0.1")
                + " \\(squashfs\\) failed: EINVAL"), e.getMessage());
        assertEquals(HELLO, e.container());
        assertFalse(Files.exists(run.resolve("hello:0.0.1")), "mount point created by the mount is removed");
    }

    @Test
    void offsetBeyondTheFileFails() throws Exception {
        MountException e = assertThrows(MountException.class,
                () -> mounter.mount(request(new ImageSource.File(npk), Files.size(npk) + 4096, 4096)));
        assertTrue(e.getMessage().startsWith("mounting hello:0.0.1: "), e.getMessage());
        assertFalse(Files.exists(run.resolve("hello:0.0.1")));
    }

    @Test
    void notSquashfsFails() throws Exception {
        Path junk = Files.write(dir.resolve("junk.npk"), new byte[64 * 1024]);
        MountException e = assertThrows(MountException.class,
                () -> mounter.mount(request(new ImageSource.File(junk), 4096, 32 * 1024)));
        assertTrue(e.getMessage().endsWith("(squashfs) failed: EINVAL"), e.getMessage());
        assertFalse(Files.exists(run.resolve("hello:0.0.1")));
    }

    @Test
    void missingFileFails() {
        Path missing = dir.resolve("missing.npk");
        MountException e = assertThrows(MountException.class,
                () -> mounter.mount(request(new ImageSource.File(missing), 0, 4096)));
        assertEquals("mounting hello:0.0.1: open " + missing + " failed: ENOENT", e.getMessage());
        assertFalse(Files.exists(run.resolve("hello:0.0.1")));
    }

    @Test
    void anExistingMountPointIsKeptOnFailure() throws Exception {
        Path target = Files.createDirectories(run.resolve("hello:0.0.1"));
        assertThrows(MountException.class, () -> mounter.mount(request(new ImageSource.File(npk), 0, 4096)));
        assertTrue(Files.isDirectory(target), "a directory the mounter did not create stays");
        Files.delete(target);
    }

    @Test
    void umountOfAnUnmountedImageNamesTheContainer() throws Exception {
        MountedImage mounted = mounter.mount(request(new ImageSource.File(npk), OFFSET, Files.size(image)));
        mounter.umount(mounted);
        Files.createDirectories(mounted.target());
        MountException e = assertThrows(MountException.class, () -> mounter.umount(mounted));
        assertEquals("umounting hello:0.0.1: umount " + mounted.target() + " failed: EINVAL", e.getMessage());
        Files.delete(mounted.target());
    }

    @Test
    void umountOfABusyMountFailsWithEbusyAndKeepsTheMount() throws Exception {
        MountedImage mounted = mounter.mount(request(new ImageSource.File(npk), OFFSET, Files.size(image)));
        try (var open = Files.newInputStream(mounted.target().resolve("hello.txt"))) {
            // An open file keeps the mount busy; the error says so and nothing is torn down.
            MountException e = assertThrows(MountException.class, () -> mounter.umount(mounted));
            assertEquals("umounting hello:0.0.1: umount " + mounted.target() + " failed: EBUSY", e.getMessage());
            assertEquals(1, KernelState.mountsBelow(run).size());
            assertEquals('h', open.read());
        }
        mounter.umount(mounted);
    }

    /** A loop device bound by someone else, to the file {@code backing}. */
    @FunctionalInterface
    interface WithTakenDevice {
        void run(LoopControl control, LoopDevice taken, Path backing) throws Exception;
    }

    /** Runs {@code test} while this test holds a loop device of its own, as another process would. */
    private void whileADeviceIsTaken(WithTakenDevice test) throws Exception {
        Path other = Files.write(dir.resolve("other"), new byte[4096]);
        try (LoopControl control = LoopControl.open(); NativeFd otherFd = NativeFd.open(other.toString(), NativeFd.O_RDONLY)) {
            LoopDevice taken = bindAny(control, otherFd);
            try {
                test.run(control, taken, other);
            } finally {
                taken.clearFd();
                taken.close();
            }
        }
    }

    @Test
    void retriesWhenTheFreeDeviceIsTakenConcurrently() throws Exception {
        // Another process wins the race for the device LOOP_CTL_GET_FREE returned: simulate exactly that by
        // binding a device ourselves and handing out its index first. The kernel answers LOOP_SET_FD with EBUSY.
        whileADeviceIsTaken((control, taken, other) -> {
            AtomicInteger calls = new AtomicInteger();
            LoopAttacher attacher = new LoopAttacher(freeIndices(() -> calls.incrementAndGet() <= 3 ? taken.index()
                    : control.getFree()), Duration.ofSeconds(10));
            try (ImageMounter racing = ImageMounter.create(LoopControl.open(), attacher, HashTreeVerifier.NPK, false)) {
                MountedImage mounted = racing.mount(request(new ImageSource.File(npk), OFFSET, Files.size(image)));
                try {
                    assertEquals(Images.HELLO, Files.readString(mounted.target().resolve("hello.txt")));
                    assertFalse(mounted.loopDevice().equals(taken.path()));
                    assertEquals(4, calls.get(), "three EBUSY attempts, then success");
                } finally {
                    racing.umount(mounted);
                }
            }
        });
    }

    @Test
    void aFreeLoopDeviceWithoutANodeFailsAtOnceAndAddsNoDevices() throws Exception {
        // A static /dev without devtmpfs: the kernel's free device has no node. Earlier this added a
        // kernel loop device per retry until the timeout (hundreds in seconds).
        int missing = 1 << 19; // far beyond any device of this host, so /dev/loopN does not exist
        assertFalse(Files.exists(Path.of("/dev/loop" + missing)));
        long before = loopDevicesInSysfs();
        LoopAttacher attacher = new LoopAttacher(freeIndices(() -> missing), Duration.ofSeconds(10));
        try (ImageMounter noNodes = ImageMounter.create(LoopControl.open(), attacher, HashTreeVerifier.NPK, false)) {
            MountException e = assertThrows(MountException.class,
                    () -> noNodes.mount(request(new ImageSource.File(npk), OFFSET, Files.size(image))));
            assertTrue(e.getMessage().contains("has no device node: is devtmpfs mounted on /dev?"), e.getMessage());
            assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        }
        assertEquals(before, loopDevicesInSysfs(), "no loop device added");
    }

    @FunctionalInterface
    interface FreeIndex {
        int next() throws SyscallException;
    }

    /** The real loop devices, but LOOP_CTL_GET_FREE answered by {@code free}: to stage races on the kernel. */
    static LoopCalls freeIndices(FreeIndex free) {
        return new LoopCalls() {
            @Override
            public int getFree() throws SyscallException {
                return free.next();
            }

            @Override
            public LoopDevice open(int index) throws SyscallException {
                return LoopDevice.open(index);
            }

            @Override
            public void close() {
            }
        };
    }

    private static long loopDevicesInSysfs() throws IOException {
        try (var blocks = Files.list(Path.of("/sys/block"))) {
            return blocks.filter(b -> b.getFileName().toString().startsWith("loop")).count();
        }
    }

    @Test
    void givesUpAfterTheLoopDeviceTimeout() throws Exception {
        whileADeviceIsTaken((control, taken, other) -> {
            LoopAttacher attacher = new LoopAttacher(freeIndices(taken::index), Duration.ofMillis(200));
            try (ImageMounter stuck = ImageMounter.create(LoopControl.open(), attacher, HashTreeVerifier.NPK, false)) {
                MountException e = assertThrows(MountException.class,
                        () -> stuck.mount(request(new ImageSource.File(npk), OFFSET, Files.size(image))));
                assertEquals("mounting hello:0.0.1: failed to acquire loop device within 200ms (last: LOOP_CONFIGURE on "
                        + taken.path() + " failed: EBUSY)", e.getMessage());
                assertFalse(Files.exists(run.resolve("hello:0.0.1")));
            }
            // The device we held is untouched.
            assertEquals(other.toString(), Files.readString(Path.of("/sys/block/loop" + taken.index()
                    + "/loop/backing_file")).trim());
        });
    }

    @Test
    void parallelMountsOfManyContainers() throws Exception {
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<MountedImage>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Container c = Container.of("hello", "0.0." + i);
                Callable<MountedImage> task = () -> mounter.mount(new MountRequest(c, new ImageSource.File(npk), OFFSET,
                        Files.size(image), Optional.empty(), run.resolve(c.toString())));
                futures.add(pool.submit(task));
            }
            List<MountedImage> mounted = new ArrayList<>();
            for (Future<MountedImage> f : futures) {
                mounted.add(f.get());
            }
            assertEquals(n, mounted.stream().map(MountedImage::loopDevice).distinct().count());
            for (MountedImage m : mounted) {
                assertEquals(Images.HELLO, Files.readString(m.target().resolve("hello.txt")));
                mounter.umount(m);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("", KernelState.leaks(dir, npk.toString()));
    }

    @Test
    void selinuxMountDataOnlyWithSelinux() {
        assertEquals(Optional.empty(), MountRequest.selinuxMountData(Optional.empty()));
        Optional<String> data = MountRequest.selinuxMountData(Optional.of("u:object_r:hello:s0"));
        if (Files.exists(Path.of("/sys/fs/selinux/enforce"))) {
            assertEquals(Optional.of("context=u:object_r:hello:s0"), data);
        } else {
            assertEquals(Optional.empty(), data);
        }
    }

    static LoopDevice bindAny(LoopControl control, NativeFd backing) throws Exception {
        for (int attempt = 0; ; attempt++) {
            LoopDevice dev = LoopDevice.open(control.getFree());
            try {
                dev.setFd(backing);
                dev.setStatus(LoopInfo64.of(0, 0, LoopInfo64.LO_FLAGS_READ_ONLY));
                return dev;
            } catch (io.northstar.runtime.sys.SyscallException e) {
                dev.closeQuietly();
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
