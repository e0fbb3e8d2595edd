package io.northstar.sextant.squashfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes data and fragment blocks after the superblock. Blocks are
 * compressed on a pool of threads but written strictly in the order they
 * were submitted, so the image does not depend on thread timing.
 */
final class DataWriter implements AutoCloseable {
    /** The uncompressed bit of a data or fragment block's size word. */
    static final int UNCOMPRESSED = 1 << 24;

    /** Told where a block went: its image offset and size word (0 for a sparse block). */
    interface Placed {
        void at(long position, int sizeWord);
    }

    private record Block(byte[] bytes, int length, int sizeWord) {
    }

    private record Pending(Future<Block> block, Placed then) {
    }

    private final FileChannel out;
    private final ExecutorService pool;
    private final ThreadLocal<Compressor> compressors;
    private final ThreadLocal<byte[]> scratch;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final int window;
    private long position;

    DataWriter(FileChannel out, long position, Compressor compressor, int blockSize, int threads) {
        this.out = out;
        this.position = position;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "squashfs-compress");
            t.setDaemon(true);
            return t;
        });
        this.compressors = ThreadLocal.withInitial(compressor::copy);
        this.scratch = ThreadLocal.withInitial(() -> new byte[compressor.bound(blockSize)]);
        this.window = threads * 4;
    }

    /** The image offset where the next block will be written. */
    long position() throws IOException {
        drain(0);
        return position;
    }

    /**
     * Queues {@code block[0, length)}; {@code then} learns where it went, in
     * submission order. The array is owned by this writer from now on.
     */
    void submit(byte[] block, int length, boolean sparseAllowed, Placed then) throws IOException {
        if (sparseAllowed && allZero(block, length)) {
            pending.add(new Pending(java.util.concurrent.CompletableFuture.completedFuture(new Block(block, 0, 0)), then));
        } else {
            pending.add(new Pending(pool.submit(() -> compress(block, length)), then));
        }
        drain(window);
    }

    private Block compress(byte[] block, int length) {
        byte[] dst = scratch.get();
        int n = compressors.get().compress(block, length, dst);
        if (n < 0) {
            return new Block(block, length, length | UNCOMPRESSED);
        }
        byte[] copy = new byte[n];
        System.arraycopy(dst, 0, copy, 0, n);
        return new Block(copy, n, n);
    }

    private static boolean allZero(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes finished blocks in order until at most {@code keep} are queued. */
    private void drain(int keep) throws IOException {
        while (pending.size() > keep) {
            Pending p = pending.poll();
            Block b;
            try {
                b = p.block().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while compressing", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                throw new IOException("compressing a block: " + e.getCause(), e.getCause());
            }
            long at = position;
            ByteBuffer buf = ByteBuffer.wrap(b.bytes(), 0, b.length());
            while (buf.hasRemaining()) {
                position += out.write(buf, position);
            }
            p.then().at(at, b.sizeWord());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
