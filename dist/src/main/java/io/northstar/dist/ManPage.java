package io.northstar.dist;

import java.util.ArrayList;
import java.util.List;
import io.northstar.runtime.DaemonCommandLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page (troff with the man macros) of a picocli command: NAME, SYNOPSIS, DESCRIPTION and
 * OPTIONS from the command model, a COMMANDS section with every subcommand (synopsis,
 * description, its own options), then hand-written sections (exit status, files, examples, see
 * also) that the model does not know.
 *
 * @param name the program, e.g. nstar
 * @param section the manual section, e.g. 1
 * @param spec the command model
 * @param extra troff appended after the generated sections
 */
record ManPage(String name, int section, CommandSpec spec, String extra) {

    /** The page, with version and date in its title line. */
    String render(String version, String date) {
        StringBuilder t = new StringBuilder();
        t.append(".\\\" Generated from the command model of ").append(source(spec))
                .append(" by io.northstar.dist.ManPage; edit the command, not this file.\n");
        t.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(' ').append(section)
                .append(" \"").append(date).append("\" \"Northstar for Java ").append(version).append("\" \"")
                .append(section == 8 ? "System Administration" : "User Commands").append("\"\n");
        t.append(".SH NAME\n").append(name).append(" \\- ").append(text(summary(spec))).append('\n');
        t.append(".SH SYNOPSIS\n");
        synopsis(t, spec, name);
        t.append(".SH DESCRIPTION\n");
        paragraphs(t, spec.usageMessage().description());
        List<OptionSpec> options = visibleOptions(spec, true);
        if (!options.isEmpty()) {
            t.append(".SH OPTIONS\n");
            if (!spec.subcommands().isEmpty()) {
                t.append("These options come before or after the command.\n");
            }
            options(t, options);
        }
        if (!spec.subcommands().isEmpty()) {
            t.append(".SH COMMANDS\n");
            commands(t, spec, name);
        }
        t.append(extra.endsWith("\n") || extra.isEmpty() ? extra : extra + "\n");
        return t.toString();
    }

    private static void commands(StringBuilder t, CommandSpec parent, String qualified) {
        for (var entry : parent.subcommands().entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            // Aliases map to the same command: describe it once, under its name.
            if (!entry.getKey().equals(sub.name()) || sub.usageMessage().hidden()) {
                continue;
            }
            String full = qualified + " " + sub.name();
            t.append(".SS \"").append(text(full)).append("\"\n");
            synopsis(t, sub, full);
            t.append(".PP\n");
            paragraphs(t, sub.usageMessage().description());
            if (sub.aliases().length > 0) {
                t.append(".PP\nAlso: ").append(text(String.join(", ", sub.aliases()))).append(".\n");
            }
            List<OptionSpec> options = visibleOptions(sub, false);
            if (!options.isEmpty() || !sub.positionalParameters().isEmpty()) {
                options(t, options);
                for (PositionalParamSpec p : sub.positionalParameters()) {
                    if (!p.hidden()) {
                        t.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n");
                        paragraphs(t, description(p));
                    }
                }
            }
            commands(t, sub, full);
        }
    }

    /** The command's own options; a subcommand leaves out the inherited ones and --help/--version. */
    private static List<OptionSpec> visibleOptions(CommandSpec spec, boolean top) {
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden() || (!top && (o.inherited() || o.usageHelp() || o.versionHelp()))) {
                continue;
            }
            options.add(o);
        }
        return options;
    }

    private static void options(StringBuilder t, List<OptionSpec> options) {
        for (OptionSpec o : options) {
            t.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + text(n) + "\\fR");
            }
            t.append(String.join(", ", names));
            if (o.arity().max() > 0) {
                t.append("=\\fI").append(text(o.paramLabel())).append("\\fR");
            }
            t.append('\n');
            paragraphs(t, description(o));
        }
    }

    private static void synopsis(StringBuilder t, CommandSpec spec, String qualified) {
        StringBuilder line = new StringBuilder("\\fB").append(text(qualified)).append("\\fR");
        for (OptionSpec o : visibleOptions(spec, spec.parent() == null)) {
            String n = text(o.longestName());
            String item = "\\fB" + n + "\\fR" + (o.arity().max() > 0 ? "=\\fI" + text(o.paramLabel()) + "\\fR" : "");
            line.append(' ').append(o.required() ? item : "[" + item + "]");
            if (o.isMultiValue()) {
                line.append("...");
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            String item = "\\fI" + text(p.paramLabel()) + "\\fR" + (p.isMultiValue() ? "..." : "");
            line.append(' ').append(p.arity().min() == 0 ? "[" + item + "]" : item);
        }
        if (!spec.subcommands().isEmpty()) {
            line.append(" [\\fICOMMAND\\fR]");
        }
        // No hyphenation inside option names.
        t.append(".nh\n").append(line).append("\n.hy\n");
    }

    /** Description lines as paragraphs; picocli's %n breaks are line breaks. */
    private static void paragraphs(StringBuilder t, String[] lines) {
        boolean first = true;
        for (String line : lines) {
            for (String part : line.split("%n", -1)) {
                if (!first) {
                    t.append(part.isBlank() ? ".PP\n" : ".br\n");
                }
                first = false;
                if (!part.isBlank()) {
                    t.append(escapeLine(text(part.strip()))).append('\n');
                }
            }
        }
    }

    /** The description with ${DEFAULT-VALUE} and ${COMPLETION-CANDIDATES} filled in. */
    private static String[] description(ArgSpec arg) {
        String[] lines = arg.description().clone();
        String value = arg.defaultValueString();
        StringBuilder candidates = new StringBuilder();
        if (arg.completionCandidates() != null) {
            for (String c : arg.completionCandidates()) {
                candidates.append(candidates.isEmpty() ? "" : ", ").append(c);
            }
        }
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].replace("${DEFAULT-VALUE}", value == null ? "" : value)
                    .replace("${COMPLETION-CANDIDATES}", candidates.toString());
        }
        return lines;
    }

    private static String summary(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        String first = d.length == 0 ? spec.name() : d[0].split("%n")[0].strip();
        int stop = first.indexOf(". ");
        first = stop > 0 ? first.substring(0, stop) : first;
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** Text for troff: backslashes escaped, hyphens as minus signs (options stay copyable). */
    static String text(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-").replace("'", "\\(aq").replace("\"", "\\(dq");
    }

    /** A line starting with a period or quote would be read as a request. */
    private static String escapeLine(String line) {
        return line.startsWith(".") || line.startsWith("\\(aq") ? "\\&" + line : line;
    }

    static CommandSpec model(Object command) {
        return new CommandLine(command).getCommandSpec();
    }

    /**
     * The daemon's command line as a picocli model: the daemon parses its few options itself
     * (picocli's classes cost its start), and its page is made from the same option list.
     */
    static CommandSpec daemonModel() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(DaemonCommandLine.class).name(DaemonCommandLine.NAME);
        spec.usageMessage().description(DaemonCommandLine.DESCRIPTION);
        for (DaemonCommandLine.Option o : DaemonCommandLine.OPTIONS) {
            OptionSpec.Builder option = OptionSpec.builder(o.shortName(), o.longName()).description(o.description())
                    .usageHelp(o == DaemonCommandLine.HELP).versionHelp(o == DaemonCommandLine.VERSION);
            spec.addOption(o.takesValue() ? option.paramLabel(o.paramLabel()).arity("1").type(String.class).build()
                    : option.arity("0").type(boolean.class).build());
        }
        return spec;
    }

    /** The class a model was made from. */
    private static String source(CommandSpec spec) {
        Object command = spec.userObject();
        return (command instanceof Class<?> type ? type : command.getClass()).getName();
    }
}
