package io.northstar.nstar;

import io.northstar.common.Container;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * The interactive nstar: one console connection for the whole session, the
 * same commands as on the command line, history in ~/.nstar_history and Tab
 * completion of commands and installed container names.
 */
final class Shell {
    private final Nstar nstar;
    private final CommandLine cli;

    Shell(Nstar nstar, CommandLine cli) {
        this.nstar = nstar;
        this.cli = cli;
    }

    int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .appName("nstar")
                    .terminal(terminal)
                    .completer(new Completion())
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".nstar_history"))
                    .build();
            terminal.writer().println("nstar shell on " + nstar.url + " — 'help' lists the commands, Ctrl-D ends");
            terminal.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine("nstar> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return Nstar.OK;
                }
                List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                    return Nstar.OK;
                }
                // Errors are printed by the command line's handler; the shell goes on.
                Nstar.commandLine(nstar).execute(words.toArray(String[]::new));
            }
        }
    }

    /** Commands at the start of a line, installed containers after it. */
    private final class Completion implements Completer {
        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            if (line.wordIndex() == 0) {
                cli.getSubcommands().keySet().forEach(c -> candidates.add(new Candidate(c)));
                candidates.add(new Candidate("exit"));
                return;
            }
            for (String c : containers()) {
                candidates.add(new Candidate(c));
            }
        }

        private List<String> containers() {
            List<String> names = new ArrayList<>();
            try {
                for (Container c : nstar.session().client().list()) {
                    names.add(c.toString());
                    names.add(c.name().toString());
                }
            } catch (IOException e) {
                // No completion while the runtime cannot be reached; the next command says why.
            }
            return names;
        }
    }
}
