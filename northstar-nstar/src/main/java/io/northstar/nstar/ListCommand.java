package io.northstar.nstar;

import io.northstar.client.Client;
import io.northstar.common.Container;
import io.northstar.console.ContainerData;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", description = "List installed containers: repository, mounted, PID, uptime.")
final class ListCommand extends ClientCommand {
    @Option(names = {"-q", "--quiet"},
            description = "Print only NAME:VERSION, one a line (for scripts and the shell completion).")
    boolean quiet;

    @Override
    void run() throws Exception {
        Client client = session().client();
        List<Container> containers = client.list().stream().sorted().toList();
        if (session().json()) {
            return;
        }
        if (quiet) {
            containers.forEach(c -> out().println(c));
            out().flush();
            return;
        }
        Table table = new Table("NAME", "VERSION", "REPOSITORY", "TYPE", "MOUNTED", "PID", "UPTIME");
        for (Container c : containers) {
            ContainerData d = client.inspect(c);
            table.row(c.name(), c.version(), d.repository(), d.manifest().isResource() ? "resource" : "app",
                    d.mounted() ? "yes" : "no",
                    d.process().map(p -> Long.toString(p.pid())).orElse(""),
                    d.process().map(p -> Table.duration(p.uptime())).orElse(""));
        }
        table.print(out());
    }
}
