package io.northstar.runtime.repository;

import io.northstar.manifest.Manifest;
import io.northstar.common.Container;

/** What the runtime knows about an NPK after reading (and verifying) it. */
public interface LoadedNpk {

    Container container();

    /** The parsed and validated manifest. */
    Manifest manifest();

    /** A resource container: no init, only ever mounted. */
    boolean resource();
}
