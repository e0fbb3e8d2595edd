package io.northstar.runtime.repository;

/**
 * A finished, verified upload that is not yet visible in its repository. {@link Repository#commit}
 * makes it visible; {@link #discard()} removes it.
 */
public record Staged(Repository repository, StoredNpk npk, Staging staging) {

    public void discard() {
        staging.discard();
    }
}
