package io.northstar.runtime.seccomp;

/** A seccomp filter cannot be built from the given rules. */
public final class SeccompException extends RuntimeException {
    public SeccompException(String message) {
        super(message);
    }
}
