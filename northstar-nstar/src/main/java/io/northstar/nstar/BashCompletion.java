package io.northstar.nstar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The bash completion of nstar: picocli's completion of commands and options, and where a command
 * takes a CONTAINER, the containers installed in the running runtime (asked with
 * {@code nstar list --quiet} on the console given on the line, else $NSTAR_URL or the default).
 * Both parts come from the command model, so they follow the commands as they change.
 *
 * <p>{@code BashCompletion FILE} writes the script (the build puts it into target/completion/nstar).
 */
public final class BashCompletion {
    /** The label of the positional parameters that name an installed container. */
    static final String CONTAINER = "CONTAINER";

    private BashCompletion() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BashCompletion FILE");
            System.exit(Nstar.USAGE_OR_CONNECTION);
        }
        Path file = Path.of(args[0]);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, script(Nstar.commandLine(new Nstar())));
    }

    static String script(CommandLine nstar) {
        // The script is sourced, never run: no #! line.
        String picocli = AutoComplete.bash("nstar", nstar).replaceFirst("^#!.*\n", "");
        StringBuilder s = new StringBuilder(picocli);
        s.append("""

                # --- Container names (not picocli's): asks the running runtime. ---

                # Options that take a value: their value is no positional parameter.
                """);
        s.append("_nstar_value_options=\" ").append(String.join(" ", valueOptions(nstar.getCommandSpec())))
                .append(" \"\n\n");
        s.append("""
                # _nstar_container_at COMMAND N: whether the Nth positional parameter of COMMAND names a container.
                _nstar_container_at() {
                  case $1 in
                """);
        for (Map.Entry<String, CommandLine> e : nstar.getSubcommands().entrySet()) {
            containerRange(e.getValue().getCommandSpec()).ifPresent(range ->
                    s.append("    ").append(e.getKey()).append(") ").append(range).append(" ;;\n"));
        }
        s.append("""
                    *) return 1 ;;
                  esac
                }

                # The installed containers as NAME:VERSION and NAME, from the console of the line's
                # --url/-u, else $NSTAR_URL or nstar's default; nothing when the runtime is not reachable.
                _nstar_containers() {
                  local url=() i
                  for ((i = 1; i < ${#words[@]} - 1; i++)); do
                    case ${words[i]} in
                      -u|--url) url=(--url "${words[i+1]}") ;;
                      --url=*) url=("${words[i]}") ;;
                    esac
                  done
                  local nstar=${words[0]/#\\~/$HOME}
                  "$nstar" "${url[@]}" --timeout 2 list --quiet 2> /dev/null | while read -r c; do
                    printf '%s\\n%s\\n' "$c" "${c%%:*}"
                  done | sort -u
                }

                _nstar_complete() {
                  # Words split at blanks only: "name:version" is one word here (bash splits at ':').
                  local line=${COMP_LINE:0:COMP_POINT} words
                  read -ra words <<< "$line"
                  [[ $line == *[[:space:]] || ${#words[@]} -eq 0 ]] && words+=("")
                  local cur=${words[${#words[@]}-1]} command="" n=0 i
                  for ((i = 1; i < ${#words[@]} - 1; i++)); do
                    case ${words[i]} in
                      -*=*) ;;
                      -*) [[ $_nstar_value_options == *" ${words[i]} "* ]] && ((i++)) ;;
                      *) if [[ -z $command ]]; then command=${words[i]}; else ((n++)); fi ;;
                    esac
                  done
                  if [[ -n $command && $cur != -* ]] && _nstar_container_at "$command" "$n"; then
                    local IFS=$'\\n'
                    COMPREPLY=($(compgen -W "$(_nstar_containers)" -- "$cur"))
                    # bash completes the part after the last ':' of the word (COMP_WORDBREAKS).
                    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
                      local prefix=${cur%"${cur##*:}"} k
                      for k in "${!COMPREPLY[@]}"; do COMPREPLY[k]=${COMPREPLY[k]#"$prefix"}; done
                    fi
                    type compopt &> /dev/null && compopt +o default
                    return 0
                  fi
                  _complete_nstar "$@"
                }

                complete -F _nstar_complete -o default nstar
                """);
        return s.toString();
    }

    /** Every option name, of nstar and its commands, that takes a value. */
    static List<String> valueOptions(CommandSpec spec) {
        TreeSet<String> names = new TreeSet<>();
        collectValueOptions(spec, names);
        return new ArrayList<>(names);
    }

    private static void collectValueOptions(CommandSpec spec, TreeSet<String> names) {
        for (OptionSpec o : spec.options()) {
            if (o.arity().max() > 0) {
                names.addAll(List.of(o.names()));
            }
        }
        spec.subcommands().values().forEach(sub -> collectValueOptions(sub.getCommandSpec(), names));
    }

    /** A bash test on $2 (the positional's index) for the CONTAINER positional of a command, if it has one. */
    static java.util.Optional<String> containerRange(CommandSpec command) {
        for (PositionalParamSpec p : command.positionalParameters()) {
            if (CONTAINER.equals(p.paramLabel())) {
                int min = p.index().min();
                int max = p.index().max();
                String test = max == Integer.MAX_VALUE || p.arity().max() == Integer.MAX_VALUE
                        ? "[[ $2 -ge " + min + " ]]"
                        : "[[ $2 -ge " + min + " && $2 -le " + max + " ]]";
                return java.util.Optional.of(test);
            }
        }
        return java.util.Optional.empty();
    }
}
