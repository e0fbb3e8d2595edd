package io.northstar.runtime.repository;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of one upload going into its staging channel (a temp file or an unsealed memfd), the
 * repository's size limit checked as they arrive: an upload bigger than the capacity must not fill
 * the disk or memory first (the final size is at least what arrived so far).
 */
final class UploadChannel {
    private static final Logger LOG = LoggerFactory.getLogger(UploadChannel.class);

    /** The repository's limit for an upload that has reached {@code size} bytes. */
    @FunctionalInterface
    interface Limit {
        void check(long size) throws RepositoryException;
    }

    private final FileChannel channel;
    private final String target;
    private final Limit limit;
    private long written;

    /** @param target for messages: the temp file, or "memfd" */
    UploadChannel(FileChannel channel, String target, Limit limit) {
        this.channel = channel;
        this.target = target;
        this.limit = limit;
    }

    /** Writes all of {@code bytes} (a direct buffer goes to the kernel without a copy). */
    void write(ByteBuffer bytes) throws RepositoryException {
        int length = bytes.remaining();
        limit.check(written + length);
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new RepositoryException("failed to write " + target + ": " + e.getMessage(), e);
        }
        written += length;
    }

    long written() {
        return written;
    }

    FileChannel channel() {
        return channel;
    }

    /** Closes the channel at the end of a complete upload; the limit is checked once more. */
    void finish() throws RepositoryException {
        try {
            channel.close();
        } catch (IOException e) {
            throw new RepositoryException("failed to write " + target + ": " + e.getMessage(), e);
        }
        limit.check(written);
    }

    /** Closes the channel of an upload that is abandoned. */
    void abandon() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing {}: {}", target, e.toString());
        }
    }
}
