package io.northstar.runtime;

import io.northstar.runtime.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.northstar.runtime.systemd.ServiceNotifier;
import io.northstar.runtime.systemd.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** {@code northstar [-c|--config FILE] [-d|--disable-mount-namespace]} (see {@link DaemonCommandLine}). */
public final class Main {

    static {
        // SLF4J binds the daemon's provider without searching the class path for others (a
        // logback jar left in an old build's target/lib would otherwise compete with it), and
        // says so only when something is wrong.
        System.setProperty("slf4j.provider", io.northstar.runtime.logging.LogProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN");
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final String VERSION = "0.9.3";

    private final Path config;
    private final boolean disableMountNamespace;

    private Main(DaemonCommandLine.Run run) {
        this.config = run.config();
        this.disableMountNamespace = run.disableMountNamespace();
    }

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        System.exit(switch (DaemonCommandLine.parse(args)) {
            case DaemonCommandLine.Run run -> new Main(run).call();
            case DaemonCommandLine.ShowHelp help -> {
                System.out.print(DaemonCommandLine.usage());
                yield 0;
            }
            case DaemonCommandLine.ShowVersion version -> {
                System.out.println(DaemonCommandLine.NAME + " " + VERSION);
                yield 0;
            }
            case DaemonCommandLine.Refused refused -> {
                System.err.println(refused.reason());
                if (refused.showUsage()) {
                    System.err.print(DaemonCommandLine.usage());
                }
                yield EXIT_USAGE;
            }
        });
    }

    /** What picocli returned for a command line it could not parse, kept for scripts. */
    static final int EXIT_USAGE = 2;

    /**
     * An exception that escapes a thread is a bug; an Error (out of memory, a stack overflow, a
     * linkage error) means the JVM can no longer be trusted to shut down in order, so the process
     * ends at once with status 70 and the supervisor restarts it. Its forker sees the control
     * connection close and kills every container; the next start removes what is left
     * (docs/reliability.md). The event loop catches its own Errors and ends the runtime itself.
     */
    static void uncaught(Thread thread, Throwable failure) {
        if (failure instanceof Error) {
            try {
                LOG.error("Thread {} died of {}: exiting", thread.getName(), failure, failure);
                System.err.println("Runtime exited with " + failure);
            } finally {
                Runtime.getRuntime().halt(EXIT_ERROR_IN_THREAD);
            }
        }
        LOG.error("Thread {} died", thread.getName(), failure);
    }

    /** EX_SOFTWARE of sysexits.h. */
    static final int EXIT_ERROR_IN_THREAD = 70;

    int call() {
        LOG.info("Northstar Runtime v{}", VERSION);
        try {
            refuseUnsuitableHost();
            Config parsed = Config.load(config);
            Map<String, String> environment = System.getenv();
            Daemon daemon = new Daemon(parsed, ServiceNotifier.fromEnvironment(environment),
                    Watchdog.fromEnvironment(environment, ProcessHandle.current().pid()));
            for (String name : List.of("INT", "TERM", "HUP")) {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("Received SIG{}: shutting down", signal.getName());
                    daemon.requestShutdown();
                });
            }
            daemon.run();
            return 0;
        } catch (RuntimeException e) {
            // A bug, not an operating condition: the stack trace helps.
            LOG.error("Runtime failed", e);
            System.err.println("Runtime exited with " + e);
            return 1;
        } catch (Exception e) {
            System.err.println("Runtime exited with " + e.getMessage());
            return 1;
        }
    }

    private void refuseUnsuitableHost() throws Exception {
        Path root = Path.of("/");
        long euid = KernelFeatures.effectiveUid(root);
        if (euid != 0) {
            throw new Exception("the runtime must run as root (effective uid is " + euid + ")");
        }
        List<KernelFeatures.Feature> missing = KernelFeatures.missing(root);
        if (!missing.isEmpty()) {
            throw new Exception("the kernel lacks " + String.join(", ",
                    missing.stream().map(KernelFeatures.Feature::describe).toList())
                    + ": enable these options in the kernel configuration");
        }
        if (!disableMountNamespace) {
            String problem = MountNamespace.problem(Path.of("/proc"));
            if (problem != null) {
                throw new Exception(problem + "; start the runtime through bin/northstar (which enters a private "
                        + "mount namespace with unshare --mount --propagation private) or pass -d");
            }
        }
    }
}
