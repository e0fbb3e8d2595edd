package io.northstar.npk.verity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.UUID;

/** Data areas for verity tests. */
final class VerityFixtures {
    /** Salt 0x00..0x1F of spec §12. */
    static final byte[] SPEC_SALT = sequence(0x00, 32);
    /** UUID bytes 0x10..0x1F of spec §12. */
    static final UUID SPEC_UUID = UUID.fromString("10111213-1415-1617-1819-1a1b1c1d1e1f");

    private VerityFixtures() {
    }

    static byte[] sequence(int first, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    /** Spec §12.1 data: block i is 4096 bytes of value i mod 251. */
    static Path specData(Path dir, int blocks) throws IOException {
        Path file = dir.resolve("spec-" + blocks + ".img");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            for (int i = 0; i < blocks; i++) {
                block.clear();
                java.util.Arrays.fill(block.array(), (byte) (i % 251));
                while (block.hasRemaining()) {
                    ch.write(block);
                }
            }
        }
        return file;
    }

    /** Pseudo-random data, reproducible by seed. */
    static Path randomData(Path dir, int blocks, long seed) throws IOException {
        Path file = dir.resolve("random-" + blocks + "-" + seed + ".img");
        Random random = new Random(seed);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer chunk = ByteBuffer.allocate(4096 * 64);
            int written = 0;
            while (written < blocks) {
                int n = Math.min(64, blocks - written);
                random.nextBytes(chunk.array());
                chunk.clear().limit(n * 4096);
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
                written += n;
            }
        }
        return file;
    }
}
