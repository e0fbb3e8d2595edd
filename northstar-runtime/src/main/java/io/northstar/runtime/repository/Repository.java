package io.northstar.runtime.repository;

import io.northstar.common.Container;
import java.util.Collection;
import java.util.Optional;

/**
 * A configured repository. Everything but {@link Staging} is called from the event loop only;
 * staging runs on the uploading connection's thread and works on a snapshot taken by {@link #begin()}.
 */
public sealed interface Repository permits IndexedRepository {

    String id();

    /** A repository with a key: NPKs are signature checked and mounted through verity. */
    boolean verified();

    Collection<StoredNpk> npks();

    Optional<StoredNpk> get(Container container);

    /** Starts an upload after the checks that need no bytes (capacity). */
    Staging begin() throws RepositoryException;

    /**
     * Makes a verified upload visible (fs: atomic rename to {@code <name>:<version>.npk}). On
     * failure the upload is left for the caller to discard.
     */
    StoredNpk commit(Staged staged) throws RepositoryException;

    /** Removes the NPK (fs: deletes the file; mem: closes the memfd). */
    void remove(Container container) throws RepositoryException;

    /** Releases what the repository holds open (memfds). */
    void close();
}
