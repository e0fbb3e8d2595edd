package io.northstar.npk.zip;

import io.northstar.npk.NpkException;

/** The zip structure of an NPK is broken or uses a feature an NPK must not use. */
public final class ZipFormatException extends NpkException {
    public ZipFormatException(String message) {
        super(message);
    }
}
