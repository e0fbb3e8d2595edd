package io.northstar.npk;

/**
 * An NPK (or one of its parts: zip structure, meta, signature, manifest, verity
 * data, key) is malformed or does not verify. The message names the part that
 * failed and why, e.g. {@code "manifest.yaml: SHA-256 ... does not match the
 * signed hash ..."}.
 */
public class NpkException extends Exception {
    public NpkException(String message) {
        super(message);
    }

    public NpkException(String message, Throwable cause) {
        super(message, cause);
    }
}
