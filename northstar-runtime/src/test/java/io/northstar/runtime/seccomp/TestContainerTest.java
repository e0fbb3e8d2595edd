package io.northstar.runtime.seccomp;

import io.northstar.manifest.Manifest;
import io.northstar.runtime.NativeBuild;
import io.northstar.seccomp.SeccompArchitecture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The test container of examples/test-container (process-sandbox §14.5), built from source and
 * run under the seccomp filter compiled from its own manifest, as a container process would be.
 * Socket commands run chrooted into a root that holds the binary and /unix-sockets.
 */
class TestContainerTest {
    private static final Path SOURCES = Path.of("../examples/test-container");

    private static Path binary;
    private static Path filter;
    private static Path root;

    @BeforeAll
    static void build() throws Exception {
        SeccompExec.helper();
        Files.createDirectories(NativeBuild.DIRECTORY);
        NativeBuild.run("building the test container", List.of("make", "-s", "-C", SOURCES.toString(),
                "O=" + NativeBuild.DIRECTORY.toAbsolutePath(), "CC=" + NativeBuild.compiler()));
        binary = NativeBuild.DIRECTORY.resolve("test-container").toAbsolutePath();

        Manifest manifest = Manifest.parse(Files.readString(SOURCES.resolve("manifest.yaml"))).validate();
        BpfProgram program = ManifestSeccomp.filter(manifest, SeccompArchitecture.host()).orElseThrow();
        filter = Files.createTempFile("test-container", ".bpf");
        Files.write(filter, program.toSockFilter());

        // World-readable like an NPK root: the container runs as uid 1000.
        root = Files.createTempDirectory("test-container-root",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.copy(binary, root.resolve("test-container"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(SeccompExec.helper(), root.resolve("seccomp-exec"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(filter, root.resolve("filter.bpf"));
        Files.createDirectories(root.resolve("unix-sockets"));
    }

    @AfterAll
    static void clean() throws IOException {
        if (filter != null) {
            Files.deleteIfExists(filter);
        }
        if (root != null) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static SeccompExec.Running start(String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(filter.toString(), binary.toString()));
        arguments.addAll(List.of(args));
        return SeccompExec.start(List.of(), arguments);
    }

    private static SeccompExec.Outcome run(String... args) throws Exception {
        try (SeccompExec.Running running = start(args)) {
            return running.finish();
        }
    }

    @Test
    void noCommandSleeps() throws Exception {
        try (SeccompExec.Running running = start()) {
            running.awaitLine("^Executing \"Sleep\"$");
            running.awaitLine("^Sleeping\\.\\.\\.$");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 127, 128, 255})
    void exitCodes(int code) throws Exception {
        SeccompExec.Outcome outcome = run("exit", Integer.toString(code));
        outcome.assertExited(code);
        assertTrue(outcome.output().startsWith("Executing \"Exit { code: " + code + " }\"\n"), outcome.toString());
    }

    @Test
    void crashExitsWith101() throws Exception {
        SeccompExec.Outcome outcome = run("crash");
        outcome.assertExited(101);
        assertTrue(outcome.output().contains("Executing \"Crash\""), outcome.toString());
        assertTrue(outcome.output().contains("panicked at 'witness me!'"), outcome.toString());
    }

    @Test
    void printToStdoutAndStderr() throws Exception {
        try (SeccompExec.Running running = start("print", "hello stdout")) {
            running.awaitLine("^Executing \"Print \\{ message: \"hello stdout\", io: Stdout \\}\"$");
            running.awaitLine("^hello stdout$");
            running.awaitLine("^Sleeping\\.\\.\\.$");
        }
        try (SeccompExec.Running running = start("print", "--io", "stderr", "hello stderr")) {
            running.awaitLine("io: Stderr");
            running.awaitLine("^hello stderr$");
        }
    }

    @Test
    void catCopiesTheFileAndANewline() throws Exception {
        Path file = Files.createTempFile("hello", ".txt");
        try {
            Files.writeString(file, "hello from test resource");
            try (SeccompExec.Running running = start("cat", file.toString())) {
                running.awaitLine("^hello from test resource$");
                running.awaitLine("^Sleeping\\.\\.\\.$");
            }
        } finally {
            Files.delete(file);
        }
        SeccompExec.Outcome missing = run("cat", "/no/such/file");
        missing.assertExited(1);
        assertTrue(missing.output().contains("Error: failed to open /no/such/file"), missing.toString());
    }

    @Test
    void writeAndTouch() throws Exception {
        Path directory = Files.createTempDirectory("test-container-files");
        try {
            Path written = directory.resolve("written");
            try (SeccompExec.Running running = start("write", "Hello!", written.toString())) {
                running.awaitLine("^Sleeping\\.\\.\\.$");
            }
            assertEquals("Hello!", Files.readString(written));
            try (SeccompExec.Running running = start("touch", written.toString())) {
                running.awaitLine("^Sleeping\\.\\.\\.$");
            }
            assertEquals(0, Files.size(written));
        } finally {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    @Test
    void usageErrorsExitWith2() throws Exception {
        run("no-such-command").assertExited(2);
        run("exit").assertExited(2);
        run("exit", "one").assertExited(2);
        run("print", "--io", "printer", "x").assertExited(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void seccompAllowsDeleteModuleWithAllowedOrMaskedFlags(String flags) throws Exception {
        try (SeccompExec.Running running = start("call-delete-module", flags)) {
            running.awaitLine("^Executing \"CallDeleteModule \\{ flags: " + flags + " \\}\"$");
            running.awaitLine("^delete_module syscall was successful \\(-1\\)$");
            running.awaitLine("^Sleeping\\.\\.\\.$");
        }
    }

    @Test
    void seccompKillsDeleteModuleWithProhibitedFlags() throws Exception {
        SeccompExec.Outcome outcome = run("call-delete-module", "7");
        outcome.assertKilledBySigsys();
        assertTrue(outcome.output().contains("CallDeleteModule { flags: 7 }"), outcome.toString());
        assertTrue(!outcome.output().contains("successful"), outcome.toString());
    }

    @Test
    void inspectAsUnprivilegedUser() throws Exception {
        assumeTrue(isRoot(), "switching to uid 1000 needs root");
        List<String> arguments = List.of("--user", "1000:1000", filter.toString(), binary.toString(), "inspect");
        String output;
        try (SeccompExec.Running running = SeccompExec.start(List.of(), arguments)) {
            running.awaitLine("^Sleeping\\.\\.\\.$");
            output = running.output();
        }
        String[] order = {"Executing \"Inspect\"", "getpid: ", "getppid: ", "getuid: 1000", "getgid: 1000",
                "getsid: ", "getpgid: ", "getgroups: []", "pwd: ", "exe: " + binary, "sched_getscheduler: 0",
                "sched_priority: 0", "getpriority: ", "caps ambient: {}", "caps bounding: {CAP_CHOWN",
                "caps effective: {}", "caps inheritable: {}", "caps permitted: {}", "/proc/self/fd:",
                "    /proc/self/fd/0: ", "    total: ", "\"/proc/self/mounts\"", "\"/proc/self/limits\"",
                "Max processes"};
        int at = 0;
        for (String expected : order) {
            int found = output.indexOf("\n" + expected, at);
            if (found < 0 && at == 0 && output.startsWith(expected)) {
                found = 0;
            }
            assertTrue(found >= 0, "missing '" + expected + "' after offset " + at + " in:\n" + output);
            at = found + 1;
        }
        Matcher fds = Pattern.compile("(?m)^    /proc/self/fd/\\d+: ").matcher(output);
        int listed = 0;
        while (fds.find()) {
            listed++;
        }
        Matcher total = Pattern.compile("(?m)^    total: (\\d+)$").matcher(output);
        assertTrue(total.find(), output);
        assertEquals(listed, Integer.parseInt(total.group(1)), output);
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
    }

    /** chroot ROOT /seccomp-exec --socket NAME TYPE PATH MODE [--user] /filter.bpf /test-container socket NAME */
    private static SeccompExec.Running startSocketTest(String name, String type, String mode, boolean unprivileged)
            throws Exception {
        assumeTrue(isRoot(), "chroot needs root");
        String path = "/unix-sockets/test-container:0.0.1:" + name;
        Files.deleteIfExists(root.resolve(path.substring(1)));
        List<String> arguments = new ArrayList<>(List.of("--socket", name, type, path, mode));
        if (unprivileged) {
            arguments.addAll(List.of("--user", "1000:1000"));
        }
        arguments.addAll(List.of("/filter.bpf", "/test-container", "socket", name));
        return SeccompExec.start(List.of("chroot", root.toString()), "/seccomp-exec", arguments);
    }

    @Test
    void socketStreamEchoes() throws Exception {
        try (SeccompExec.Running running = startSocketTest("stream", "stream", "666", false)) {
            running.awaitLine("^Connecting to /unix-sockets/test-container:0\\.0\\.1:stream$");
            running.awaitLine("^Serving connection from \\(unnamed\\)$");
            SeccompExec.Outcome outcome = running.finish();
            outcome.assertExited(0);
            String output = running.output();
            assertEquals(10, count(output, "(?m)^Sending data 6 bytes$"), output);
            assertEquals(10, count(output, "(?m)^Receiving 6 bytes$"), output);
            assertEquals(10, count(output, "(?m)^Forwarding 6 bytes$"), output);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"datagram", "seq-packet"})
    void socketPacketsArrive(String name) throws Exception {
        String type = name.equals("seq-packet") ? "seq_packet" : "datagram";
        try (SeccompExec.Running running = startSocketTest(name, type, "666", false)) {
            SeccompExec.Outcome outcome = running.finish();
            outcome.assertExited(0);
            assertEquals(10, count(running.output(), "(?m)^Received 6 bytes from \\(unnamed\\)$"), running.output());
        }
    }

    @Test
    void socketWithoutPermissionCannotBeConnected() throws Exception {
        try (SeccompExec.Running running = startSocketTest("no_permission", "datagram", "0", true)) {
            SeccompExec.Outcome outcome = running.finish();
            outcome.assertExited(0);
            assertTrue(running.output().contains("failed: Permission denied"), running.output());
        }
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
