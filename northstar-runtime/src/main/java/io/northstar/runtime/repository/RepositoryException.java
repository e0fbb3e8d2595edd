package io.northstar.runtime.repository;

/**
 * A repository operation failed. The message is what clients see inside
 * {@code {"unexpected":{"error":...}}} (docs/runtime.md, "Repositories"), so it keeps the Rust wording.
 */
public final class RepositoryException extends Exception {
    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
