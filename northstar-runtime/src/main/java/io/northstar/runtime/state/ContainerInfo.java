package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.runtime.repository.LoadedNpk;

/** The answer to inspect: what the runtime knows about one container. */
public record ContainerInfo(Container container, LoadedNpk npk, String repository, boolean mounted) {
}
