package io.northstar.nstar;

import io.northstar.client.ClientException;
import io.northstar.client.PermissionDeniedException;
import io.northstar.client.RequestFailedException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * nstar: the command-line client of the Northstar console. Without a command
 * it opens an interactive shell.
 *
 * <p>Exit codes: 0 success, 1 the runtime answered with an error, 2 usage or
 * connection error.
 */
@Command(name = "nstar", mixinStandardHelpOptions = true, versionProvider = Nstar.Version.class,
        description = "Northstar console client. Without a command: an interactive shell.",
        subcommands = {ListCommand.class, PsCommand.class, StartCommand.class, KillCommand.class,
            InstallCommand.class, UpdateCommand.class, UninstallCommand.class, MountCommand.class, UmountCommand.class,
            InspectCommand.class, RepositoriesCommand.class, IdentCommand.class, ShutdownCommand.class,
            TokenCommand.class, NotificationsCommand.class, LogsCommand.class, SeccompCommand.class, CommandLine.HelpCommand.class})
public final class Nstar implements Callable<Integer> {
    public static final int OK = 0;
    public static final int ERROR_RESPONSE = 1;
    public static final int USAGE_OR_CONNECTION = 2;

    /** The console of config/northstar.toml. */
    static final String DEFAULT_URL = "tcp://localhost:4200";

    @Option(names = {"-u", "--url"}, scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:NSTAR_URL:-" + DEFAULT_URL + "}",
            description = "Console address: tcp://HOST[:PORT] or unix:///PATH (default: $NSTAR_URL or ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = {"-j", "--json"}, scope = ScopeType.INHERIT,
            description = "Print the raw JSON lines exchanged with the runtime instead of tables and text.")
    boolean json;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for the connection and for each response (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The connection of this invocation (the shell keeps one for all its commands). */
    Session session;

    Session session() {
        if (session == null) {
            session = new Session(url, Duration.ofSeconds(Math.max(1, timeoutSeconds)), json, out());
        }
        return session;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return new Shell(this, spec.commandLine()).run();
    }

    public static void main(String[] args) {
        Nstar nstar = new Nstar();
        int code;
        try {
            code = commandLine(nstar).execute(args);
        } finally {
            nstar.close();
        }
        System.exit(code);
    }

    /** The picocli command line for {@code nstar}, with nstar's exit codes and one-line errors. */
    static CommandLine commandLine(Nstar nstar) {
        CommandLine cli = new CommandLine(nstar);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd));
        cli.setExitCodeExceptionMapper(Nstar::exitCode);
        return cli;
    }

    static int report(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        String prefix = "nstar: ";
        String message = e instanceof RequestFailedException failed
                ? Explain.error(failed.error())
                : exitCode(e) == ERROR_RESPONSE || e instanceof ClientException ? e.getMessage() : describeIo(e);
        err.println(prefix + message);
        if (Boolean.getBoolean("nstar.verbose")) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode(e);
    }

    private static String describeIo(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.net.ConnectException ? what + " (is the runtime running? see --url)" : what;
    }

    static int exitCode(Throwable e) {
        if (e instanceof RequestFailedException || e instanceof PermissionDeniedException
                || e instanceof ErrorResponse) {
            return ERROR_RESPONSE;
        }
        return USAGE_OR_CONNECTION;
    }

    /** Closes the session's connection, if one was opened. */
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Nstar.class.getPackage().getImplementationVersion();
            // Which Java runs says whether a release's bundled runtime is used.
            return new String[] {"nstar " + (v == null ? "(development build)" : v)
                    + ", console API " + io.northstar.console.ApiVersion.VERSION,
                "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
