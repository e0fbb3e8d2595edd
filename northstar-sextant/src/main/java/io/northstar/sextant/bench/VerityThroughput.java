package io.northstar.sextant.bench;

import io.northstar.npk.verity.VerityFormatter;
import io.northstar.npk.verity.VerityTree;
import io.northstar.npk.verity.VerityVerifier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Benchmark: dm-verity hash tree throughput (what installing and verifying an
 * NPK costs) next to {@code sha256sum} and {@code openssl dgst -sha256} of the
 * same file, all from the page cache. Prints figures; asserts nothing.
 *
 * <pre>bench/verity-throughput [--size-mib N] [--runs N] [FILE]</pre>
 */
public final class VerityThroughput {
    private VerityThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long sizeMib = 256;
        int runs = 5;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mib" -> sizeMib = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: verity-throughput [--size-mib N (default 256)] [--runs N (default 5)] [FILE]");
                    return;
                }
                default -> file = Path.of(args[i]);
            }
        }
        boolean temporary = file == null;
        if (temporary) {
            file = Files.createTempFile("verity-bench-", ".img");
            writeRandom(file, sizeMib << 20);
        }
        try {
            run(file, runs);
        } finally {
            if (temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void run(Path file, int runs) throws Exception {
        long size = Files.size(file) / 4096 * 4096;
        if (size == 0) {
            throw new IllegalArgumentException(file + " is smaller than one 4096-byte block");
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        System.out.printf(Locale.ROOT, "file: %s, %d MiB hashed (%d blocks of 4096), %d processors, %s%n",
                file, size >> 20, size / 4096, cpus, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "load average: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        // Warm the page cache and the JIT.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            VerityTree.build(ch, 0, size, salt, cpus);
            VerityTree.build(ch, 0, Math.min(size, 64L << 20), salt, 1);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-44s %10s %10s%n", "", "best MB/s", "median");
        List<Integer> threadCounts = cpus > 1 ? List.of(cpus, 1) : List.of(1);
        for (int threads : threadCounts) {
            double[] rates = new double[runs];
            for (int r = 0; r < runs; r++) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    long t0 = System.nanoTime();
                    VerityTree.build(ch, 0, size, salt, threads);
                    rates[r] = mbPerSecond(size, System.nanoTime() - t0);
                }
            }
            print("VerityTree.build, " + threads + " thread" + (threads > 1 ? "s" : ""), rates);
        }
        // The user-space verifier on a formatted copy (data | superblock | tree).
        Path formatted = Files.createTempFile("verity-bench-formatted-", ".img");
        try {
            try (FileChannel src = FileChannel.open(file, StandardOpenOption.READ);
                 FileChannel dst = FileChannel.open(formatted, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long copied = 0;
                while (copied < size) {
                    copied += src.transferTo(copied, size - copied, dst);
                }
                byte[] root = VerityFormatter.format(dst, size, salt, UUID.randomUUID()).rootHash();
                double[] rates = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    VerityVerifier.verify(dst, 0, size, size + 4096, root, salt, cpus);
                    rates[r] = mbPerSecond(size, System.nanoTime() - t0);
                }
                print("VerityVerifier.verify, " + cpus + " thread" + (cpus > 1 ? "s" : ""), rates);
            }
        } finally {
            Files.deleteIfExists(formatted);
        }
        external(List.of("sha256sum", file.toString()), size, runs);
        external(List.of("openssl", "dgst", "-sha256", file.toString()), size, runs);
        System.out.println();
        System.out.println("MB = 10^6 bytes. sha256sum and openssl hash the file once on one core (no salt, no tree);");
        System.out.println("the tree hashes 4096-byte blocks (salted) plus ~1/128 more for the upper levels.");
    }

    private static void external(List<String> command, long size, int runs) throws IOException, InterruptedException {
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                System.out.printf(Locale.ROOT, "%-44s %s%n", String.join(" ", command.subList(0, command.size() - 1)),
                        "not available: " + e.getMessage());
                return;
            }
            int rc = p.waitFor();
            long elapsed = System.nanoTime() - t0;
            if (rc != 0) {
                System.out.printf(Locale.ROOT, "%-44s failed with exit code %d%n", command.get(0), rc);
                return;
            }
            rates[r] = mbPerSecond(size, elapsed);
        }
        print(String.join(" ", command.subList(0, command.size() - 1)) + " (process incl. start-up)", rates);
    }

    private static void print(String label, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-44s %10.0f %10.0f%n", label, sorted[sorted.length - 1], sorted[sorted.length / 2]);
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static void writeRandom(Path file, long bytes) throws IOException {
        Random random = new Random(42);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long written = 0;
            while (written < bytes) {
                random.nextBytes(buffer.array());
                buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - written));
                while (buffer.hasRemaining()) {
                    written += ch.write(buffer);
                }
            }
        }
    }

}
