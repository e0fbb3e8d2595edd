package io.northstar.npk;

import java.nio.channels.SeekableByteChannel;

/** Lets tests in other packages use {@link InMemoryChannel}. */
public final class InMemoryChannelAccess {
    public SeekableByteChannel of(byte[] data) {
        return new InMemoryChannel(data);
    }
}
