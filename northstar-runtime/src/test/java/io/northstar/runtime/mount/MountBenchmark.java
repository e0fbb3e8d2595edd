package io.northstar.runtime.mount;

import io.northstar.common.Container;
import io.northstar.npk.Npk;
import io.northstar.npk.key.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Prints mount/umount latencies for an unverified and a verified image of a
 * given size (kernel dm-verity where available, else the user-space check).
 * Needs root. Run: {@code java -cp <test classpath> io.northstar.runtime.mount.MountBenchmark [MiB] [rounds]}.
 */
public final class MountBenchmark {
    private MountBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("mount-benchmark");
        try {
            Path root = Files.createDirectories(dir.resolve("root"));
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(1);
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                Files.write(root.resolve("f" + i), chunk);
            }
            Path image = Images.mksquashfs(root, dir.resolve("fs.img"));
            SigningKey key = Images.newKey();
            Path npkFile = Images.signedNpk(image, dir.resolve("bench.npk"), key);
            Npk npk = Npk.read(npkFile, Optional.of(key.verifyingKey()));
            Container c = Container.of("bench", "0.0.1");
            try (ImageMounter mounter = ImageMounter.open(Duration.ofSeconds(10))) {
                System.out.printf("image %d MiB (%d bytes squashfs), %d rounds, device-mapper: %s%n", mib,
                        Files.size(image), rounds, mounter.hasDeviceMapper());
                MountRequest verified = MountRequest.of(c, new ImageSource.File(npkFile), npk, dir.resolve("run/bench"));
                MountRequest plain = new MountRequest(c, verified.source(), verified.fsOffset(), verified.fsSize(),
                        Optional.empty(), verified.target());
                run("unverified", mounter, plain, rounds);
                run("verified", mounter, verified, rounds);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void run(String what, ImageMounter mounter, MountRequest request, int rounds) throws Exception {
        long mountTotal = 0;
        long umountTotal = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            MountedImage m = mounter.mount(request);
            long t1 = System.nanoTime();
            mounter.umount(m);
            long t2 = System.nanoTime();
            mountTotal += t1 - t0;
            umountTotal += t2 - t1;
        }
        System.out.printf("%-10s mount %8.2f ms   umount %8.2f ms   (mean of %d)%n", what, mountTotal / 1e6 / rounds,
                umountTotal / 1e6 / rounds, rounds);
    }
}
