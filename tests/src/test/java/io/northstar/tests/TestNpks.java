package io.northstar.tests;

import io.northstar.npk.NpkMeta;
import io.northstar.npk.NpkWriter;
import io.northstar.npk.key.SigningKey;
import io.northstar.runtime.ByteSearch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/** NPKs for the tests: the shared hello-0.0.2 vector and ones packed here with mksquashfs + NpkWriter. */
public final class TestNpks {

    private TestNpks() {
    }

    /** Copies a test resource (npk/...) to {@code dir}. */
    public static Path resource(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = TestNpks.class.getResourceAsStream("/npk/" + name)) {
            if (in == null) {
                throw new IOException("test resource /npk/" + name + " is missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    public static byte[] hello() throws IOException {
        try (InputStream in = TestNpks.class.getResourceAsStream("/npk/hello-0.0.2.npk")) {
            return in.readAllBytes();
        }
    }

    /**
     * Packs an application container {@code name:version} with one file; signed with the example
     * key when {@code signed}.
     */
    public static Path pack(Path work, String name, String version, boolean signed) throws Exception {
        String manifest = "name: " + name + "\nversion: " + version + "\ninit: /hello\nuid: 1000\ngid: 1000\n";
        return packRaw(work, name + "-" + version + (signed ? "" : "-unsigned"), manifest, signed);
    }

    /**
     * Packs the one-file image with {@code manifest} taken as it is, not parsed: NPKs with
     * manifests a runtime must refuse (signed when {@code signed}).
     */
    public static Path packRaw(Path work, String name, String manifest, boolean signed) throws Exception {
        Path root = Files.createDirectories(work.resolve("root-" + name));
        Files.writeString(root.resolve("hello"), "#!/bin/sh\necho " + name + "\n");
        return packTree(work, name, manifest, root, signed);
    }

    /** Packs the directory {@code root} as the image, with {@code manifest} taken as it is. */
    public static Path packTree(Path work, String name, String manifest, Path root, boolean signed) throws Exception {
        Path image = work.resolve(name + ".squashfs");
        Process mksquashfs = new ProcessBuilder(List.of("mksquashfs", root.toString(), image.toString(),
                "-noappend", "-quiet", "-all-root")).redirectErrorStream(true).start();
        String output = new String(mksquashfs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (mksquashfs.waitFor() != 0) {
            throw new IOException("mksquashfs failed: " + output);
        }
        Path npk = work.resolve(name + ".npk");
        Optional<NpkWriter.Signing> signing = Optional.empty();
        if (signed) {
            SigningKey key = SigningKey.read(resource("northstar.key", work));
            signing = Optional.of(NpkWriter.Signing.random(key, new SecureRandom()));
        }
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            NpkWriter.write(npk, NpkMeta.current(), manifest.getBytes(StandardCharsets.UTF_8), channel,
                    channel.size(), signing);
        }
        return npk;
    }

    /** A copy of {@code npk} with one byte flipped at {@code offset}. */
    public static byte[] tampered(byte[] npk, int offset) {
        byte[] copy = npk.clone();
        copy[offset] ^= 0x01;
        return copy;
    }

    /** Where {@code part} (a manifest line, a file's bytes) stands verbatim in {@code npk}; fails when it does not. */
    public static int offsetOf(byte[] npk, byte[] part) {
        int offset = ByteSearch.indexOf(npk, part);
        if (offset < 0) {
            throw new AssertionError("not stored verbatim in the NPK: " + part.length + " bytes");
        }
        return offset;
    }
}
