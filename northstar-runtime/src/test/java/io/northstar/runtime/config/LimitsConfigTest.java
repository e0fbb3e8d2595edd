package io.northstar.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.northstar.runtime.logs.LogLimits;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The extension keys that bound what outsiders can make the runtime hold, and the console socket file. */
class LimitsConfigTest {

    private static final String DIRS = """
            run_dir = "run"
            data_dir = "data"
            socket_dir = "sockets"
            cgroup = "northstar"
            """;

    /** A global console on a unix socket with full permissions, the keys under test added to it. */
    private static final String GLOBAL_CONSOLE = """
            [console.global]
            bind = "unix:///run/northstar/console"
            permissions = "full"
            """;

    private static Config parse(String toml) throws ConfigException {
        return Config.parse(DIRS + toml);
    }

    private static String error(String toml) {
        String message = assertThrows(ConfigException.class, () -> parse(toml)).getMessage();
        return message.startsWith("config: ") ? message.substring("config: ".length()) : message;
    }

    @Test
    void defaultsAreBounded() throws Exception {
        Config c = parse(GLOBAL_CONSOLE);
        GlobalConsole global = c.console().global().orElseThrow();
        assertEquals(8, global.maxConnections());
        assertEquals(new SocketFile(0600, OptionalInt.empty(), OptionalInt.empty()), global.socket());
        assertEquals(Duration.ofSeconds(10), global.options().connectTimeout());
        assertEquals(Duration.ofMinutes(10), global.options().idleTimeout());
        assertEquals(256 * 1024, global.options().maxOutboxSize());
        assertEquals(16 * 1024, c.maxOutputLineSize());
        assertEquals(ConsoleOptions.defaults(), c.console().options());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Config c = parse("""
                max_output_line_size = "4KiB"

                [console.options]
                max_outbox_size = "64KiB"

                [console.global]
                bind = "unix:///run/northstar/console"
                permissions = ["list"]
                max_connections = 3
                mode = 0o660
                uid = 0
                gid = 1234

                [console.global.options]
                connect_timeout = "2s"
                idle_timeout = "30s"
                max_outbox_size = "256KiB"
                """);
        GlobalConsole global = c.console().global().orElseThrow();
        assertEquals(3, global.maxConnections());
        assertEquals(new SocketFile(0660, OptionalInt.of(0), OptionalInt.of(1234)), global.socket());
        assertEquals(Duration.ofSeconds(2), global.options().connectTimeout());
        assertEquals(Duration.ofSeconds(30), global.options().idleTimeout());
        assertEquals(256 * 1024, global.options().maxOutboxSize());
        assertEquals(64 * 1024, c.console().options().maxOutboxSize());
        assertEquals(4096, c.maxOutputLineSize());
    }

    @Test
    void modeAsOctalStringAndIdleTimeoutZeroDisables() throws Exception {
        Config c = parse(GLOBAL_CONSOLE + """
                mode = "0666"

                [console.global.options]
                idle_timeout = "0s"
                """);
        assertEquals(0666, c.console().global().orElseThrow().socket().mode());
        assertEquals(Duration.ZERO, c.console().global().orElseThrow().options().idleTimeout());
    }

    @Test
    void mistakesAreNamed() {
        String unix = "[console.global]\nbind = \"unix:///c\"\npermissions = \"full\"\n";
        assertEquals("console.global.mode: invalid mode 600 (decimal), expected permission bits up to 0o777; "
                + "write TOML integers in octal: 0o660", error(unix + "mode = 600\n"));
        assertEquals("console.global.mode: invalid mode \"rw\", expected octal digits such as \"0600\"",
                error(unix + "mode = \"rw\"\n"));
        assertEquals("console.global.mode: only for a unix:// console (bind is tcp://localhost:4200)",
                error("[console.global]\nbind = \"tcp://localhost:4200\"\npermissions = \"full\"\nmode = 0o600\n"));
        assertEquals("console.global.uid: only for a unix:// console (bind is tcp://localhost:4200)",
                error("[console.global]\nbind = \"tcp://localhost:4200\"\npermissions = \"full\"\nuid = 0\n"));
        assertEquals("console.global.max_connections: must be greater than 0", error(unix + "max_connections = 0\n"));
        assertEquals("console.global.options.connect_timeout: must be greater than 0",
                error(unix + "[console.global.options]\nconnect_timeout = \"0s\"\n"));
        assertEquals("console.options.max_outbox_size: must be greater than 0",
                error("[console.options]\nmax_outbox_size = \"0\"\n"));
        assertEquals("max_output_line_size: must be between 16 and 1048576 bytes", error("max_output_line_size = \"2MiB\"\n"));
        assertEquals("max_output_line_size: must be between 16 and 1048576 bytes", error("max_output_line_size = \"8\"\n"));
    }

    @Test
    void containerLogsHaveBoundedDefaultsAndLimits() throws Exception {
        assertEquals(LogLimits.DEFAULTS, parse("").logs());
        assertEquals(new LogLimits(10, 2048), parse("""
                [logs]
                max_lines = 10
                max_size = "2KiB"
                """).logs());
        assertEquals(new LogLimits(0, 0), parse("""
                [logs]
                max_lines = 0
                max_size = "0"
                """).logs());
        assertEquals("logs.max_lines: must be at most 1000000", error("""
                [logs]
                max_lines = 1000001
                """));
        assertEquals("logs.max_size: must be at most 67108864 bytes", error("""
                [logs]
                max_size = "65MiB"
                """));
        assertEquals("logs.max_lines: invalid value -1, expected a non-negative integer", error("""
                [logs]
                max_lines = -1
                """));
        String unknown = error("""
                [logs]
                lines = 3
                """);
        org.junit.jupiter.api.Assertions.assertTrue(unknown.startsWith("logs.lines: unknown key"), unknown);
    }
}
