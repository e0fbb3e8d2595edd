package io.northstar.nstar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.northstar.common.Container;
import io.northstar.console.ContainerData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Show a container's manifest, repository, mount state and process.")
final class InspectCommand extends ClientCommand {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(paramLabel = "CONTAINER", description = "name:version, or name if only one version is installed")
    String container;

    @Override
    void run() throws Exception {
        Container c = session().resolve(container);
        ContainerData data = session().client().inspect(c);
        say(PRETTY.writeValueAsString(data.toJson()));
    }
}
