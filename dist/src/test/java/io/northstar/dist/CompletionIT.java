package io.northstar.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion of the release loads, completes commands and options, and asks the runtime
 * for container names (through `nstar list --quiet`, here a stand-in that records how it was called;
 * TarballIT completes against a real runtime).
 */
class CompletionIT {
    static final Path COMPLETION = Release.TARGET.resolve("common/nstar.bash-completion");

    @TempDir
    Path bin;

    String complete(String line) throws Exception {
        Command bash = Command.run(List.of("bash", "-c", """
                . "$1"
                COMP_LINE=$2; COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"
                [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                _nstar_complete nstar 2> /dev/null
                echo "${COMPREPLY[*]}"
                """, "bash", COMPLETION.toString(), line), Map.of("PATH", bin + ":/usr/bin:/bin"), null);
        assertEquals(0, bash.exit(), bash.toString());
        return bash.out().strip();
    }

    @Test
    void loadsInBash() throws Exception {
        Command bash = Command.run(List.of("bash", "-c", ". \"$1\" && complete -p nstar", "bash", COMPLETION.toString()));
        assertEquals(0, bash.exit(), bash.toString());
        assertEquals("", bash.err(), bash.toString());
        assertEquals("complete -o default -F _nstar_complete nstar\n", bash.out());
    }

    @Test
    void completesCommandsOptionsAndContainers() throws Exception {
        Path nstar = bin.resolve("nstar");
        Files.writeString(nstar, """
                #!/bin/sh
                echo "$*" >> "$(dirname "$0")/calls"
                printf 'hello-world:0.0.1\\nhello-world:0.0.2\\nmemeater:0.1.0\\n'
                """);
        nstar.toFile().setExecutable(true);
        assertEquals("start", complete("nstar sta"));
        assertEquals("--init", complete("nstar start --i"));
        assertEquals("hello-world hello-world:0.0.1 hello-world:0.0.2", complete("nstar start hel"));
        assertEquals("0.0.1 0.0.2", complete("nstar start hello-world:0"));
        assertEquals("memeater memeater:0.1.0", complete("nstar -u unix:///run/x kill -s 9 me"));
        assertEquals("memeater memeater:0.1.0", complete("nstar mount hello-world me"));
        assertEquals("", complete("nstar start hello-world me"), "ARG of start is no container");
        assertEquals("", complete("nstar repositories me"));
        assertEquals(List.of("--timeout 2 list --quiet", "--timeout 2 list --quiet",
                "--url unix:///run/x --timeout 2 list --quiet", "--timeout 2 list --quiet"),
                Files.readAllLines(bin.resolve("calls")));
    }
}
