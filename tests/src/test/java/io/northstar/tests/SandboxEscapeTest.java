package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.client.RequestFailedException;
import io.northstar.common.Container;
import io.northstar.console.ConsoleError;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import io.northstar.npk.NpkMeta;
import io.northstar.npk.NpkWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malicious images and manifests against the real daemon (issue 11): symlinks in an image or a
 * persist directory that would move a mount out of the container root (CVE-2021-30465 class),
 * {@code ..} in manifest paths, device nodes shipped in an image, runc's masked /proc and /sys
 * paths, and pid 1 of the container as a ptrace target. The images are packed here with
 * mksquashfs and written with NpkWriter directly, so nothing on the packing side (sextant's
 * validation) stands between the hostile manifest and the runtime.
 */
class SandboxEscapeTest extends SharedContainerFixture {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path binary;
    private Path victim;

    SandboxEscapeTest() {
        super("sandbox-escape");
    }

    @BeforeAll
    void prepareVictim() throws Exception {
        binary = TestContainers.binary(fixture.work);
        victim = Files.createDirectories(fixture.root.resolve("victim"));
        Files.writeString(victim.resolve("secret"), "host file\n");
    }

    private interface RootBuilder {
        void build(Path root) throws Exception;
    }

    /** name:0.0.1 with the test container binary as init, {@code extra} appended to the manifest. */
    private Container install(String name, String extra, RootBuilder builder) throws Exception {
        String manifest = "name: " + name + "\nversion: 0.0.1\ninit: /test-container\nuid: 1000\ngid: 1000\n"
                + "io:\n  stdout: pipe\n  stderr: pipe\n" + extra;
        return install(name, manifest, true, builder);
    }

    private Container install(String name, String manifest, boolean withBinary, RootBuilder builder)
            throws Exception {
        Path root = Files.createDirectories(fixture.work.resolve(name + "-root"));
        if (withBinary) {
            Files.copy(binary, root.resolve("test-container"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        for (String dir : List.of("proc", "dev", "sys", "data", "resource", "tmp")) {
            Files.createDirectories(root.resolve(dir));
        }
        builder.build(root);
        Path image = fixture.work.resolve(name + ".squashfs");
        Files.deleteIfExists(image);
        run("mksquashfs", root.toString(), image.toString(), "-noappend", "-quiet", "-all-root");
        Path npk = fixture.work.resolve(name + ".npk");
        Files.deleteIfExists(npk);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.write(npk, NpkMeta.current(), manifest.getBytes(StandardCharsets.UTF_8), channel,
                    channel.size(), Optional.empty());
        }
        Container container = fixture.client.install(ContainerFixture.REPOSITORY, npk);
        fixture.awaitNotification(new Notification.Install(container));
        return container;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    /** The start must fail in the forker; returns the runtime's error text. */
    private String startFails(Container container) {
        RequestFailedException e = assertThrows(RequestFailedException.class, () -> fixture.client.start(container));
        return assertInstanceOf(ConsoleError.StartContainerFailed.class, e.error()).error();
    }

    /** Runs one probe of the test container; it exits 0 when it stayed inside. Returns the log lines. */
    private List<String> probe(Container container, String... args) throws Exception {
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(container, args);
        ExitStatus status = fixture.awaitExit(container);
        // the verdict is the probe's last line: every line before it is logged by then
        String verdict = fixture.runtime.awaitLog(mark, "escape " + args[1] + ": (contained|blocked|ESCAPED)", TIMEOUT);
        assertEquals(new ExitStatus.Exit(0), status, "the probe got out: " + verdict + "\n"
                + String.join("\n", fixture.output(mark, container)));
        return fixture.output(mark, container);
    }

    @Test
    void aResourceDirectoryThatIsASymlinkToTheHostRootIsNotMounted() throws Exception {
        install("evil-resource", "name: evil-resource\nversion: 0.0.1\nuid: 1000\ngid: 1000\n", false,
                root -> Files.createSymbolicLink(root.resolve("escape"), Path.of("/")));
        Container user = install("evil-resource-user", "mounts:\n  /proc: {type: proc}\n  /resource:\n"
                + "    type: resource\n    name: evil-resource\n    version: '*'\n    dir: /escape\n", root -> { });
        String error = startFails(user);
        assertTrue(error.contains("open mount source") && error.contains("ELOOP"), error);
        assertFalse(fixture.client.inspect(user).process().isPresent(), "nothing runs");
    }

    @Test
    void aMountPointBehindASymlinkInTheImageIsNotFollowed() throws Exception {
        Container c = install("evil-target", "mounts:\n  /escape/sub: {type: tmpfs, size: 4096}\n",
                root -> Files.createSymbolicLink(root.resolve("escape"), victim));
        String error = startFails(c);
        assertTrue(error.contains("open mount target") && error.contains("ELOOP"), error);
        assertFalse(Files.exists(victim.resolve("sub")), "a mount point was created on the host");
        assertEquals(List.of(victim.resolve("secret")), Files.list(victim).toList());
    }

    @Test
    void aSymlinkLeftInThePersistDirectoryDoesNotRedirectALaterMount() throws Exception {
        // what a previous run of the container could have left in its own /data
        Path persist = Files.createDirectories(fixture.config.dataDir().resolve("evil-persist"));
        Files.createSymbolicLink(persist.resolve("x"), victim);
        Container c = install("evil-persist", "mounts:\n  /data: {type: persist}\n"
                + "  /data/x: {type: tmpfs, size: 4096}\n", root -> { });
        String error = startFails(c);
        assertTrue(error.contains("open mount target") && error.contains("ELOOP"), error);
        assertEquals(List.of(victim.resolve("secret")), Files.list(victim).toList());
    }

    @Test
    void dotDotInAManifestPathIsRefusedAtInstall() throws Exception {
        for (String mount : List.of("  /resource: {type: resource, name: test-resource, version: '*', dir: /../../../..}\n",
                "  /a/../../../etc: {type: tmpfs, size: 4096}\n")) {
            RequestFailedException e = assertThrows(RequestFailedException.class,
                    () -> install("evil-dots", "mounts:\n" + mount, root -> { }));
            assertTrue(e.getMessage().contains("is not normalized"), e.getMessage());
        }
    }

    @Test
    void deviceNodesOfTheImageCannotBeOpened() throws Exception {
        Container c = install("evil-node", "mounts:\n  /proc: {type: proc}\n  /dev: {type: dev}\n",
                root -> run("mknod", "-m", "666", root.resolve("node").toString(), "c", "1", "5"));
        List<String> out = probe(c, "escape", "node", "/node");
        assertTrue(out.stream().anyMatch(l -> l.contains("escape node: blocked: /node: Permission denied")),
                out.toString());
        // the dev mount still provides working devices (the host's, verified to be 1:3)
        List<String> dev = probe(c, "escape", "masked", "/dev/null");
        assertTrue(dev.stream().anyMatch(l -> l.contains("/dev/null: read 0 bytes")), dev.toString());
    }

    @Test
    void procAndSysPathsAreMasked() throws Exception {
        Container c = install("masked", "mounts:\n  /proc: {type: proc}\n  /sys: {type: sysfs}\n"
                + "  /dev: {type: dev}\n", root -> { });
        List<String> out = probe(c, "escape", "masked", "/proc/kcore", "/proc/keys", "/proc/timer_list",
                "/proc/sched_debug", "/proc/acpi", "/proc/scsi", "/proc/asound", "/sys/firmware");
        assertTrue(out.stream().anyMatch(l -> l.contains("escape masked: contained")), out.toString());
        // present on this host and masked in there
        assertTrue(out.stream().anyMatch(l -> l.contains("/proc/keys: read 0 bytes")), out.toString());
        assertTrue(out.stream().anyMatch(l -> l.contains("/sys/firmware: directory with 0 entries")), out.toString());
    }

    @Test
    void initHoldsNothingForAProcessThatPtracesIt() throws Exception {
        Container c = install("ptracer", "capabilities: [CAP_SYS_PTRACE]\nmounts:\n  /proc: {type: proc}\n"
                + "  /dev: {type: dev}\n", root -> { });
        List<String> out = probe(c, "escape", "init");
        assertTrue(out.contains("escape init: ptrace attach to pid 1: attached"), "the attack itself works: " + out);
        for (String expected : List.of("Uid: 1000 1000 1000 1000", "Gid: 1000 1000 1000 1000",
                "CapPrm: 0000000000000000", "CapEff: 0000000000000000", "CapBnd: 0000000000000000",
                "CapInh: 0000000000000000", "CapAmb: 0000000000000000", "NoNewPrivs: 1", "Seccomp: 2")) {
            assertTrue(out.contains("escape init: pid 1 " + expected), expected + " in " + out);
        }
        assertTrue(out.stream().anyMatch(l -> l.startsWith("escape init: contained")), out.toString());
    }

    @Test
    void aContainerThatStopsItsInitStillStartsAndCanBeKilled() throws Exception {
        Container c = install("init-stopper", "capabilities: [CAP_SYS_PTRACE]\nmounts:\n  /proc: {type: proc}\n"
                + "  /dev: {type: dev}\n", root -> { });
        int mark = fixture.runtime.mark();
        // the start is confirmed by the exec status the forker reads, not by the (stopped) init
        fixture.startWithArgs(c, "escape", "stop-init");
        fixture.runtime.awaitLog(mark, "escape stop-init: contained", TIMEOUT);
        fixture.client.kill(c, 9);
        assertEquals(new ExitStatus.Signalled(9), fixture.awaitExit(c));
    }
}
