package io.northstar.runtime.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.npk.Npk;
import io.northstar.runtime.logging.LogCapture;
import io.northstar.npk.key.SigningKey;
import io.northstar.npk.verity.VerityException;
import io.northstar.runtime.sys.MemFd;
import io.northstar.runtime.sys.NativeFd;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Verified images without device-mapper: the whole hash tree is checked in
 * user space, from the sealed bytes the loop device is then bound to, before the
 * mount (or once at install for a sealed memfd); a bad image is never mounted. Runs on any kernel with loop + squashfs (device-mapper is switched
 * off for the mounter even where the kernel has it).
 */
class VerifiedMountTest {
    static final Container HELLO = Container.of("hello", "0.0.1");

    @TempDir
    Path dir;
    Path npkFile;
    SigningKey key;
    ImageMounter mounter;
    LogCapture log;

    @BeforeAll
    static void requireKernel() {
        ImageMounterTest.requireKernel();
    }

    @BeforeEach
    void setUp() throws Exception {
        key = Images.newKey();
        npkFile = Images.signedNpk(Images.squashfs(dir), dir.resolve("hello-0.0.1.npk"), key);
        mounter = ImageMounter.openWithoutDeviceMapper(Duration.ofSeconds(10), HashTreeVerifier.NPK);
        log = LogCapture.of(ImageMounter.class.getName());
    }

    @AfterEach
    void noLeaks() throws Exception {
        log.close();
        mounter.close();
        assertEquals("", KernelState.leaks(dir, dir.toString()));
    }

    MountRequest request() throws Exception {
        Npk npk = Npk.read(npkFile, Optional.of(key.verifyingKey()));
        return MountRequest.of(HELLO, new ImageSource.File(npkFile), npk, dir.resolve("run/hello:0.0.1"));
    }

    long warnings() {
        return log.events().stream().filter(e -> e.level() == Level.WARN).count();
    }

    @Test
    void verifiesThenMounts() throws Exception {
        MountRequest request = request();
        assertTrue(request.verity().isPresent());
        assertFalse(mounter.hasDeviceMapper());
        MountedImage first = mounter.mount(request);
        try {
            assertEquals(MountedImage.Verification.USER_SPACE_HASH_TREE, first.verifiedBy());
            assertEquals(Images.HELLO, Files.readString(first.target().resolve("hello.txt")));
            assertArrayEquals(Images.randomContent(), Files.readAllBytes(first.target().resolve("random.bin")));
        } finally {
            mounter.umount(first);
        }
        MountedImage second = mounter.mount(request);
        mounter.umount(second);
        // One warning about the missing device-mapper, not one per mount.
        assertEquals(1, warnings(), log.events().toString());
        assertTrue(log.events().stream().anyMatch(e -> e.message().contains("in user space")));
    }

    /** Drops the cached blocks of {@code device}: later reads go to what backs it. */
    static void flushBuffers(String device) throws Exception {
        Process p = new ProcessBuilder("blockdev", "--flushbufs", device).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "blockdev --flushbufs " + device + ": " + out);
    }

    /**
     * Nothing re-checks what squashfs reads after the check, so a writer of the repository
     * directory who changes the NPK file after the mount must not change what is mounted.
     */
    @Test
    void theMountedBytesAreTheCheckedCopyNotTheFile() throws Exception {
        MountRequest request = request();
        MountedImage image = mounter.mount(request);
        try {
            assertEquals(java.util.List.of(), KernelState.loopDevicesBackedBy(npkFile.toString()),
                    "no loop device reads the NPK file");
            String backing = Files.readString(Path.of("/sys/block", Path.of(image.loopDevice()).getFileName().toString(),
                    "loop/backing_file")).trim();
            assertTrue(backing.contains("memfd:northstar:verified"), backing);
            long offset = Images.offsetOfRandomContent(npkFile);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(npkFile,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.allocate(Images.RANDOM_SIZE), offset);
                ch.force(true);
            }
            flushBuffers(image.loopDevice());
            assertArrayEquals(Images.randomContent(), Files.readAllBytes(image.target().resolve("random.bin")));
        } finally {
            mounter.umount(image);
        }
        awaitDetached(image.loopDevice(), "memfd:northstar:verified");
    }

    /** The loop device lets go of the copy when the image is unmounted (AUTOCLEAR, a little later). */
    static void awaitDetached(String loopDevice, String token) throws Exception {
        Path backing = Path.of("/sys/block", Path.of(loopDevice).getFileName().toString(), "loop/backing_file");
        for (int i = 0; i < 500; i++) {
            try {
                if (!Files.readString(backing).contains(token)) {
                    return;
                }
            } catch (java.nio.file.NoSuchFileException detached) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(loopDevice + " still backed by " + Files.readString(backing));
    }

    /** The NPK file's bytes in a new memfd named {@code name}, sealed against every change if {@code seal}. */
    private NativeFd memfd(String name, boolean seal) throws Exception {
        NativeFd memfd = MemFd.createSealable(name);
        try (FileChannel out = FileChannel.open(Path.of(memfd.procPath()), StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(Files.readAllBytes(npkFile)));
        }
        if (seal) {
            MemFd.sealImmutable(memfd);
        }
        return memfd;
    }

    @Test
    void aSealedMemfdIsMountedWithoutACopy() throws Exception {
        String name = "northstar:test-" + ProcessHandle.current().pid();
        try (NativeFd memfd = memfd(name, true)) {
            Npk npk = Npk.read(npkFile, Optional.of(key.verifyingKey()));
            MountedImage image = mounter.mount(MountRequest.of(HELLO, new ImageSource.Descriptor(memfd), npk,
                    dir.resolve("run/hello:0.0.1")));
            try {
                String backing = Files.readString(Path.of("/sys/block",
                        Path.of(image.loopDevice()).getFileName().toString(), "loop/backing_file")).trim();
                assertTrue(backing.contains("memfd:" + name), "the repository's memfd itself: " + backing);
                assertEquals(Images.HELLO, Files.readString(image.target().resolve("hello.txt")));
            } finally {
                mounter.umount(image);
            }
        }
        assertEquals("", KernelState.leaks(dir, "memfd:" + name));
    }

    /** A mounter whose user-space checks are counted. */
    private ImageMounter counting(AtomicInteger checks) throws Exception {
        mounter.close();
        return ImageMounter.openWithoutDeviceMapper(Duration.ofSeconds(10), (image, offset, params) -> {
            checks.incrementAndGet();
            HashTreeVerifier.NPK.verify(image, offset, params);
        });
    }

    /** {@code file}'s request with the image at {@code memfd}, named as checked at install. */
    private static MountRequest checkedAtInstall(MountRequest file, Path memfd) {
        return new MountRequest(HELLO, new ImageSource.CheckedAtInstall(memfd), file.fsOffset(), file.fsSize(),
                file.verity(), file.target());
    }

    /** The install-time check of {@code file}'s image held in {@code memfd}. */
    private boolean checkAtInstall(MountRequest file, NativeFd memfd) throws Exception {
        return mounter.checkSealedAtInstall(Path.of(memfd.procPath()), file.fsOffset(), file.verity().orElseThrow());
    }

    @Test
    void aSealedImageCheckedAtInstallIsMountedWithoutASecondPass() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        mounter = counting(checks);
        MountRequest file = request();
        try (NativeFd memfd = memfd("northstar:checked", true)) {
            assertTrue(checkAtInstall(file, memfd));
            assertEquals(1, checks.get());
            MountedImage image = mounter.mount(checkedAtInstall(file, Path.of(memfd.procPath())));
            try {
                assertEquals(MountedImage.Verification.USER_SPACE_HASH_TREE_AT_INSTALL, image.verifiedBy());
                assertEquals(1, checks.get(), "no second pass at mount");
                assertEquals(Images.HELLO, Files.readString(image.target().resolve("hello.txt")));
            } finally {
                mounter.umount(image);
            }
        }
    }

    @Test
    void aTamperedImageFailsItsCheckAtInstall() throws Exception {
        MountRequest file = request();
        long offset = Images.offsetOfRandomContent(npkFile) + 5000;
        Images.corrupt(npkFile, offset);
        try (NativeFd memfd = memfd("northstar:tampered", true)) {
            VerityException e = assertThrows(VerityException.class, () -> checkAtInstall(file, memfd));
            assertTrue(e.getMessage().contains("verity: data block " + (offset - file.fsOffset()) / 4096), e.getMessage());
        }
    }

    @Test
    void unsealedBytesAreNeverTakenAsCheckedAtInstall() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        mounter = counting(checks);
        try (NativeFd memfd = memfd("northstar:unsealed", false)) {
            MountRequest named = checkedAtInstall(request(), Path.of(memfd.procPath()));
            assertFalse(checkAtInstall(named, memfd), "bytes that may still change are not checked at install");
            assertEquals(0, checks.get());
            // Named as checked, but without seals: copied and checked at mount like any file.
            MountedImage image = mounter.mount(named);
            mounter.umount(image);
            assertEquals(MountedImage.Verification.USER_SPACE_HASH_TREE, image.verifiedBy());
            assertEquals(1, checks.get());
        }
    }

    @Test
    void imagesLargerThanTheCopyLimitAreRefused() throws Exception {
        mounter.close();
        mounter = ImageMounter.openWithoutDeviceMapper(Duration.ofSeconds(10), HashTreeVerifier.NPK,
                new WithoutDeviceMapper(false, 64 * 1024));
        MountRequest request = request();
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request));
        assertTrue(e.getMessage().startsWith("mounting hello:0.0.1: image of " + request.fsSize()
                + " bytes is larger than user_space_verity_max_size (65536 bytes)"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("run/hello:0.0.1")));
    }

    @Test
    void requireDmVerityRefusesVerifiedImagesAndSaysWhy() throws Exception {
        mounter.close();
        mounter = ImageMounter.openWithoutDeviceMapper(Duration.ofSeconds(10), HashTreeVerifier.NPK,
                new WithoutDeviceMapper(true, WithoutDeviceMapper.DEFAULT_MAX_COPY_SIZE));
        MountRequest request = request();
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request));
        assertEquals("mounting hello:0.0.1: refused: require_dm_verity is set and verified images are mounted only "
                + "through kernel dm-verity, which is unavailable (device-mapper disabled)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("run/hello:0.0.1")));
        // unverified images are not affected
        MountRequest plain = new MountRequest(HELLO, request.source(), request.fsOffset(), request.fsSize(),
                Optional.empty(), request.target());
        mounter.umount(mounter.mount(plain));
    }

    @Test
    void corruptDataBlockIsNeverMounted() throws Exception {
        MountRequest request = request();
        long offset = Images.offsetOfRandomContent(npkFile) + 5000;
        Images.corrupt(npkFile, offset);
        long block = (offset - request.fsOffset()) / 4096;
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request));
        assertTrue(e.getMessage().matches("mounting hello:0\\.0\\.1: verifying the hash tree of " + java.util.regex.Pattern.quote(npkFile.toString()) + " in user "
                + "space failed: verity: data block " + block + " .*is corrupt.*"), e.getMessage());
        assertEquals(0, KernelState.mountsBelow(dir).size());
        assertFalse(Files.exists(dir.resolve("run/hello:0.0.1")));
    }

    @Test
    void corruptHashTreeIsNeverMounted() throws Exception {
        MountRequest request = request();
        // The tree starts one block after the data (the superblock sits in between).
        long treeStart = request.fsOffset() + request.verity().get().dataSize() + 4096;
        Images.corrupt(npkFile, treeStart + 10);
        MountException e = assertThrows(MountException.class, () -> mounter.mount(request));
        assertTrue(e.getMessage().contains("in user space failed: verity:"), e.getMessage());
        assertEquals(0, KernelState.mountsBelow(dir).size());
    }

    @Test
    void wrongRootHashIsNeverMounted() throws Exception {
        MountRequest bad = Images.withWrongRootHash(request());
        String other = bad.verity().get().rootHash();
        MountException e = assertThrows(MountException.class, () -> mounter.mount(bad));
        assertTrue(e.getMessage().contains("not the root hash " + other), e.getMessage());
        assertEquals(0, KernelState.mountsBelow(dir).size());
    }

    @Test
    void verityTableLineOfTheSpecExample() {
        VerityParams p = VerityParams.of("bd780675f50010ed023fd1f07e98f029a6aaf25a8f6ee33ec94b4b4e847e4b2e", 8192, 4096,
                4096, java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
        assertEquals("1 /dev/loop4 /dev/loop4 4096 4096 2 3 sha256 "
                + "bd780675f50010ed023fd1f07e98f029a6aaf25a8f6ee33ec94b4b4e847e4b2e "
                + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", p.table("/dev/loop4"));
        assertEquals(16, p.sectors());
        assertEquals(2, p.dataBlocks());
        assertEquals(3, p.hashStartBlock());
    }

    @Test
    void testVectorNpkLoadsIntoARequest() throws Exception {
        Path vector = Path.of("/work/shared/testdata/npk/hello-0.0.2.npk");
        assumeTrue(Files.exists(vector), "test vector " + vector + " not present");
        io.northstar.npk.key.VerifyingKey pub = io.northstar.npk.key.VerifyingKey.of(
                Files.readAllBytes(Path.of("/work/shared/testdata/npk/northstar.pub")));
        Npk npk = Npk.read(vector, Optional.of(pub));
        MountRequest r = MountRequest.of(Container.of("hello", "0.0.2"), new ImageSource.File(vector), npk,
                dir.resolve("run/hello:0.0.2"));
        assertEquals(4096, r.fsOffset());
        VerityParams v = r.verity().orElseThrow();
        assertEquals("1b103e1e44be873316bb27c13d991061aa8ffcd9cb719590ab834a3a9828323c", v.rootHash());
        assertEquals(4096, v.dataSize());
        assertEquals(1, v.dataBlocks());
        assertEquals(2, v.hashStartBlock());
        assertEquals(64, v.saltHex().length());
        MountedImage m = mounter.mount(r);
        try {
            assertTrue(Files.exists(m.target().resolve("hello")));
        } finally {
            mounter.umount(m);
        }
    }
}
