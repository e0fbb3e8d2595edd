package io.northstar.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's command line, {@code northstar [-dhV] [-c=FILE]} (docs/config.md, "Command
 * line"): the options, their parsing and the usage text, in the forms picocli gave them before
 * (short options cluster as in {@code -dc FILE}; a value follows its option as {@code -c FILE},
 * {@code -cFILE}, {@code -c=FILE} or {@code --config=FILE}; help and version win over unknown
 * arguments). The release's northstar(8) is generated from {@link #OPTIONS}.
 */
public final class DaemonCommandLine {

    public static final String NAME = "northstar";
    public static final String DESCRIPTION = "Northstar container runtime daemon";
    static final String DEFAULT_CONFIG = "northstar.toml";

    /**
     * An option: {@code paramLabel} is null for a flag.
     *
     * @param shortName e.g. {@code -c}
     * @param longName e.g. {@code --config}
     */
    public record Option(String shortName, String longName, String paramLabel, String description) {
        public boolean takesValue() {
            return paramLabel != null;
        }
    }

    static final Option CONFIG = new Option("-c", "--config", "FILE",
            "configuration file (default: " + DEFAULT_CONFIG + ")");
    static final Option DISABLE_MOUNT_NAMESPACE = new Option("-d", "--disable-mount-namespace", null,
            "do not require a private mount namespace (container mounts become visible on the host)");
    public static final Option HELP = new Option("-h", "--help", null, "Show this help message and exit.");
    public static final Option VERSION = new Option("-V", "--version", null, "Print version information and exit.");

    /** In the order of the usage text. */
    public static final List<Option> OPTIONS = List.of(CONFIG, DISABLE_MOUNT_NAMESPACE, HELP, VERSION);

    /** What the command line asks for. */
    sealed interface Request {
    }

    record Run(Path config, boolean disableMountNamespace) implements Request {
    }

    record ShowHelp() implements Request {
    }

    record ShowVersion() implements Request {
    }

    /**
     * A command line that cannot be run: {@code reason} is printed, followed by the usage text
     * unless the reason already suggests the option that was meant.
     */
    record Refused(String reason, boolean showUsage) implements Request {
        Refused(String reason) {
            this(reason, true);
        }
    }

    private DaemonCommandLine() {
    }

    static Request parse(String... args) {
        String config = null;
        boolean disableMountNamespace = false;
        boolean help = false;
        boolean version = false;
        List<String> unknownOptions = new ArrayList<>(); // quoted, as the refusal names them
        List<String> unmatched = new ArrayList<>();
        int firstUnmatched = -1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            List<Given> given = new ArrayList<>();
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                Option option = byName(equals < 0 ? arg : arg.substring(0, equals));
                if (option == null) {
                    unknownOptions.add("'" + arg + "'");
                    continue;
                }
                given.add(new Given(option, equals < 0 ? null : arg.substring(equals + 1)));
            } else if (arg.startsWith("-") && arg.length() > 1) {
                // A cluster of short options; one that takes a value takes the rest of the argument.
                for (int c = 1; c < arg.length(); c++) {
                    Option option = byName("-" + arg.charAt(c));
                    if (option == null) {
                        unknownOptions.add(c == 1 ? "'" + arg + "'"
                                : "'-" + arg.charAt(c) + "' (while processing option: '" + arg + "')");
                        break;
                    }
                    if (option.takesValue() && c + 1 < arg.length()) {
                        String rest = arg.substring(c + 1);
                        given.add(new Given(option, rest.startsWith("=") ? rest.substring(1) : rest));
                        break;
                    }
                    given.add(new Given(option, null));
                }
            } else {
                if (firstUnmatched < 0) {
                    firstUnmatched = i;
                }
                unmatched.add(arg);
                continue;
            }
            for (Given g : given) {
                Option option = g.option();
                String value = g.value();
                if (option.takesValue() && value == null) {
                    if (i + 1 >= args.length) {
                        return new Refused("Missing required parameter for option '" + option.longName() + "' ("
                                + option.paramLabel() + ")");
                    }
                    if (byName(args[i + 1]) != null) {
                        return new Refused("Expected parameter for option '" + option.longName() + "' but found '"
                                + args[i + 1] + "'");
                    }
                    value = args[++i];
                } else if (!option.takesValue() && value != null) {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        return new Refused("Invalid value for option '" + option.longName() + "': '" + value
                                + "' is not a boolean");
                    }
                    if (value.equalsIgnoreCase("false")) {
                        continue;
                    }
                }
                if (option == CONFIG) {
                    if (config != null) {
                        return new Refused(onlyOnce(option));
                    }
                    config = value;
                } else if (option == DISABLE_MOUNT_NAMESPACE) {
                    if (disableMountNamespace) {
                        return new Refused(onlyOnce(option));
                    }
                    disableMountNamespace = true;
                } else if (option == HELP) {
                    help = true;
                } else {
                    version = true;
                }
            }
        }
        if (help) {
            return new ShowHelp();
        }
        if (version) {
            return new ShowVersion();
        }
        if (unknownOptions.size() == 1 && !suggestions(unknownOptions.get(0)).isEmpty()) {
            return new Refused("Unknown option: " + unknownOptions.get(0) + "\nPossible solutions: "
                    + String.join(", ", suggestions(unknownOptions.get(0))), false);
        }
        if (!unknownOptions.isEmpty()) {
            return new Refused((unknownOptions.size() == 1 ? "Unknown option: " : "Unknown options: ")
                    + String.join(", ", unknownOptions));
        }
        if (!unmatched.isEmpty()) {
            return new Refused((unmatched.size() == 1 ? "Unmatched argument at index " : "Unmatched arguments from index ")
                    + firstUnmatched + ": '" + String.join("', '", unmatched) + "'");
        }
        return new Run(Path.of(config == null ? DEFAULT_CONFIG : config), disableMountNamespace);
    }

    private record Given(Option option, String value) {
    }

    private static Option byName(String name) {
        for (Option option : OPTIONS) {
            if (option.shortName().equals(name) || option.longName().equals(name)) {
                return option;
            }
        }
        return null;
    }

    /** For a mistyped long option ({@code '--conf=x'}, quoted), the long names it begins. */
    private static List<String> suggestions(String quoted) {
        String typed = quoted.substring(1, quoted.length() - 1);
        int equals = typed.indexOf('=');
        String name = equals < 0 ? typed : typed.substring(0, equals);
        List<String> names = new ArrayList<>();
        if (name.startsWith("--") && name.length() > 2) {
            for (Option option : OPTIONS) {
                if (option.longName().startsWith(name)) {
                    names.add(option.longName());
                }
            }
        }
        return names;
    }

    private static String onlyOnce(Option option) {
        return "option '" + option.longName() + "'" + (option.takesValue() ? " (" + option.paramLabel() + ")" : "")
                + " should be specified only once";
    }

    /** Usage line, description, then one entry per option, descriptions wrapped to fit 79 columns. */
    static String usage() {
        StringBuilder flags = new StringBuilder();
        StringBuilder valued = new StringBuilder();
        for (Option option : OPTIONS) {
            if (option.takesValue()) {
                valued.append(" [").append(option.shortName()).append('=').append(option.paramLabel()).append(']');
            } else {
                flags.append(option.shortName().substring(1));
            }
        }
        StringBuilder text = new StringBuilder("Usage: ").append(NAME).append(" [-").append(flags).append(']')
                .append(valued).append('\n').append(DESCRIPTION).append('\n');
        for (Option option : OPTIONS) {
            String names = "  " + option.shortName() + ", " + option.longName()
                    + (option.takesValue() ? "=" + option.paramLabel() : "");
            text.append(names);
            int column = names.length();
            if (column > DESCRIPTION_COLUMN - 2) {
                text.append('\n');
                column = 0;
            }
            text.append(" ".repeat(DESCRIPTION_COLUMN - column));
            column = DESCRIPTION_COLUMN;
            boolean first = true;
            for (String word : option.description().split(" ")) {
                if (!first && column + 1 + word.length() >= WIDTH) {
                    text.append('\n').append(" ".repeat(DESCRIPTION_COLUMN + 2));
                    column = DESCRIPTION_COLUMN + 2;
                } else if (!first) {
                    text.append(' ');
                    column++;
                }
                text.append(word);
                column += word.length();
                first = false;
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static final int DESCRIPTION_COLUMN = 22;
    // picocli's usage width: lines stay shorter than it.
    private static final int WIDTH = 80;
}
