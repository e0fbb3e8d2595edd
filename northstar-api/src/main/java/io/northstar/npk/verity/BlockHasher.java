package io.northstar.npk.verity;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Computes {@code SHA-256(salt || block)} for runs of 4096-byte blocks. Hashing
 * the data blocks is the cost of installing and verifying an NPK, so the data
 * level is read in 128 KiB chunks with positional reads (no shared channel
 * position) and spread over the available processors; workers take chunks
 * from a shared counter so a busy core does not hold the others back. Each
 * worker hashes with its own {@link BlockDigest.Hasher}.
 */
final class BlockHasher {
    /**
     * 128 KiB: the chunk just read is still in the core's cache when it is hashed. With 1 MiB
     * chunks a 100 MB image took ~130 ms of CPU (libcrypto, one thread), with 64 to 256 KiB ~90 ms.
     */
    static final int CHUNK_BLOCKS = 32;
    private static final int B = VerityGeometry.BLOCK_SIZE;
    private static final int D = VerityGeometry.DIGEST_SIZE;

    private final byte[] salt;
    private final int threads;
    private final BlockDigest digest;

    BlockHasher(byte[] salt, int threads, BlockDigest digest) {
        this.salt = salt.clone();
        this.threads = Math.max(1, threads);
        this.digest = digest;
    }

    BlockHasher(byte[] salt, int threads) {
        this(salt, threads, BlockDigest.JDK);
    }

    BlockHasher(byte[] salt) {
        this(salt, Runtime.getRuntime().availableProcessors());
    }

    /** Hashes in-memory blocks {@code data[0, blocks*4096)} into {@code out[0, blocks*32)}. */
    void hash(byte[] data, int blocks, byte[] out) {
        try (BlockDigest.Hasher h = digest.hasher(salt)) {
            h.hash(ByteBuffer.wrap(data, 0, blocks * B), out, 0);
        }
    }

    /**
     * Hashes {@code blocks} blocks read from {@code channel} starting at
     * {@code offset} into {@code out[0, blocks*32)}.
     */
    void hash(FileChannel channel, long offset, long blocks, byte[] out) throws IOException {
        if (blocks * D > out.length) {
            throw new IllegalArgumentException("output of " + out.length + " bytes is too small for " + blocks + " hashes");
        }
        long chunks = VerityGeometry.ceilDiv(blocks, CHUNK_BLOCKS);
        int workers = (int) Math.min(threads, chunks);
        AtomicLong next = new AtomicLong();
        Runnable work = () -> {
            try {
                hashChunks(channel, offset, blocks, chunks, next, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        if (workers <= 1) {
            run(work);
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                try {
                    work.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    next.set(chunks); // stop the other workers
                }
            }, "verity-hash-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        boolean interrupted = false;
        for (Thread t : started) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    next.set(chunks);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing verity blocks");
        }
        Throwable e = failure.get();
        if (e instanceof UncheckedIOException u) {
            throw u.getCause();
        } else if (e instanceof RuntimeException r) {
            throw r;
        } else if (e instanceof Error err) {
            throw err;
        }
    }

    private void hashChunks(FileChannel channel, long offset, long blocks, long chunks, AtomicLong next, byte[] out)
            throws IOException {
        try (BlockDigest.Hasher h = digest.hasher(salt)) {
            hashChunks(h, channel, offset, blocks, chunks, next, out);
        }
    }

    private static void hashChunks(BlockDigest.Hasher h, FileChannel channel, long offset, long blocks, long chunks,
                                   AtomicLong next, byte[] out) throws IOException {
        ByteBuffer buffer = h.buffer((int) Math.min(blocks, CHUNK_BLOCKS) * B);
        long chunk;
        while ((chunk = next.getAndIncrement()) < chunks) {
            long first = chunk * CHUNK_BLOCKS;
            int n = (int) Math.min(CHUNK_BLOCKS, blocks - first);
            buffer.clear().limit(n * B);
            long position = offset + first * B;
            while (buffer.hasRemaining()) {
                int r = channel.read(buffer, position + buffer.position());
                if (r < 0) {
                    throw new EOFException("end of file at offset " + (position + buffer.position())
                            + " while reading verity data block " + (first + buffer.position() / B));
                }
            }
            buffer.flip();
            h.hash(buffer, out, (int) (first * D));
        }
    }

    private static void run(Runnable work) throws IOException {
        try {
            work.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
