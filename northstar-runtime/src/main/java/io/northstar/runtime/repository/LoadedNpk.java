package io.northstar.runtime.repository;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.Container;

/** What the runtime knows about an NPK after reading (and verifying) it. */
public interface LoadedNpk {

    Container container();

    /** The manifest in its console JSON form (inspect responses). */
    JsonNode manifestJson();

    /** A resource container: no init, only ever mounted. */
    boolean resource();
}
