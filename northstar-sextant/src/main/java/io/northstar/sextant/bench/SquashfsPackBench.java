package io.northstar.sextant.bench;

import io.northstar.sextant.squashfs.Compressor;
import io.northstar.sextant.squashfs.DirectoryScanner;
import io.northstar.sextant.squashfs.Node;
import io.northstar.sextant.squashfs.SquashfsWriter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Benchmark: the Java squashfs writer against mksquashfs on one directory
 * tree, for gzip and zstd: median wall time of several runs (after one
 * warm-up run each) and image size. mksquashfs gets the arguments
 * {@code sextant pack --mksquashfs} passes it. Prints figures; asserts nothing.
 *
 * <pre>bin/launch northstar-sextant io.northstar.sextant.bench.SquashfsPackBench [--runs N] [--mksquashfs PATH] DIR</pre>
 */
public final class SquashfsPackBench {
    private SquashfsPackBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String mksquashfs = "mksquashfs";
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--mksquashfs" -> mksquashfs = args[++i];
                default -> dir = Path.of(args[i]);
            }
        }
        if (dir == null || !Files.isDirectory(dir)) {
            System.err.println("usage: SquashfsPackBench [--runs N] [--mksquashfs PATH] DIR");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("squashfs-bench-");
        try {
            System.out.printf(Locale.ROOT, "tree: %s (%d MB in files), %d cores, %d runs each, median%n", dir,
                    treeBytes(dir) >> 20, Runtime.getRuntime().availableProcessors(), runs);
            System.out.printf(Locale.ROOT, "%-6s %-12s %10s %12s%n", "comp", "writer", "time [s]", "size [bytes]");
            for (String comp : List.of("gzip", "zstd")) {
                Path image = work.resolve("java.img");
                final Path tree = dir;
                double java = median(runs, () -> {
                    Node.Directory root = new DirectoryScanner(OptionalInt.of(1000), OptionalInt.of(1000), OptionalLong.of(0)).scan(tree);
                    Compressor c = comp.equals("gzip") ? new Compressor.Gzip() : new Compressor.Zstd();
                    SquashfsWriter.write(root, image, new SquashfsWriter.Options(c, SquashfsWriter.Options.DEFAULT_BLOCK_SIZE, 0,
                            Runtime.getRuntime().availableProcessors()));
                });
                System.out.printf(Locale.ROOT, "%-6s %-12s %10.2f %12d%n", comp, "sextant", java, Files.size(image));
                Path msImage = work.resolve("mksquashfs.img");
                final String tool = mksquashfs;
                double ms = median(runs, () -> {
                    Process p = new ProcessBuilder(tool, tree.toString(), msImage.toString(), "-noappend", "-no-progress", "-quiet",
                            "-force-uid", "1000", "-force-gid", "1000", "-comp", comp)
                            .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
                    if (p.waitFor() != 0) {
                        throw new IOException(tool + " failed with exit code " + p.exitValue());
                    }
                });
                System.out.printf(Locale.ROOT, "%-6s %-12s %10.2f %12d%n", comp, "mksquashfs", ms, Files.size(msImage));
            }
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double median(int runs, Run run) throws Exception {
        run.run();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            run.run();
            times.add((System.nanoTime() - start) / 1e9);
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    private static long treeBytes(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
