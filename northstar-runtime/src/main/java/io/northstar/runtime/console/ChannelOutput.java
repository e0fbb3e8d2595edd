package io.northstar.runtime.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/** Writes whole buffers to a non-blocking channel, waiting for writability as needed. */
final class ChannelOutput implements Outbox.LineWriter {

    private final SocketChannel channel;
    private final Selector selector;

    ChannelOutput(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_WRITE);
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                selector.select(1000);
                selector.selectedKeys().clear();
                if (!channel.isOpen()) {
                    throw new IOException("connection closed");
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
