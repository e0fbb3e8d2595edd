package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ContainerResult;
import io.northstar.console.InstallResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.runtime.sys.DeviceMapper;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Verified fs repositories on a kernel without device-mapper (docs/security.md, "Verified mounts
 * without device-mapper"), against the real daemon: the bytes the daemon checked are the bytes
 * the container sees, whatever happens to the NPK file later; and {@code require_dm_verity}
 * refuses such mounts with a reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserSpaceVerityTest {

    private static final int PAYLOAD = 512 * 1024;
    private static final String MANIFEST = "name: %s\nversion: 1.0.0\ninit: /payload.bin\nuid: 1000\ngid: 1000\n";

    private Path root;
    private Path pub;

    @BeforeAll
    void requireNoDeviceMapper() throws Exception {
        Host.assumeRuntimeCanRun();
        Host.assumeMksquashfs();
        String reason = DeviceMapper.unavailableReason();
        assumeTrue(reason != null, "this kernel has device-mapper: verified images go through dm-verity "
                + "(DmVerityMountTest and the VM tests cover that path)");
        root = Files.createTempDirectory("northstar-userspace-verity-");
        pub = TestNpks.resource("northstar.pub", Files.createDirectories(root.resolve("keys")));
    }

    /** Incompressible, so mksquashfs stores it verbatim and it can be found in the NPK file. */
    private static byte[] payload() {
        byte[] b = new byte[PAYLOAD];
        new Random(7).nextBytes(b);
        return b;
    }

    private byte[] npk(String name) throws Exception {
        Path work = Files.createDirectories(root.resolve("work-" + name));
        Path tree = Files.createDirectories(work.resolve("tree"));
        Files.write(tree.resolve("payload.bin"), payload());
        return Files.readAllBytes(TestNpks.packTree(work, name, MANIFEST.formatted(name), tree, true));
    }

    private static void flushBuffers(String device) throws Exception {
        Process p = new ProcessBuilder("blockdev", "--flushbufs", device).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "blockdev --flushbufs " + device + ": " + out);
    }

    /** The device mounted at {@code target} in the daemon's mount namespace. */
    private static String device(RuntimeProcess runtime, String target) throws Exception {
        String line = runtime.mountInfo().stream().filter(l -> l.split(" ")[4].equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("not mounted at " + target));
        return line.substring(line.indexOf(" - squashfs ") + 12).split(" ")[0];
    }

    private static String backingFile(String loopDevice) throws Exception {
        return Files.readString(Path.of("/sys/block", Path.of(loopDevice).getFileName().toString(),
                "loop/backing_file")).trim();
    }

    /** Zeroes the payload's bytes in a stored NPK file, as somebody with write access to the repository could. */
    private static void overwritePayload(Path stored) throws Exception {
        long offset = TestNpks.offsetOf(Files.readAllBytes(stored), java.util.Arrays.copyOf(payload(), 64));
        try (FileChannel ch = FileChannel.open(stored, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(PAYLOAD), offset);
            ch.force(true);
        }
    }

    private static void assertRefusedAtMount(ConsoleSession console, Container app) throws Exception {
        ContainerResult result = ((Response.Mount) console.request(new Request.Mount(List.of(app)))).results().get(0);
        assertTrue(result instanceof ContainerResult.Err e && e.error() instanceof ConsoleError.Unexpected u
                && u.error().contains("in user space failed: verity: data block"), result.toString());
    }

    /** A runtime in {@code root/<base>} with one verified fs repository "signed" in {@code root/<dir>}. */
    private record Signed(Path dir, Path base, TestConfig config) {
    }

    private Signed signed(String dir, String base) throws Exception {
        Path signedDir = Files.createDirectories(root.resolve(dir));
        Path baseDir = Files.createDirectories(root.resolve(base));
        return new Signed(signedDir, baseDir,
                new TestConfig(baseDir).repository(TestConfig.Repo.fs("signed", signedDir).key(pub)));
    }

    @Test
    void changingTheNpkFileAfterTheVerifiedMountChangesNothingInside() throws Exception {
        Signed signed = signed("signed", "copying");
        Path signedDir = signed.dir();
        Path base = signed.base();
        TestConfig config = signed.config();
        Container app = Container.parse("checked:1.0.0");
        byte[] npk = npk("checked");
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), base.resolve("runtime.log"));
             ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            assertEquals(new Response.Install(new InstallResult.Ok(app)), console.install("signed", npk));
            assertEquals(new Response.Mount(List.of(new ContainerResult.Ok(app))),
                    console.request(new Request.Mount(List.of(app))));
            String target = config.runDir().resolve(app.toString()).toString();
            String device = device(runtime, target);
            String backing = backingFile(device);
            assertTrue(backing.contains("memfd:northstar:verified"), "mounted from the sealed copy: " + backing);

            // Somebody with write access to the repository directory overwrites the image's data.
            overwritePayload(signedDir.resolve("checked:1.0.0.npk"));
            flushBuffers(device);
            Path inside = Path.of("/proc", Long.toString(runtime.pid()), "root", target, "payload.bin");
            assertArrayEquals(payload(), Files.readAllBytes(inside), "the container sees the verified bytes");

            // Mounted again, the changed file fails the check: it is never mounted unverified.
            assertEquals(new Response.Umount(List.of(new ContainerResult.Ok(app))),
                    console.request(new Request.Umount(List.of(app))));
            assertRefusedAtMount(console, app);
            assertEquals(new Response.Uninstall(new ContainerResult.Ok(app)),
                    console.request(new Request.Uninstall(app, false)));
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void requireDmVerityRefusesVerifiedMountsAndSaysWhy() throws Exception {
        Path signedDir = Files.createDirectories(root.resolve("required"));
        Path base = Files.createDirectories(root.resolve("requiring"));
        TestConfig config = new TestConfig(base)
                .topLevel("require_dm_verity = true")
                .repository(TestConfig.Repo.fs("signed", signedDir).key(pub))
                .repository(TestConfig.Repo.mem("plain"));
        Container verified = Container.parse("strict:1.0.0");
        Container plain = Container.parse("loose:1.0.0");
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), base.resolve("runtime.log"));
             ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            runtime.awaitLog("require_dm_verity is set and there is no device-mapper .*: images of verified "
                    + "repositories will not be mounted", Duration.ofSeconds(5));
            assertEquals(new Response.Install(new InstallResult.Ok(verified)), console.install("signed", npk("strict")));
            ContainerResult refused = ((Response.Mount) console.request(new Request.Mount(List.of(verified))))
                    .results().get(0);
            assertTrue(refused instanceof ContainerResult.Err e && e.error() instanceof ConsoleError.Unexpected u
                    && u.error().startsWith("mounting strict:1.0.0: refused: require_dm_verity is set and verified "
                    + "images are mounted only through kernel dm-verity, which is unavailable (no device-mapper"),
                    refused.toString());
            String runDir = config.runDir().toString();
            assertTrue(runtime.mountInfo().stream().noneMatch(l -> l.split(" ")[4].startsWith(runDir)),
                    "nothing mounted");
            // unverified repositories are not affected
            assertEquals(new Response.Install(new InstallResult.Ok(plain)), console.install("plain", npk("loose")));
            assertEquals(new Response.Mount(List.of(new ContainerResult.Ok(plain))),
                    console.request(new Request.Mount(List.of(plain))));
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void anFsImageChangedBetweenInstallAndMountIsRefused() throws Exception {
        Signed signed = signed("changed", "changing");
        TestConfig config = signed.config();
        Container app = Container.parse("changed:1.0.0");
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), signed.base().resolve("runtime.log"));
             ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            assertEquals(new Response.Install(new InstallResult.Ok(app)), console.install("signed", npk("changed")));
            // The file stays writable on disk: whatever the install saw, the mount checks again.
            overwritePayload(signed.dir().resolve("changed:1.0.0.npk"));
            assertRefusedAtMount(console, app);
            String runDir = config.runDir().toString();
            assertTrue(runtime.mountInfo().stream().noneMatch(l -> l.split(" ")[4].startsWith(runDir)),
                    "nothing mounted");
            assertEquals(0, runtime.terminate());
        }
    }

    @Test
    void aMemImageIsCheckedOnceAtInstallAndATamperedOneIsRefusedThere() throws Exception {
        Path base = Files.createDirectories(root.resolve("memory"));
        TestConfig config = new TestConfig(base).repository(TestConfig.Repo.mem("memory").key(pub));
        Container app = Container.parse("once:1.0.0");
        byte[] good = npk("once");
        byte[] bad = good.clone();
        int payload = TestNpks.offsetOf(good, java.util.Arrays.copyOf(payload(), 64));
        bad[payload + 100] ^= 1;
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), base.resolve("runtime.log"));
             ConsoleSession console = ConsoleSession.connect(config.console(), false)) {
            Response refused = console.install("memory", bad);
            assertTrue(refused instanceof Response.Install i && i.result() instanceof InstallResult.Err e
                    && e.error() instanceof ConsoleError.Unexpected u
                    && u.error().startsWith("the image of once:1.0.0 does not match its signature: verity: data block"),
                    refused.toString());
            assertEquals(new Response.List(List.of()), console.request(new Request.List()));

            assertEquals(new Response.Install(new InstallResult.Ok(app)), console.install("memory", good));
            assertEquals(new Response.Mount(List.of(new ContainerResult.Ok(app))),
                    console.request(new Request.Mount(List.of(app))));
            String target = config.runDir().resolve(app.toString()).toString();
            String backing = backingFile(device(runtime, target));
            assertTrue(backing.contains("memfd:northstar:memory"), "the repository's memfd, no copy: " + backing);
            Path inside = Path.of("/proc", Long.toString(runtime.pid()), "root", target, "payload.bin");
            assertArrayEquals(payload(), Files.readAllBytes(inside));
            assertEquals(0, runtime.terminate());
        }
    }
}
