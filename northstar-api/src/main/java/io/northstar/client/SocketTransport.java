package io.northstar.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A console stream socket (TCP or Unix) with deadlines on every blocking step.
 * The channel is non-blocking and waited on with a selector, because Unix domain
 * channels have no socket adaptor with {@code SO_TIMEOUT}.
 */
final class SocketTransport implements Closeable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final String peer;
    private long readDeadline = System.nanoTime();

    private SocketTransport(SocketChannel channel, Selector selector, String peer) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
        this.peer = peer;
    }

    static SocketTransport connect(ConsoleAddress address, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(address.family());
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            SocketTransport t = new SocketTransport(channel, selector, address.toString());
            if (!channel.connect(address.socketAddress())) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!channel.finishConnect()) {
                    t.await(SelectionKey.OP_CONNECT, deadline, "connecting to " + address);
                }
            }
            return t;
        } catch (SocketTimeoutException e) {
            closeQuietly(channel, selector);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, selector);
            throw new IOException("connecting to console " + address + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            channel.close();
            if (selector != null) {
                selector.close();
            }
        } catch (IOException e) {
            // Nothing more to release; the connect error is what the caller needs to see.
        }
    }

    /** Deadline (System.nanoTime based) for the reads of {@link #input()}. */
    void readDeadline(long deadlineNanos) {
        this.readDeadline = deadlineNanos;
    }

    /** Reads from the socket; a read that sees no data before the deadline throws {@link SocketTimeoutException}. */
    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (true) {
                    int n = channel.read(buffer);
                    if (n != 0 || len == 0) {
                        return n;
                    }
                    await(SelectionKey.OP_READ, readDeadline, "waiting for data from " + peer);
                }
            }
        };
    }

    /** True if a read would not block now: data has arrived or the peer has closed the stream. */
    boolean readable() throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        try {
            return selector.selectNow() > 0;
        } finally {
            selector.selectedKeys().clear();
            key.interestOps(0);
        }
    }

    /** Writes all of {@code buffer}; fails when the peer accepts nothing for {@code timeout}. */
    void write(ByteBuffer buffer, Duration timeout) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(SelectionKey.OP_WRITE, System.nanoTime() + timeout.toNanos(), "writing to " + peer);
            }
        }
    }

    private void await(int op, long deadline, String what) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("timeout " + what);
        }
        key.interestOps(op);
        try {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999)));
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
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
