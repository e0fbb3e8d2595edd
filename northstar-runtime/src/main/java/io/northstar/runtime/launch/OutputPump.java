package io.northstar.runtime.launch;

import io.northstar.common.Container;
import io.northstar.console.LogLine;
import io.northstar.runtime.logs.LogRun;
import io.northstar.runtime.sys.Errno;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import io.northstar.runtime.sys.UnixSockets;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime end of a container's stdout or stderr (docs/runtime.md, "Output"): one thread reads
 * until end of file, either logging each line prefixed with the container ({@code io: pipe}) or
 * copying the bytes to the runtime's own stream ({@code io: inherit}).
 */
final class OutputPump {

    /** The logger of container output lines; its last segment is what the log layout prints. */
    static final Logger CONTAINER_LOG = LoggerFactory.getLogger("io.northstar.runtime.container");
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int CHUNK = 64768;
    private static final long DRAIN_MILLIS = 2000;

    private final NativeFd fd;
    private final Thread thread;

    private OutputPump(NativeFd fd, String name, Sink sink) {
        this.fd = fd;
        this.thread = new Thread(() -> pump(sink), name);
        this.thread.setDaemon(true);
    }

    private interface Sink {
        void accept(byte[] data) throws IOException;

        void end() throws IOException;
    }

    /**
     * Logs every line (split on \n, a trailing \r dropped, a last unterminated line included, a line
     * longer than {@code maxLine} bytes split into marked pieces: {@link OutputLines}) and keeps it in
     * {@code run} for logs requests. Control characters in a line are escaped by the log layout, so no
     * line can pass for another.
     */
    static OutputPump lines(NativeFd fd, Container container, LogLine.Stream stream, int maxLine, LogRun run) {
        OutputLines lines = new OutputLines(maxLine, text -> {
            // kept before it is logged: a line in the log can be asked for with logs
            run.append(stream, text);
            CONTAINER_LOG.info("{}: {}", container, text);
        });
        Sink sink = new Sink() {
            @Override
            public void accept(byte[] data) {
                lines.accept(data, 0, data.length);
            }

            @Override
            public void end() {
                lines.end();
            }
        };
        return start(new OutputPump(fd, "io-" + container + "-" + stream.wireName(), sink));
    }

    /** Copies the bytes unchanged to {@code out} (the runtime's stdout or stderr). */
    static OutputPump raw(NativeFd fd, Container container, String stream, OutputStream out) {
        Sink sink = new Sink() {
            @Override
            public void accept(byte[] data) throws IOException {
                out.write(data);
                out.flush();
            }

            @Override
            public void end() {
            }
        };
        return start(new OutputPump(fd, "io-" + container + "-" + stream, sink));
    }

    private static OutputPump start(OutputPump pump) {
        pump.thread.start();
        return pump;
    }

    private void pump(Sink sink) {
        try {
            while (true) {
                byte[] data;
                try {
                    data = fd.read(CHUNK);
                } catch (SyscallException e) {
                    if (e.errno() == Errno.EINTR) {
                        continue;
                    }
                    throw e;
                }
                if (data.length == 0) {
                    break;
                }
                sink.accept(data);
            }
            sink.end();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Reading {}: {}", thread.getName(), e.toString());
        }
    }

    /**
     * Waits for the end of the output (the container is gone, so it comes), forces it if some
     * process still holds the other end, and closes the descriptor.
     */
    void close() {
        try {
            thread.join(DRAIN_MILLIS);
            if (thread.isAlive()) {
                UnixSockets.shutdown(fd);
                thread.join(DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // Closing under a blocked read could hand the number to another file: leak it instead.
            LOG.error("{} does not end; leaving its descriptor open", thread.getName());
            return;
        }
        fd.closeQuietly();
    }
}
