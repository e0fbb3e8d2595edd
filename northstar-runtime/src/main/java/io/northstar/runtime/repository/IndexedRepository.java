package io.northstar.runtime.repository;

import io.northstar.common.Container;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What both kinds of repository keep: their configuration and the index of the NPKs they hold,
 * by container. Only the storage of the bytes (files, memfds) differs.
 */
abstract sealed class IndexedRepository implements Repository permits FsRepository, MemRepository {
    final String id;
    final boolean verified;
    final Capacity capacity;
    final NpkLoader loader;
    final Map<Container, StoredNpk> npks;

    IndexedRepository(String id, boolean verified, Capacity capacity, NpkLoader loader, Map<Container, StoredNpk> npks) {
        this.id = id;
        this.verified = verified;
        this.capacity = capacity;
        this.loader = loader;
        this.npks = npks;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final boolean verified() {
        return verified;
    }

    @Override
    public final Collection<StoredNpk> npks() {
        return List.copyOf(npks.values());
    }

    @Override
    public final Optional<StoredNpk> get(Container container) {
        return Optional.ofNullable(npks.get(container));
    }
}
