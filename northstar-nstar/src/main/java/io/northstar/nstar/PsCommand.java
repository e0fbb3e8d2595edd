package io.northstar.nstar;

import io.northstar.client.Client;
import io.northstar.common.Container;
import io.northstar.console.ContainerData;
import picocli.CommandLine.Command;

@Command(name = "ps", description = "List running containers with their PID and uptime.")
final class PsCommand extends ClientCommand {
    @Override
    void run() throws Exception {
        Client client = session().client();
        Table table = new Table("NAME", "VERSION", "PID", "UPTIME", "REPOSITORY");
        for (Container c : client.list().stream().sorted().toList()) {
            ContainerData d = client.inspect(c);
            d.process().ifPresent(p -> table.row(c.name(), c.version(), p.pid(), Table.duration(p.uptime()),
                    d.repository()));
        }
        if (!session().json()) {
            table.print(out());
        }
    }
}
