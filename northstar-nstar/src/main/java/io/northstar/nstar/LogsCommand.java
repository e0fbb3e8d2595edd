package io.northstar.nstar;

import io.northstar.client.Client;
import io.northstar.common.Container;
import io.northstar.common.EscapedText;
import io.northstar.console.LogLine;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, description = {"Print a container's kept output (io: pipe), as NAME: LINE with local time.",
    "The runtime keeps the lines of the last run ([logs] in its config) until the next start or the uninstall;"
        + " needs the logs permission (an extension of this runtime)."})
final class LogsCommand extends ClientCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final long U32_MAX = 0xffff_ffffL;

    @Parameters(paramLabel = "CONTAINER", description = "name:version, or name if only one version is installed")
    String container;

    @Option(names = {"-f", "--follow"}, description = "then print new lines until the container exits (Ctrl-C to stop)")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "only the last N kept lines (default: all)")
    Long tail;

    @Override
    void run() throws Exception {
        if (tail != null && (tail < 0 || tail > U32_MAX)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--tail must be between 0 and " + U32_MAX + ": " + tail);
        }
        Container c = session().resolve(container);
        OptionalLong n = tail == null ? OptionalLong.empty() : OptionalLong.of(tail);
        ZoneId zone = ZoneId.systemDefault();
        if (!follow) {
            for (LogLine line : session().client().logs(c, n)) {
                say(format(c, line, zone));
            }
            return;
        }
        session().client().followLogs(c, n, new Client.LogListener() {
            @Override
            public boolean line(Container container, LogLine line) {
                say(format(container, line, zone));
                return true;
            }

            @Override
            public void skipped(Container container, long count) {
                say(skippedMarker(container, count));
            }
        });
    }

    /** {@code 2026-01-31 13:00:00.123 hello: text}, the text escaped: it is the container's, shown on a terminal. */
    static String format(Container container, LogLine line, ZoneId zone) {
        return TIME.format(line.time().atZone(zone)) + " " + container.name() + ": " + EscapedText.escape(line.line());
    }

    static String skippedMarker(Container container, long count) {
        return "… " + container.name() + ": " + count + (count == 1 ? " line" : " lines")
                + " skipped: nstar read slower than the container wrote";
    }
}
