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
 * Reads a non-blocking socket channel (TCP or Unix) as a stream with a per-read timeout. The JDK
 * offers no read timeout on Unix domain socket channels, so each read waits on a private selector.
 * What a read may wait is changed while the connection runs: an absolute deadline for the connect
 * handshake ({@code connect_timeout} after the accept) and for the next request
 * ({@code idle_timeout}), a per-read timeout ({@code npk_stream_timeout}) between the chunks of an
 * install stream.
 */
public final class ChannelInput extends InputStream {

    /** A read that did not get a byte within the current timeout, or not before the deadline. */
    public static final class ReadTimeout extends InterruptedIOException {
        ReadTimeout(String message) {
            super(message);
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private Duration timeout = Duration.ZERO;
    /** System.nanoTime() after which reads fail; meaningful only if {@link #hasDeadline}. */
    private long deadline;
    private boolean hasDeadline;

    public ChannelInput(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Sets the timeout of each following read; {@link Duration#ZERO} waits forever. Clears a deadline. */
    public void timeout(Duration timeout) {
        this.timeout = timeout;
        this.hasDeadline = false;
    }

    /** Reads fail once {@code System.nanoTime()} passes {@code nanoTime}, however much arrived before. */
    public void deadline(long nanoTime) {
        this.timeout = Duration.ZERO;
        this.deadline = nanoTime;
        this.hasDeadline = true;
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
        return read(ByteBuffer.wrap(b, off, len));
    }

    /**
     * Reads into {@code buffer} from its position (at most to its limit), with the timeout or
     * deadline of {@link #read(byte[], int, int)}; a direct buffer takes the bytes from the kernel
     * without the copy the JDK makes for a heap buffer. Returns -1 at end of stream.
     */
    public int read(ByteBuffer buffer) throws IOException {
        if (!buffer.hasRemaining()) {
            return 0;
        }
        boolean limited = hasDeadline || !timeout.isZero();
        long end = hasDeadline ? deadline : System.nanoTime() + timeout.toNanos();
        while (true) {
            if (hasDeadline && System.nanoTime() - end >= 0) {
                // Also when data is waiting: a client that trickles bytes must not stretch the deadline.
                throw new ReadTimeout("deadline passed");
            }
            int n = channel.read(buffer);
            if (n != 0) {
                return n;
            }
            // Bounded waits so that a channel closed by another thread (shutdown) ends the read.
            long waitMillis = 1000;
            if (limited) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new ReadTimeout(hasDeadline ? "deadline passed" : "no data within " + timeout.toMillis() + " ms");
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
