package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.runtime.repository.LoadedNpk;
import java.util.Map;
import java.util.Optional;

/** The answer to inspect: what the runtime knows about one container. */
public record ContainerInfo(Container container, LoadedNpk npk, String repository, boolean mounted,
        Optional<Process> process) {

    public ContainerInfo(Container container, LoadedNpk npk, String repository, boolean mounted) {
        this(container, npk, repository, mounted, Optional.empty());
    }

    /** A started container: init's host pid, nanoseconds since the start, cgroup statistics. */
    public record Process(long pid, long uptimeNanos, Map<String, Object> statistics) {
    }
}
