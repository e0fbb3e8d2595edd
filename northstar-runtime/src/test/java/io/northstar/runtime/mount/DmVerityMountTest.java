package io.northstar.runtime.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.runtime.sys.DeviceMapper;
import io.northstar.runtime.sys.DeviceMapperRequired;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Verified images through kernel dm-verity: only where the kernel has device-mapper (the VM). */
@Tag("vm")
@ExtendWith(DeviceMapperRequired.class)
class DmVerityMountTest {
    static final Container HELLO = SignedHello.CONTAINER;

    @TempDir
    Path dir;
    SignedHello hello;
    ImageMounter mounter;

    @BeforeEach
    void setUp() throws Exception {
        ImageMounterTest.requireKernel();
        hello = SignedHello.in(dir);
        mounter = ImageMounter.open(Duration.ofSeconds(10), (image, offset, params) -> {
            throw new AssertionError("the user-space verifier must not run where the kernel has dm-verity");
        });
    }

    @AfterEach
    void noLeaks() throws Exception {
        if (mounter == null) {
            return;
        }
        mounter.close();
        assertEquals("", KernelState.leaks(dir, dir.toString()));
    }

    @Test
    void mountsThroughDmVerity() throws Exception {
        assertTrue(mounter.hasDeviceMapper());
        MountRequest request = hello.request();
        MountedImage m = mounter.mount(request);
        try {
            assertEquals(MountedImage.Verification.KERNEL_DM_VERITY, m.verifiedBy());
            assertTrue(m.device().matches("/dev/dm-\\d+"), m.device());
            assertTrue(m.verityName().orElseThrow().matches("northstar-[A-Za-z0-9_-]{21}"), m.verityName().get());
            assertEquals(Images.HELLO, Files.readString(m.target().resolve("hello.txt")));
            assertArrayEquals(Images.randomContent(), Files.readAllBytes(m.target().resolve("random.bin")));
            String line = KernelState.mountsBelow(dir).get(0);
            assertTrue(line.contains(" - squashfs "), line);
            assertTrue(line.split(" ")[5].startsWith("ro,nosuid"), line);
            try (DeviceMapper dm = DeviceMapper.open()) {
                String table = dm.table(m.verityName().get()).get(0);
                VerityParams v = request.verity().get();
                // The kernel prints devices as major:minor; the rest is our table line.
                assertTrue(table.startsWith("verity 1 "), table);
                assertTrue(table.contains(" 4096 4096 " + v.dataBlocks() + " " + v.hashStartBlock() + " sha256 "
                        + v.rootHash() + " " + v.saltHex()), table);
                assertEquals(List.of("verity V"), dm.targetStatus(m.verityName().get()));
                assertTrue(dm.status(m.verityName().get()).readOnly());
            }
        } finally {
            mounter.umount(m);
        }
        assertFalse(Files.exists(m.target()));
        assertEquals(List.of(), KernelState.northstarDmDevices());
    }

    @Test
    void corruptDataBlockFailsToReadWithEio() throws Exception {
        MountRequest request = hello.request();
        Images.corrupt(hello.file(), Images.offsetOfRandomContent(hello.file()) + 5000);
        // dm-verity checks blocks when they are read: the mount works, the corrupt file does not read.
        MountedImage m = mounter.mount(request);
        try {
            assertEquals(Images.HELLO, Files.readString(m.target().resolve("hello.txt")));
            IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(m.target().resolve("random.bin")));
            assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), String.valueOf(e));
            try (DeviceMapper dm = DeviceMapper.open()) {
                assertEquals(List.of("verity C"), dm.targetStatus(m.verityName().get()));
            }
        } finally {
            mounter.umount(m);
        }
        assertEquals(List.of(), KernelState.northstarDmDevices());
    }

    @Test
    void wrongRootHashFailsTheMountAndReleasesEverything() throws Exception {
        MountRequest good = hello.request();
        MountRequest bad = Images.withWrongRootHash(good);
        MountException e = assertThrows(MountException.class, () -> mounter.mount(bad));
        assertTrue(e.getMessage().matches("mounting hello:0\\.0\\.1: mount /dev/dm-\\d+ on .* \\(squashfs\\) failed: E[A-Z]+"),
                e.getMessage());
        assertFalse(Files.exists(good.target()));
        assertEquals(List.of(), KernelState.northstarDmDevices());
    }

    @Test
    void rejectedTableReleasesEverything() throws Exception {
        MountRequest good = hello.request();
        VerityParams v = good.verity().get();
        // More data blocks than the loop device holds: the kernel refuses the table (6.1 says E2BIG).
        MountRequest bad = new MountRequest(HELLO, good.source(), good.fsOffset(), good.fsSize(),
                Optional.of(new VerityParams(v.rootHash(), 1024L * 1024 * 1024, 4096, 4096, v.saltHex())), good.target());
        MountException e = assertThrows(MountException.class, () -> mounter.mount(bad));
        assertTrue(e.getMessage().matches("mounting hello:0\\.0\\.1: DM_TABLE_LOAD northstar-\\S+ on /dev/mapper/control "
                + "failed: E[A-Z0-9]+"), e.getMessage());
        assertFalse(Files.exists(good.target()));
        assertEquals(List.of(), KernelState.northstarDmDevices());
    }

    @Test
    void unverifiedImagesDoNotUseDeviceMapper() throws Exception {
        MountRequest r = hello.request();
        MountedImage m = mounter.mount(new MountRequest(HELLO, r.source(), r.fsOffset(), r.fsSize(), Optional.empty(),
                r.target()));
        try {
            assertEquals(MountedImage.Verification.NONE, m.verifiedBy());
            assertEquals(m.loopDevice(), m.device());
            assertEquals(List.of(), KernelState.northstarDmDevices());
        } finally {
            mounter.umount(m);
        }
    }
}
