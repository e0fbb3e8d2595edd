package io.northstar.runtime.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Reads a non-blocking socket channel (TCP or Unix) as a stream with a per-read timeout. Java 17
 * offers no read timeout on Unix domain socket channels, so each read waits on a private selector.
 * The timeout is changed while the connection runs: 10 s for the connect handshake, none between
 * requests, {@code npk_stream_timeout} between the chunks of an install stream.
 */
public final class ChannelInput extends InputStream {

    /** A read that did not get a byte within the current timeout. */
    public static final class ReadTimeout extends InterruptedIOException {
        ReadTimeout(Duration timeout) {
            super("no data within " + timeout.toMillis() + " ms");
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private Duration timeout = Duration.ZERO;

    public ChannelInput(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Sets the timeout of each following read; {@link Duration#ZERO} waits forever. */
    public void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        long deadline = timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos();
        while (true) {
            int n = channel.read(buffer);
            if (n != 0) {
                return n;
            }
            // Bounded waits so that a channel closed by another thread (shutdown) ends the read.
            long waitMillis = 1000;
            if (deadline != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ReadTimeout(timeout);
                }
                waitMillis = Math.min(1000, Math.max(1, left / 1_000_000));
            }
            selector.select(waitMillis);
            selector.selectedKeys().clear();
            if (!channel.isOpen()) {
                return -1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
