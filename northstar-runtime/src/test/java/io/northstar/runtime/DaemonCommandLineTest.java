package io.northstar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.runtime.DaemonCommandLine.Refused;
import io.northstar.runtime.DaemonCommandLine.Run;
import io.northstar.runtime.DaemonCommandLine.ShowHelp;
import io.northstar.runtime.DaemonCommandLine.ShowVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The daemon's options, usage text and refusals as picocli printed them (scripts and users read them). */
class DaemonCommandLineTest {

    @Test
    void usageAsBefore() {
        assertEquals("""
                Usage: northstar [-dhV] [-c=FILE]
                Northstar container runtime daemon
                  -c, --config=FILE   configuration file (default: northstar.toml)
                  -d, --disable-mount-namespace
                                      do not require a private mount namespace (container
                                        mounts become visible on the host)
                  -h, --help          Show this help message and exit.
                  -V, --version       Print version information and exit.
                """, DaemonCommandLine.usage());
    }

    @Test
    void optionsInEveryForm() {
        assertEquals(new Run(Path.of("northstar.toml"), false), DaemonCommandLine.parse());
        for (String[] args : new String[][] {{"-c", "x.toml", "-d"}, {"--config", "x.toml", "--disable-mount-namespace"},
                {"--config=x.toml", "-d"}, {"-cx.toml", "-d"}, {"-c=x.toml", "-d"}, {"-dc", "x.toml"}, {"-dcx.toml"},
                {"-d", "--disable-mount-namespace=false", "-c", "x.toml"}, {"--disable-mount-namespace=TRUE", "-c", "x.toml"}}) {
            assertEquals(new Run(Path.of("x.toml"), true), DaemonCommandLine.parse(args), String.join(" ", args));
        }
        // Not an option name: a value, even with a dash.
        assertEquals(new Run(Path.of("-x"), false), DaemonCommandLine.parse("-c", "-x"));
    }

    @Test
    void helpAndVersionWinOverUnknownArguments() {
        for (String[] args : new String[][] {{"-h"}, {"--help"}, {"-hV"}, {"-V", "-h"}, {"-x", "--help"}, {"-h", "foo"}, {"-hd"}}) {
            assertEquals(new ShowHelp(), DaemonCommandLine.parse(args), String.join(" ", args));
        }
        for (String[] args : new String[][] {{"-V"}, {"--version"}, {"-dV"}, {"--version", "foo"}}) {
            assertEquals(new ShowVersion(), DaemonCommandLine.parse(args), String.join(" ", args));
        }
    }

    @Test
    void refusalsWithPicocliMessages() {
        assertEquals(new Refused("Unknown option: '-x'"), DaemonCommandLine.parse("-x"));
        assertEquals(new Refused("Unknown option: '--bogus'"), DaemonCommandLine.parse("--bogus"));
        assertEquals(new Refused("Unknown options: '-x', '-y'"), DaemonCommandLine.parse("-x", "-y"));
        assertEquals(new Refused("Unknown option: '-x' (while processing option: '-dx')"), DaemonCommandLine.parse("-dx"));
        assertEquals(new Refused("Missing required parameter for option '--config' (FILE)"), DaemonCommandLine.parse("-c"));
        assertEquals(new Refused("Missing required parameter for option '--config' (FILE)"), DaemonCommandLine.parse("-dc"));
        assertEquals(new Refused("Missing required parameter for option '--config' (FILE)"), DaemonCommandLine.parse("-h", "-c"));
        assertEquals(new Refused("Expected parameter for option '--config' but found '--help'"),
                DaemonCommandLine.parse("-c", "--help"));
        assertEquals(new Refused("Unmatched argument at index 0: 'foo'"), DaemonCommandLine.parse("foo"));
        assertEquals(new Refused("Unmatched arguments from index 1: 'a', 'b'"), DaemonCommandLine.parse("-d", "a", "b"));
        assertEquals(new Refused("option '--disable-mount-namespace' should be specified only once"),
                DaemonCommandLine.parse("-d", "-d"));
        assertEquals(new Refused("option '--config' (FILE) should be specified only once"),
                DaemonCommandLine.parse("-c", "a", "-cb"));
        assertEquals(new Refused("Invalid value for option '--version': '1' is not a boolean"),
                DaemonCommandLine.parse("--version=1"));
        // A long option begun: the options meant instead of the usage.
        assertEquals(new Refused("Unknown option: '--dis'\nPossible solutions: --disable-mount-namespace", false),
                DaemonCommandLine.parse("--dis"));
        assertEquals(new Refused("Unknown option: '--conf=x'\nPossible solutions: --config", false),
                DaemonCommandLine.parse("--conf=x"));
    }
}
