package io.northstar.nstar;

import io.northstar.client.Client;
import io.northstar.client.ConnectRejectedException;
import io.northstar.common.Container;
import io.northstar.console.ConnectNack;
import io.northstar.console.ContainerData;
import io.northstar.console.Notification;
import io.northstar.console.UpdateResult;
import io.northstar.npk.Npk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = {
    "Replace the installed version of a container by the newer version in FILE (an extension of this runtime).",
    "The new version is installed beside the old one; if the old one runs it is stopped and the new one started.",
    "If the new one fails to start or exits unsuccessfully within the health window, the old one is started again",
    "and the new one uninstalled (rolled back, exit code 1); else the old one is uninstalled, its data kept.",
    "The steps are printed as they happen."})
final class UpdateCommand extends ClientCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Parameters(paramLabel = "FILE", description = "the NPK of the new version")
    Path npk;

    @Option(names = {"-r", "--repository"}, paramLabel = "REPOSITORY",
            description = "repository id for the new version (default: the repository of the installed version)")
    String repository;

    @Option(names = {"-w", "--health-window"}, paramLabel = "DURATION", converter = HealthWindow.class,
            description = "how long the new version must run without failing, e.g. 30s, 500ms, 2m "
                    + "(default: the runtime's update_health_window)")
    Duration healthWindow;

    @Override
    void run() throws Exception {
        Container to = Npk.read(npk, Optional.empty()).manifest().container();
        String into = repository != null ? repository : repositoryOfInstalled(to);
        // A subscribed connection of its own, to print the steps while the update runs; without the
        // notifications permission the update still runs, only silently.
        try (Client client = subscribedIfPermitted()) {
            client.setNotificationListener(n -> {
                if (n instanceof Notification.Update update && update.to().equals(to)) {
                    say(Explain.notification(update));
                }
            });
            UpdateResult result = client.update(into, npk, Optional.ofNullable(healthWindow));
            switch (result) {
                case UpdateResult.Updated updated -> say("updated " + updated.from() + " to " + updated.to());
                case UpdateResult.RolledBack back -> throw new ErrorResponse("update to " + back.to()
                        + " rolled back to " + back.from() + ": " + back.reason());
                case UpdateResult.Err err -> throw new IllegalStateException("the client reports refusals: " + err);
            }
        }
    }

    private Client subscribedIfPermitted() throws IOException {
        try {
            return session().connect(true);
        } catch (ConnectRejectedException e) {
            if (!(e.nack() instanceof ConnectNack.PermissionDenied)) {
                throw e;
            }
            return session().connect(false);
        }
    }

    /** The repository of the newest installed version of the name: where its successor belongs. */
    private String repositoryOfInstalled(Container to) throws IOException, ErrorResponse {
        Optional<Container> installed = session().installed().stream()
                .filter(c -> c.name().equals(to.name())).max(Container::compareTo);
        if (installed.isEmpty()) {
            throw new ErrorResponse(to.name() + " is not installed: an update replaces an installed version (use install)");
        }
        ContainerData data = session().client().inspect(installed.get());
        return data.repository();
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    static final class HealthWindow implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 30s, 500ms or 2m");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
