package io.northstar.nstar;

import io.northstar.common.Container;
import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A container as a user types it: {@code name:version}, or just {@code name}
 * when exactly one version of it is installed.
 */
final class ContainerRef {
    interface Installed {
        List<Container> list() throws IOException;
    }

    private ContainerRef() {
    }

    static Container resolve(String ref, Installed installed) throws IOException, ErrorResponse {
        if (ref.indexOf(':') >= 0) {
            return Container.parse(ref);
        }
        Name name;
        try {
            name = Name.of(ref);
        } catch (InvalidValueException e) {
            throw new ErrorResponse(e.getMessage());
        }
        List<Container> versions = installed.list().stream().filter(c -> c.name().equals(name)).sorted().toList();
        return switch (versions.size()) {
            case 0 -> throw new ErrorResponse("no container named " + name + " is installed");
            case 1 -> versions.get(0);
            default -> throw new ErrorResponse(name + " is installed in several versions ("
                    + versions.stream().map(c -> c.version().toString()).collect(Collectors.joining(", "))
                    + "): say which, e.g. " + versions.get(versions.size() - 1));
        };
    }
}
