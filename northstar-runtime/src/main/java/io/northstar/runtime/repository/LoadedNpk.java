package io.northstar.runtime.repository;

import io.northstar.common.Container;

/** What the runtime knows about an NPK after reading (and verifying) it. */
public interface LoadedNpk {
    Container container();
}
