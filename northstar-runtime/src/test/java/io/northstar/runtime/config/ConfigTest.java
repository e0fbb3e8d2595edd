package io.northstar.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.manifest.ConsolePermission;
import io.northstar.runtime.seccomp.DefaultSeccomp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    private static final String MINIMAL = """
            run_dir = "run"
            data_dir = "data"
            socket_dir = "sockets"
            cgroup = "northstar"
            """;

    static String error(String toml) {
        return assertThrows(ConfigException.class, () -> Config.parse(toml)).getMessage();
    }

    /** {@code toml} is refused with a message that starts with {@code prefix}. */
    static void assertErrorStartsWith(String prefix, String toml) {
        String message = error(toml);
        assertTrue(message.startsWith(prefix), message);
    }

    @Test
    void repositoryExample() throws Exception {
        Config c = Config.parse("""
                run_dir = "target/northstar/run"
                data_dir = "target/northstar/data"
                socket_dir = "target/northstar/sockets"
                cgroup = "northstar"
                event_buffer_size = 256
                notification_buffer_size = 64          # default 128
                loop_device_timeout = "5s"             # default 10s

                [console.options]                      # container consoles only
                token_validity = "1m"
                max_requests_per_sec = 10              # default 1000
                max_request_size = "1M"                # = 1 000 000 bytes; default 1 048 576
                max_npk_install_size = "100MB"         # default 268 435 456
                npk_stream_timeout = "5s"              # default 10s

                [console.global]
                bind = "tcp://localhost:4200"
                permissions = "full"

                [debug]
                commands = []

                [repositories.memory]
                type = "mem"
                key = "examples/northstar.pub"
                capacity_num = 10
                capacity_size = "100MB"

                [repositories.default]
                type = { fs = { dir = "target/northstar/repository" }}
                key = "examples/northstar.pub"
                mount_on_start = true
                """);
        assertEquals(Path.of("target/northstar/run"), c.runDir());
        assertEquals(Path.of("target/northstar/data"), c.dataDir());
        assertEquals(Path.of("target/northstar/sockets"), c.socketDir());
        assertEquals("northstar", c.cgroup().value());
        assertEquals(256, c.eventBufferSize());
        assertEquals(64, c.notificationBufferSize());
        assertEquals(Duration.ofSeconds(5), c.loopDeviceTimeout());
        assertEquals(new ConsoleOptions(Duration.ofMinutes(1), 10, 1_000_000, 100_000_000, Duration.ofSeconds(5),
                ConsoleOptions.DEFAULT_CONNECT_TIMEOUT, ConsoleOptions.DEFAULT_IDLE_TIMEOUT,
                ConsoleOptions.DEFAULT_MAX_OUTBOX_SIZE),
                c.console().options());
        GlobalConsole global = c.console().global().orElseThrow();
        assertEquals(new ConsoleUrl.Tcp("tcp://localhost:4200", "localhost", 4200), global.bind());
        assertEquals(EnumSet.allOf(ConsolePermission.class), global.permissions());
        // Northstar's 15 and the logs extension: "full" grants logs too.
        assertEquals(17, global.permissions().size());
        // The trap of this file: [console.options] is for container consoles; the TCP console has defaults.
        assertEquals(ConsoleOptions.defaults(), global.options());
        assertEquals(Optional.of(new DebugConfig(List.of())), c.debug());
        assertEquals(List.of("memory", "default"), List.copyOf(c.repositories().keySet()));
        assertEquals(new RepositoryConfig(new RepositoryType.Mem(), Optional.of(Path.of("examples/northstar.pub")), false,
                OptionalLong.of(10), OptionalLong.of(100_000_000)), c.repositories().get("memory"));
        RepositoryConfig def = c.repositories().get("default");
        assertEquals(new RepositoryType.Fs(Path.of("target/northstar/repository")), def.type());
        assertTrue(def.mountOnStart());
        assertTrue(def.verified());
        assertEquals(OptionalLong.empty(), def.capacityNum());
        assertEquals(OptionalLong.empty(), def.capacitySize());
    }

    @Test
    void androidExample() throws Exception {
        Config c = Config.parse("""
                run_dir = "/data/northstar/run"
                data_dir = "/data/northstar/data"
                socket_dir = "/dev/socket/northstar"
                cgroup = "northstar"

                [console.global]
                bind = "tcp://localhost:4200"
                permissions = "full"

                [repositories.system]
                key = "/system/etc/northstar/system.pub"
                type = { fs = { dir = "/system/northstar/system" }}
                """);
        assertEquals(Path.of("/dev/socket/northstar"), c.socketDir());
        assertEquals(Config.DEFAULT_EVENT_BUFFER_SIZE, c.eventBufferSize());
        assertEquals(Config.DEFAULT_LOOP_DEVICE_TIMEOUT, c.loopDeviceTimeout());
        assertEquals(Optional.empty(), c.debug());
        RepositoryConfig system = c.repositories().get("system");
        assertEquals(new RepositoryType.Fs(Path.of("/system/northstar/system")), system.type());
        assertEquals(Optional.of(Path.of("/system/etc/northstar/system.pub")), system.key());
        assertFalse(system.mountOnStart());
    }

    @Test
    void minimalExampleTakesAllDefaults() throws Exception {
        Config c = Config.parse(MINIMAL);
        assertEquals(Path.of("run"), c.runDir());
        assertEquals(Path.of("data"), c.dataDir());
        assertEquals(Path.of("sockets"), c.socketDir());
        assertEquals(256, c.eventBufferSize());
        assertEquals(128, c.notificationBufferSize());
        assertEquals(Duration.ofSeconds(10), c.loopDeviceTimeout());
        assertEquals(ConsoleConfig.defaults(), c.console());
        assertEquals(Optional.empty(), c.console().global());
        assertEquals(new ConsoleOptions(Duration.ofSeconds(60), 1000, 1_048_576, 268_435_456, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofMinutes(10), 262_144),
                c.console().options());
        assertTrue(c.repositories().isEmpty());
        assertEquals(Optional.empty(), c.debug());
    }

    @Test
    void unixConsoleExample() throws Exception {
        Config c = Config.parse(MINIMAL + """

                [console.global]
                bind = "unix:///run/northstar/console"
                permissions = ["ident", "list", "inspect", "notifications"]

                [console.global.options]
                max_request_size = "64KiB"
                max_requests_per_sec = 100
                """);
        GlobalConsole g = c.console().global().orElseThrow();
        assertEquals(new ConsoleUrl.Unix("unix:///run/northstar/console", Path.of("/run/northstar/console")), g.bind());
        assertEquals(EnumSet.of(ConsolePermission.IDENT, ConsolePermission.LIST, ConsolePermission.INSPECT,
                ConsolePermission.NOTIFICATIONS), g.permissions());
        assertEquals(65536, g.options().maxRequestSize());
        assertEquals(100, g.options().maxRequestsPerSec());
        // every missing key takes its own default
        assertEquals(Duration.ofSeconds(60), g.options().tokenValidity());
        assertEquals(268_435_456, g.options().maxNpkInstallSize());
        assertEquals(Duration.ofSeconds(10), g.options().npkStreamTimeout());
        assertEquals(ConsoleOptions.defaults(), c.console().options());
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("northstar.toml");
        Files.writeString(file, MINIMAL);
        assertEquals(Config.parse(MINIMAL), Config.load(file));
        String missing = assertThrows(ConfigException.class, () -> Config.load(dir.resolve("nope.toml"))).getMessage();
        assertTrue(missing.startsWith("config: failed to read configuration file " + dir.resolve("nope.toml")), missing);
        Path broken = dir.resolve("broken.toml");
        Files.writeString(broken, MINIMAL + "run_dir = \"/again\"\n");
        assertEquals("config: " + broken + ": TOML syntax error at line 5, column 1: duplicate key run_dir",
                assertThrows(ConfigException.class, () -> Config.load(broken)).getMessage());
    }

    @ParameterizedTest(name = "missing {0}")
    @CsvSource({"run_dir", "data_dir", "socket_dir", "cgroup"})
    void requiredTopLevelKeys(String key) {
        String toml = MINIMAL.lines().filter(l -> !l.startsWith(key + " ")).reduce("", (a, b) -> a + b + "\n");
        assertEquals("config: " + key + ": missing required key", error(toml));
    }

    @Test
    void defaultSeccompIsNoneUnlessConfigured() throws Exception {
        assertEquals(DefaultSeccomp.NONE, Config.parse(MINIMAL).defaultSeccomp());
        assertEquals(DefaultSeccomp.NONE, Config.parse(MINIMAL + "default_seccomp = \"none\"\n").defaultSeccomp());
        assertEquals(DefaultSeccomp.DEFAULT,
                Config.parse(MINIMAL + "default_seccomp = \"default\"\n").defaultSeccomp());
        assertEquals("config: default_seccomp: unknown value \"Default\", expected \"none\" or \"default\"",
                error(MINIMAL + "default_seccomp = \"Default\"\n"));
        assertEquals("config: default_seccomp: invalid type: boolean, expected \"none\" or \"default\"",
                error(MINIMAL + "default_seccomp = true\n"));
    }

    @Test
    void updateHealthWindowDefaultsToTenSeconds() throws Exception {
        assertEquals(Duration.ofSeconds(10), Config.parse(MINIMAL).updateHealthWindow());
        assertEquals(Duration.ofMillis(2500),
                Config.parse(MINIMAL + "update_health_window = \"2500ms\"\n").updateHealthWindow());
        assertErrorStartsWith("config: update_health_window: ", MINIMAL + "update_health_window = \"soon\"\n");
    }

    @Test
    void unknownKeysAreRejectedInStrictTables() {
        assertEquals("config: runn_dir: unknown key, expected one of run_dir, data_dir, socket_dir, cgroup, "
                + "event_buffer_size, notification_buffer_size, console, loop_device_timeout, repositories, debug, "
                + "require_dm_verity, user_space_verity_max_size, max_output_line_size, default_seccomp, logs, "
                + "update_health_window",
                error(MINIMAL + "runn_dir = \"x\"\n"));
        assertErrorStartsWith("config: console.foo: unknown key", MINIMAL + "[console]\nfoo = 1\n");
        assertErrorStartsWith("config: console.options.max_request: unknown key",
                MINIMAL + "[console.options]\nmax_request = \"1\"\n");
        assertErrorStartsWith("config: console.global.options.foo: unknown key",
                MINIMAL + "[console.global]\nbind = \"tcp://localhost\"\npermissions = \"full\"\n"
                        + "[console.global.options]\nfoo = 1\n");
        assertErrorStartsWith("config: repositories.a.keyy: unknown key",
                MINIMAL + "[repositories.a]\ntype = \"mem\"\nkeyy = \"x\"\n");
        assertErrorStartsWith("config: debug.console: unknown key", MINIMAL + "[debug]\nconsole = \"x\"\n");
    }

    @Test
    void debugConsoleOfOlderDocsIsRejected() {
        assertErrorStartsWith("config: debug.console: unknown key",
                MINIMAL + "[debug.console]\nbind = \"tcp://localhost:4201\"\n");
    }

    @Test
    void globalConsoleIgnoresUnknownKeys() throws Exception {
        Config c = Config.parse(MINIMAL + """
                [console.global]
                bind = "tcp://127.0.0.1:4201"
                permissions = "full"
                whatever = 12
                [console.global.nested]
                x = 1
                """);
        assertEquals(new ConsoleUrl.Tcp("tcp://127.0.0.1:4201", "127.0.0.1", 4201), c.console().global().get().bind());
    }

    @Test
    void fsTypeIgnoresUnknownKeys() throws Exception {
        Config c = Config.parse(MINIMAL + """
                [repositories.default.type.fs]
                dir = "target/northstar/repository"
                colour = "blue"
                """);
        assertEquals(new RepositoryType.Fs(Path.of("target/northstar/repository")),
                c.repositories().get("default").type());
    }

    @Test
    void repositoryTypeForms() throws Exception {
        assertEquals(new RepositoryType.Mem(),
                Config.parse(MINIMAL + "[repositories.m]\ntype = \"mem\"\n").repositories().get("m").type());
        assertEquals(new RepositoryType.Fs(Path.of("/r")),
                Config.parse(MINIMAL + "[repositories.f]\ntype = { fs = { dir = \"/r\" } }\n").repositories().get("f")
                        .type());
        assertEquals(new RepositoryType.Fs(Path.of("/r")),
                Config.parse(MINIMAL + "[repositories.f.type.fs]\ndir = \"/r\"\n").repositories().get("f").type());
        assertErrorStartsWith("config: repositories.f.type: type \"fs\" needs a directory",
                MINIMAL + "[repositories.f]\ntype = \"fs\"\n");
        assertEquals("config: repositories.f.type.fs.dir: missing required key",
                error(MINIMAL + "[repositories.f]\ntype = { fs = {} }\n"));
        assertErrorStartsWith("config: repositories.f.type: unknown repository type \"disk\"",
                MINIMAL + "[repositories.f]\ntype = \"disk\"\n");
        assertErrorStartsWith("config: repositories.f.type: unknown repository type \"disk\"",
                MINIMAL + "[repositories.f]\ntype = { disk = { dir = \"/r\" } }\n");
        assertErrorStartsWith("config: repositories.f.type: invalid type: integer",
                MINIMAL + "[repositories.f]\ntype = 1\n");
        assertEquals("config: repositories.f.type: missing required key", error(MINIMAL + "[repositories.f]\nkey = \"k\"\n"));
    }

    @Test
    void repositoryIdsAreAnyKeyString() throws Exception {
        Config c = Config.parse(MINIMAL + """
                [repositories."my repo.v2"]
                type = "mem"
                [repositories."ünïcode"]
                type = "mem"
                """);
        assertEquals(List.of("my repo.v2", "ünïcode"), List.copyOf(c.repositories().keySet()));
        assertEquals("config: repositories.\"my repo.v2\".capacity_size: invalid size \"12 XB\": couldn't parse unit of "
                        + "\"XB\"",
                error(MINIMAL + "[repositories.\"my repo.v2\"]\ntype = \"mem\"\ncapacity_size = \"12 XB\"\n"));
    }

    @Test
    void sizeErrorNamesTheKey() {
        assertErrorStartsWith("config: repositories.default.capacity_size: invalid size \"12 XB\"",
                MINIMAL + "[repositories.default]\ntype = \"mem\"\ncapacity_size = \"12 XB\"\n");
        assertErrorStartsWith("config: console.options.max_request_size: invalid size \" 1MB\"",
                MINIMAL + "[console.options]\nmax_request_size = \" 1MB\"\n");
    }

    @Test
    void sizesMustBeStrings() throws Exception {
        assertEquals("config: console.options.max_request_size: invalid type: integer, expected a size string such "
                + "as \"1MiB\"", error(MINIMAL + "[console.options]\nmax_request_size = 1048576\n"));
        assertEquals(1_048_576, Config.parse(MINIMAL + "[console.options]\nmax_request_size = \"1048576\"\n")
                .console().options().maxRequestSize());
        assertErrorStartsWith("config: repositories.a.capacity_size: invalid type: integer",
                MINIMAL + "[repositories.a]\ntype = \"mem\"\ncapacity_size = 10\n");
    }

    @Test
    void durationsMustBeStringsWithUnits() throws Exception {
        assertErrorStartsWith("config: loop_device_timeout: invalid type: integer",
                MINIMAL + "loop_device_timeout = 10\n");
        assertEquals("config: loop_device_timeout: invalid duration \"10\": time unit needed, for example 10sec or 10ms",
                error(MINIMAL + "loop_device_timeout = \"10\"\n"));
        assertErrorStartsWith("config: console.options.token_validity: invalid duration \"1.5s\"",
                MINIMAL + "[console.options]\ntoken_validity = \"1.5s\"\n");
        assertErrorStartsWith("config: console.options.npk_stream_timeout: invalid duration \"\"",
                MINIMAL + "[console.options]\nnpk_stream_timeout = \"\"\n");
        Config c = Config.parse(MINIMAL + "loop_device_timeout = \"1M\"\n[console.options]\ntoken_validity = \"1m\"\n");
        assertEquals(Duration.ofSeconds(2_630_016), c.loopDeviceTimeout());
        assertEquals(Duration.ofMinutes(1), c.console().options().tokenValidity());
    }

    @Test
    void permissions() throws Exception {
        String head = MINIMAL + "[console.global]\nbind = \"tcp://localhost\"\n";
        assertEquals(EnumSet.allOf(ConsolePermission.class),
                Config.parse(head + "permissions = \"  full \"\n").console().global().get().permissions());
        assertEquals(EnumSet.noneOf(ConsolePermission.class),
                Config.parse(head + "permissions = []\n").console().global().get().permissions());
        assertEquals(EnumSet.allOf(ConsolePermission.class), Config.parse(head + "permissions = [\"ident\", \"inspect\", "
                + "\"install\", \"kill\", \"list\", \"logs\", \"notifications\", \"mount\", \"repositories\", \"shutdown\", "
                + "\"start\", \"start_command\", \"token_create\", \"token_verification\", \"umount\", \"uninstall\", \"update\"]\n")
                .console().global().get().permissions());
        assertErrorStartsWith("config: console.global.permissions: invalid permissions \"all\"",
                head + "permissions = \"all\"\n");
        assertErrorStartsWith("config: console.global.permissions: invalid permissions \"Full\"",
                head + "permissions = \"Full\"\n");
        assertErrorStartsWith("config: console.global.permissions[1]: unknown permission \"reboot\"",
                head + "permissions = [\"list\", \"reboot\"]\n");
        assertErrorStartsWith("config: console.global.permissions[0]: unknown permission \"List\"",
                head + "permissions = [\"List\"]\n");
        assertErrorStartsWith("config: console.global.permissions[0]: invalid type: integer",
                head + "permissions = [1]\n");
        assertEquals("config: console.global.permissions: missing required key", error(head));
    }

    @Test
    void consoleUrls() throws Exception {
        String head = MINIMAL + "[console.global]\npermissions = \"full\"\n";
        assertEquals(new ConsoleUrl.Tcp("tcp://localhost", "localhost", 4200),
                Config.parse(head + "bind = \"tcp://localhost\"\n").console().global().get().bind());
        assertEquals(new ConsoleUrl.Tcp("tcp://[::1]:4300", "::1", 4300),
                Config.parse(head + "bind = \"tcp://[::1]:4300\"\n").console().global().get().bind());
        assertEquals(new ConsoleUrl.Tcp("tcp://0.0.0.0:0", "0.0.0.0", 0),
                Config.parse(head + "bind = \"tcp://0.0.0.0:0\"\n").console().global().get().bind());
        // URL semantics: "tmp" is the host, the path is /northstar
        assertEquals(new ConsoleUrl.Unix("unix://tmp/northstar", Path.of("/northstar")),
                Config.parse(head + "bind = \"unix://tmp/northstar\"\n").console().global().get().bind());
        assertErrorStartsWith("config: console.global.bind: console scheme must be tcp or unix",
                head + "bind = \"http://localhost:4200\"\n");
        assertErrorStartsWith("config: console.global.bind:", head + "bind = \"localhost:4200\"\n");
        assertErrorStartsWith("config: console.global.bind: invalid port", head + "bind = \"tcp://localhost:99999\"\n");
        assertErrorStartsWith("config: console.global.bind:", head + "bind = \"tcp://\"\n");
        assertErrorStartsWith("config: console.global.bind:", head + "bind = \"unix://\"\n");
        assertEquals("config: console.global.bind: missing required key", error(head));
    }

    @Test
    void integers() throws Exception {
        assertEquals("config: event_buffer_size: must be greater than 0", error(MINIMAL + "event_buffer_size = 0\n"));
        assertEquals("config: notification_buffer_size: must be greater than 0",
                error(MINIMAL + "notification_buffer_size = 0\n"));
        assertErrorStartsWith("config: event_buffer_size: invalid value -1", MINIMAL + "event_buffer_size = -1\n");
        assertErrorStartsWith("config: event_buffer_size: invalid type: string",
                MINIMAL + "event_buffer_size = \"256\"\n");
        assertErrorStartsWith("config: event_buffer_size: invalid type: float", MINIMAL + "event_buffer_size = 2.5\n");
        String repo = MINIMAL + "[repositories.a]\ntype = \"mem\"\n";
        assertEquals(OptionalLong.of(4294967295L),
                Config.parse(repo + "capacity_num = 4294967295\n").repositories().get("a").capacityNum());
        assertErrorStartsWith("config: repositories.a.capacity_num: invalid value",
                repo + "capacity_num = 4294967296\n");
        assertErrorStartsWith("config: repositories.a.mount_on_start: invalid type: string, expected a boolean",
                repo + "mount_on_start = \"yes\"\n");
        assertEquals(0, Config.parse(MINIMAL + "[console.options]\nmax_requests_per_sec = 0\n").console().options()
                .maxRequestsPerSec());
    }

    @Test
    void typesOfTopLevelKeys() {
        assertErrorStartsWith("config: run_dir: invalid type: integer",
                MINIMAL.replace("run_dir = \"run\"", "run_dir = 1"));
        assertErrorStartsWith("config: cgroup: string contains a NUL byte",
                MINIMAL.replace("cgroup = \"northstar\"", "cgroup = \"north\\u0000star\""));
        assertErrorStartsWith("config: data_dir:",
                MINIMAL.replace("data_dir = \"data\"", "data_dir = \"da\\u0000ta\""));
        assertErrorStartsWith("config: console: invalid type: integer, expected a table", MINIMAL + "console = 1\n");
        assertErrorStartsWith("config: repositories: invalid type: array", MINIMAL + "repositories = []\n");
        assertErrorStartsWith("config: repositories.a: invalid type: integer", MINIMAL + "[repositories]\na = 1\n");
        assertErrorStartsWith("config: debug.commands: invalid type: string", MINIMAL + "[debug]\ncommands = \"x\"\n");
        assertErrorStartsWith("config: debug.commands[0]: invalid type: integer",
                MINIMAL + "[debug]\ncommands = [1]\n");
    }

    @Test
    void tomlSyntaxErrorsNameLineColumnAndWhatWasExpected() {
        assertEquals("config: TOML syntax error at line 1, column 11: expected a value, found end of line",
                error("run_dir = \n"));
        assertEquals("config: TOML syntax error at line 5, column 1: duplicate key run_dir",
                error(MINIMAL + "run_dir = \"again\"\n"));
        assertEquals("config: TOML syntax error at line 1, column 14: integer 9223372036854775808 does not fit in 64 bits"
                + " (from -9223372036854775808 to 9223372036854775807)", error("event_size = 9223372036854775808\n"));
    }

    @Test
    void tomlSyntaxErrors() {
        assertErrorStartsWith("config: TOML syntax error at line 1", "run_dir = \n");
        assertErrorStartsWith("config: TOML syntax error at line 5", MINIMAL + "run_dir = \"again\"\n");
    }

    @Test
    void debugCommands() throws Exception {
        Config c = Config.parse(MINIMAL + "[debug]\ncommands = [\"sudo strace -c -p <PID>\", \"echo <CONTAINER>  started\"]\n");
        List<String> commands = c.debug().orElseThrow().commands();
        assertEquals(2, commands.size());
        Container hello = Container.of("hello", "0.0.1");
        assertEquals(List.of("sudo", "strace", "-c", "-p", "4711"), DebugConfig.argv(commands.get(0), 4711, hello));
        assertEquals(List.of("echo", "hello:0.0.1", "started"), DebugConfig.argv(commands.get(1), 1, hello));
        assertEquals(List.of(), Config.parse(MINIMAL + "[debug]\n").debug().orElseThrow().commands());
    }

    @Test
    void checkNeedsExistingDirectories(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectory(dir.resolve("run"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Path sockets = Files.createDirectory(dir.resolve("sockets"));
        Config ok = Config.parse(dirs(run, data, sockets));
        ok.check();
        Config missing = Config.parse(dirs(run, dir.resolve("nope"), sockets));
        assertEquals("config: checking data_dir: " + dir.resolve("nope") + " does not exist",
                assertThrows(ConfigException.class, missing::check).getMessage());
    }

    @Test
    void checkJudgesOnlyModeBitsAndRealIds(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectory(dir.resolve("run"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Path sockets = Files.createDirectory(dir.resolve("sockets"));
        int uid = (Integer) Files.getAttribute(run, "unix:uid");
        int gid = (Integer) Files.getAttribute(run, "unix:gid");
        Config c = Config.parse(dirs(run, data, sockets));
        // A different identity (not owner, not group) only gets the "other" bits; directories are 0755 → not writable.
        DirectoryAccess.Identity stranger = new DirectoryAccess.Identity(uid + 1, gid + 1);
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("config: checking run_dir: " + run + " is not read and/or writeable",
                assertThrows(ConfigException.class, () -> c.check(stranger)).getMessage());
        // The owner with rw-: fine; the execute bit is not checked.
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(sockets, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        c.check(new DirectoryAccess.Identity(uid, gid));
        // Even the real user (root here) fails when the owner bits lack w: root is not special.
        Files.setPosixFilePermissions(sockets, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        assertEquals("config: checking socket_dir: " + sockets + " is not read and/or writeable",
                assertThrows(ConfigException.class, () -> c.check(new DirectoryAccess.Identity(uid, gid))).getMessage());
        // World read+write is enough for anybody.
        Files.setPosixFilePermissions(sockets, java.nio.file.attribute.PosixFilePermissions.fromString("------rw-"));
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("------rw-"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("------rw-"));
        c.check(stranger);
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(sockets, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void modeRules() {
        DirectoryAccess.Identity me = new DirectoryAccess.Identity(1000, 100);
        // owner bits count only for the owner
        assertTrue(DirectoryAccess.readable(1000, 0, 0400, me));
        assertFalse(DirectoryAccess.readable(1001, 0, 0400, me));
        // group bits count only for the primary (real) group
        assertTrue(DirectoryAccess.writable(0, 100, 0020, me));
        assertFalse(DirectoryAccess.writable(0, 101, 0020, me));
        // other bits count for everybody, the owner included
        assertTrue(DirectoryAccess.writable(1000, 100, 0002, me));
        // root is not special
        DirectoryAccess.Identity root = new DirectoryAccess.Identity(0, 0);
        assertFalse(DirectoryAccess.writable(1000, 1000, 0755, root));
        assertTrue(DirectoryAccess.readable(1000, 1000, 0755, root));
        // owner without w but group with w: the owner is also judged by the group bits when the gid matches
        assertTrue(DirectoryAccess.writable(1000, 100, 0460, me));
    }

    private static String dirs(Path run, Path data, Path sockets) {
        return "run_dir = \"" + run + "\"\ndata_dir = \"" + data + "\"\nsocket_dir = \"" + sockets
                + "\"\ncgroup = \"northstar\"\n";
    }
}
