package io.northstar.runtime.repository;

import java.nio.ByteBuffer;

/**
 * An upload in progress: bytes of an NPK go into a place that no one else sees (a temp file in the
 * repository directory, or an unsealed memfd). Used by one console connection thread only, never
 * by the event loop, so the loop is not blocked by slow uploads.
 */
public interface Staging {

    /**
     * Appends the bytes from the buffer's position to its limit (a direct buffer reaches the kernel
     * without a copy); fails (and the caller must {@link #discard()}) when a capacity limit is hit.
     */
    void write(ByteBuffer bytes) throws RepositoryException;

    /** {@link #write(ByteBuffer)} of {@code bytes[offset, offset+length)}. */
    default void write(byte[] bytes, int offset, int length) throws RepositoryException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Ends the upload: seals (mem), then reads and verifies the NPK. */
    Staged finish() throws RepositoryException;

    /** Removes everything of this upload. Safe to call more than once, also after finish(). */
    void discard();
}
