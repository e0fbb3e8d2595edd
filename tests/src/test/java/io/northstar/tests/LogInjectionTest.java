package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ExitStatus;
import io.northstar.console.Request;
import io.northstar.console.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What containers write and clients send reaches the daemon's log (issue 11 items 4 and 6): a
 * line never ends early or starts a forged one (control characters are escaped), and a line
 * without end costs the daemon {@code max_output_line_size} bytes, not its heap.
 */
class LogInjectionTest extends SharedContainerFixture {

    /** A static program: {@code line N} writes N bytes without newline, else it writes its arguments. */
    private static final String WRITER_C = """
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>

            static void out(const char *p, size_t n) {
                while (n > 0) {
                    ssize_t w = write(1, p, n);
                    if (w <= 0)
                        _exit(3);
                    p += w;
                    n -= (size_t) w;
                }
            }

            int main(int argc, char **argv) {
                if (argc > 2 && strcmp(argv[1], "line") == 0) {
                    static char buf[65536];
                    long left = atol(argv[2]);
                    memset(buf, 'x', sizeof buf);
                    while (left > 0) {
                        size_t n = left < (long) sizeof buf ? (size_t) left : sizeof buf;
                        out(buf, n);
                        left -= (long) n;
                    }
                    out("\\nend of the long line\\n", 22);
                    return 0;
                }
                for (int i = 1; i < argc; i++)
                    out(argv[i], strlen(argv[i]));
                return 0;
            }
            """;

    private static final int MAX_LINE = 4096;
    private static final Container WRITER = Container.parse("writer:0.0.1");

    LogInjectionTest() {
        super("log-injection");
    }

    @Override
    protected void tune(TestConfig config) {
        config.topLevel("max_output_line_size = \"" + MAX_LINE + "\"");
    }

    @BeforeAll
    void installWriter() throws Exception {
        Path root = Files.createDirectories(fixture.work.resolve("writer-root"));
        Path source = fixture.work.resolve("writer.c");
        Files.writeString(source, WRITER_C);
        Process cc = new ProcessBuilder("cc", "-static", "-O2", "-Wall", "-o", root.resolve("writer").toString(),
                source.toString()).redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeTrue(cc.waitFor() == 0,
                "a C compiler with a static libc (cc -static) is needed for the writer container: " + output);
        Path npk = TestContainers.pack(fixture.work, "writer.npk", """
                name: writer
                version: 0.0.1
                init: /writer
                uid: 1000
                gid: 1000
                io:
                  stdout: pipe
                  stderr: pipe
                """, root);
        assertEquals(WRITER, fixture.client.install(ContainerFixture.REPOSITORY, npk));
    }

    private void run(String... args) throws Exception {
        fixture.startWithArgs(WRITER, args);
        assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(WRITER));
    }

    /** The daemon's log as bytes: what a terminal or journald gets. */
    private String logFile() throws Exception {
        return Files.readString(fixture.root.resolve("runtime.log"), StandardCharsets.UTF_8);
    }

    @Test
    void containerOutputCannotForgeLogLines() throws Exception {
        int mark = fixture.runtime.mark();
        run("\rfake line\n\u001b[31m12:00:00.000 ERROR Daemon: forged\u001b[0m\u009b2J tail\n");
        String prefix = "INFO  container: writer:0.0.1: ";
        fixture.runtime.awaitLog(mark, Pattern.quote(prefix + "\\rfake line"), Duration.ofSeconds(10));
        fixture.runtime.awaitLog(mark, Pattern.quote(prefix + "\\x1b[31m12:00:00.000 ERROR Daemon: forged\\x1b[0m\\x9b2J tail"),
                Duration.ofSeconds(10));
        String log = logFile();
        assertFalse(log.contains("\r") || log.contains("\u001b") || log.contains("\u009b"),
                "no raw control character in the daemon log");
        // Every line that mentions the forgery carries the container's prefix right after the time.
        for (String line : log.split("\n")) {
            if (line.contains("forged") || line.contains("fake line")) {
                assertTrue(Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} " + Pattern.quote(prefix)).matcher(line).find(),
                        line);
            }
        }
    }

    /** Strings from a console request that the daemon logs (here an install's repository name). */
    @Test
    void clientStringsCannotForgeLogLines() throws Exception {
        int mark = fixture.runtime.mark();
        try (ConsoleSession console = ConsoleSession.connect(fixture.config.console(), false)) {
            byte[] npk = Files.readAllBytes(fixture.work.resolve("writer.npk"));
            String repository = "nope\n12:00:00.000 ERROR Daemon: forged by a client\u001b[2J";
            Response response = console.install(repository, npk);
            assertTrue(response instanceof Response.Install, response.toString());
            assertTrue(console.request(new Request.Ident()) instanceof Response.Ident);
        }
        fixture.runtime.awaitLog(mark, Pattern.quote("nope\\n12:00:00.000 ERROR Daemon: forged by a client\\x1b[2J"),
                Duration.ofSeconds(10));
        for (String line : logFile().split("\n")) {
            assertFalse(line.startsWith("12:00:00.000 ERROR Daemon: forged"), line);
        }
    }

    /**
     * 48 MiB without a newline: the old line buffer doubled to 64 MiB and took the 64 MiB heap
     * down. Now it is logged in marked pieces of at most max_output_line_size bytes.
     */
    @Test
    void anEndlessLineIsLoggedInPiecesAndTheDaemonKeepsServing() throws Exception {
        int mark = fixture.runtime.mark();
        long size = 48L << 20;
        run("line", Long.toString(size));
        fixture.runtime.awaitLog(mark, "writer:0.0.1: end of the long line$", Duration.ofSeconds(60));
        List<String> output = fixture.output(mark, WRITER);
        List<String> pieces = output.subList(0, output.indexOf("end of the long line"));
        assertEquals(size / MAX_LINE, pieces.size());
        for (int i = 0; i < pieces.size() - 1; i++) {
            assertEquals("x".repeat(MAX_LINE) + "…", pieces.get(i), "piece " + i + " is split and marked");
        }
        assertEquals("x".repeat(MAX_LINE), pieces.get(pieces.size() - 1), "the end of the line is not marked");
        assertTrue(fixture.runtime.isAlive());
        assertTrue(fixture.client.list().contains(WRITER));
    }
}
