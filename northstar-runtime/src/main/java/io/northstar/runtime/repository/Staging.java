package io.northstar.runtime.repository;

/**
 * An upload in progress: bytes of an NPK go into a place that no one else sees (a temp file in the
 * repository directory, or an unsealed memfd). Used by one console connection thread only, never
 * by the event loop, so the loop is not blocked by slow uploads.
 */
public interface Staging {

    /** Appends bytes; fails (and the caller must {@link #discard()}) when a capacity limit is hit. */
    void write(byte[] bytes, int offset, int length) throws RepositoryException;

    /** Ends the upload: seals (mem), then reads and verifies the NPK. */
    Staged finish() throws RepositoryException;

    /** Removes everything of this upload. Safe to call more than once, also after finish(). */
    void discard();
}
