package io.northstar.runtime.mount;

import io.northstar.npk.NpkMeta;
import io.northstar.npk.NpkWriter;
import io.northstar.npk.key.SigningKey;
import io.northstar.runtime.ByteSearch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/** Real squashfs images (mksquashfs) and NPKs (the npk library's writer) for mount tests. */
final class Images {
    static final String HELLO = "hello from squashfs\n";
    static final int RANDOM_SIZE = 256 * 1024;

    private Images() {
    }

    /** Content of /random.bin: incompressible, so its blocks appear verbatim in the image. */
    static byte[] randomContent() {
        byte[] b = new byte[RANDOM_SIZE];
        new Random(42).nextBytes(b);
        return b;
    }

    /** A squashfs image with /hello.txt and /random.bin, made by mksquashfs. */
    static Path squashfs(Path dir) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.write(root.resolve("random.bin"), randomContent());
        return mksquashfs(root, dir.resolve("fs.img"));
    }

    /** {@code image}, a squashfs image of the tree {@code root}, owned by root, made by mksquashfs. */
    static Path mksquashfs(Path root, Path image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mksquashfs", root.toString(), image.toString(), "-noappend", "-no-progress",
                "-quiet", "-all-root").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("mksquashfs failed: " + out);
        }
        return image;
    }

    /** {@code request} with another root hash (its first digit changed): an image that does not match its hash. */
    static MountRequest withWrongRootHash(MountRequest request) {
        VerityParams v = request.verity().orElseThrow();
        String other = (v.rootHash().charAt(0) == '0' ? "1" : "0") + v.rootHash().substring(1);
        return new MountRequest(request.container(), request.source(), request.fsOffset(), request.fsSize(),
                Optional.of(new VerityParams(other, v.dataSize(), v.dataBlockSize(), v.hashBlockSize(), v.saltHex())),
                request.target(), request.mountData());
    }

    /** {@code image} embedded at {@code offset} in a larger file with junk before and after. */
    static Path embed(Path image, Path file, int offset, int trailer) throws IOException {
        byte[] junk = new byte[Math.max(offset, trailer)];
        Arrays.fill(junk, (byte) 0x5A);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(junk, 0, offset);
            out.write(Files.readAllBytes(image));
            out.write(junk, 0, trailer);
        }
        return file;
    }

    /** A signed NPK of {@code image}; returns the file, signed with {@code key}. */
    static Path signedNpk(Path image, Path npk, SigningKey key) throws IOException {
        byte[] manifest = "name: hello\nversion: 0.0.1\ninit: /hello\nuid: 1000\ngid: 1000\n".getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.write(npk, NpkMeta.current(), manifest, ch, ch.size(),
                    Optional.of(NpkWriter.Signing.random(key, new SecureRandom())));
        }
        return npk;
    }

    static SigningKey newKey() {
        return SigningKey.generate(new SecureRandom());
    }

    /** Offset in {@code file} of the first byte of /random.bin's content (stored verbatim). */
    static long offsetOfRandomContent(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] needle = Arrays.copyOf(randomContent(), 64);
        int offset = ByteSearch.indexOf(all, needle);
        if (offset < 0) {
            throw new IOException("random.bin content not found verbatim in " + file);
        }
        return offset;
    }

    /** Flips one byte of {@code file} at {@code offset}. */
    static void corrupt(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.flip();
            byte v = b.get(0);
            b.put(0, (byte) ~v);
            ch.write(b, offset);
            ch.force(true);
        }
    }
}
