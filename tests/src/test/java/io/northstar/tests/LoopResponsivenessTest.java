package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.common.Container;
import io.northstar.console.ContainerResult;
import io.northstar.console.InspectResult;
import io.northstar.console.Request;
import io.northstar.console.Response;
import io.northstar.npk.NpkMeta;
import io.northstar.npk.NpkWriter;
import io.northstar.npk.key.SigningKey;
import io.northstar.runtime.sys.DeviceMapper;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The event loop never waits for a mount (docs/runtime.md, "One state machine, one thread"), against the real
 * daemon: a verified image of a few hundred MiB on a kernel without device-mapper is copied and checked in user
 * space, which takes seconds; meanwhile other clients are answered.
 */
class LoopResponsivenessTest {

    private static final int PAYLOAD_MIB = 384;

    /** An NPK whose image stores {@code PAYLOAD_MIB} of random bytes uncompressed (cheap to pack, costly to verify). */
    private static Path bigNpk(Path work, Path repository) throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree"));
        byte[] block = new byte[1 << 20];
        Random random = new Random(13);
        try (OutputStream out = Files.newOutputStream(tree.resolve("payload.bin"))) {
            for (int i = 0; i < PAYLOAD_MIB; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        Path image = work.resolve("big.squashfs");
        Process mksquashfs = new ProcessBuilder(List.of("mksquashfs", tree.toString(), image.toString(), "-noappend",
                "-quiet", "-all-root", "-noI", "-noD", "-noF", "-noX")).redirectErrorStream(true).start();
        String output = new String(mksquashfs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, mksquashfs.waitFor(), "mksquashfs: " + output);
        Files.delete(tree.resolve("payload.bin"));
        SigningKey key = SigningKey.read(TestNpks.resource("northstar.key", work));
        Path npk = repository.resolve("big:1.0.0.npk");
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.write(npk, NpkMeta.current(), ("name: big\nversion: 1.0.0\ninit: /payload.bin\nuid: 1000\n"
                    + "gid: 1000\n").getBytes(StandardCharsets.UTF_8), channel, channel.size(),
                    Optional.of(NpkWriter.Signing.random(key, new SecureRandom())));
        }
        Files.delete(image);
        return npk;
    }

    @Test
    void listAndInspectAreAnsweredWhileAMountTakesSeconds() throws Exception {
        Host.assumeRuntimeCanRun();
        Host.assumeMksquashfs();
        assumeTrue(DeviceMapper.unavailableReason() != null, "this kernel has device-mapper: a verified mount is "
                + "dm-verity, which checks lazily and is quick; the slow mount here is the user-space check");
        Path base = Files.createTempDirectory("northstar-loop-");
        Path repository = Files.createDirectories(base.resolve("signed"));
        Path pub = TestNpks.resource("northstar.pub", Files.createDirectories(base.resolve("keys")));
        bigNpk(Files.createDirectories(base.resolve("work")), repository);
        TestConfig config = new TestConfig(base).topLevel("user_space_verity_max_size = \"512MiB\"")
                .repository(TestConfig.Repo.fs("signed", repository).key(pub));
        Container big = Container.parse("big:1.0.0");
        try (RuntimeProcess runtime = RuntimeProcess.start(config.write(), base.resolve("runtime.log"));
             ConsoleSession mounting = ConsoleSession.connect(config.console(), false);
             ConsoleSession other = ConsoleSession.connect(config.console(), false)) {
            int mark = runtime.mark();
            mounting.send(new Request.Mount(List.of(big)));
            CompletableFuture<Response> mounted = CompletableFuture.supplyAsync(() -> {
                try {
                    return mounting.response();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The mount is under way (the image was copied and attached; its hash tree is being checked) before the
            // other client asks: the mounter says so at the first verified mount without device-mapper.
            runtime.awaitLog(mark, "verified images are checked in user space", java.time.Duration.ofSeconds(60));
            assertEquals(new Response.List(List.of(big)), other.request(new Request.List()));
            Response inspect = other.request(new Request.Inspect(big));
            assertFalse(mounted.isDone(), "list and inspect were answered before the mount ended");
            assertFalse(((InspectResult.Ok) ((Response.Inspect) inspect).result()).data().mounted());
            assertEquals(new Response.Mount(List.of(new ContainerResult.Ok(big))), mounted.get(120, TimeUnit.SECONDS));
            // The log reader polls: the line may reach it a moment after the response.
            runtime.awaitLog(mark, "Mounted big:1.0.0", java.time.Duration.ofSeconds(10));
            assertEquals(0, runtime.terminate());
        } finally {
            try (var walk = Files.walk(base)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
