package io.northstar.npk.verity;

import io.northstar.npk.NpkException;

/** An image does not match its dm-verity hash tree or signed root hash. */
public final class VerityException extends NpkException {
    private final VerityFailure failure;

    public VerityException(VerityFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    /** The block that failed. */
    public VerityFailure failure() {
        return failure;
    }
}
