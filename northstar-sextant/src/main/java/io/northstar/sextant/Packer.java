package io.northstar.sextant;

import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.ManifestException;
import io.northstar.npk.NpkException;
import io.northstar.npk.NpkMeta;
import io.northstar.npk.NpkWriter;
import io.northstar.npk.key.SigningKey;
import io.northstar.sextant.squashfs.Compressor;
import io.northstar.sextant.squashfs.SquashfsWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code sextant pack}: manifest + root directory → squashfs (the Java writer,
 * or mksquashfs on request) → NPK, signed with verity data when a key is given
 * (spec npk-format §10.1).
 */
final class Packer {
    /** The options of {@code sextant pack}. */
    /**
     * @param mksquashfs the mksquashfs binary to build the image with, or empty for the Java writer
     * @param times      entry and superblock times of the Java writer (mksquashfs takes its own)
     */
    record Request(Path manifest, Optional<Path> root, Path out, Optional<Path> key, Compression compression,
                   OptionalInt blockSize, Optional<String> mksquashfs, OptionalInt clones, JavaSquashfs.Times times) {
    }

    private Packer() {
    }

    /**
     * Packs and returns the NPKs written. Nothing is left behind on failure:
     * the image is built in a temporary directory and each NPK is renamed into
     * place only when complete.
     */
    static List<Path> pack(Request request, PrintWriter warnings) throws SextantException, IOException {
        Manifest manifest = readManifest(request.manifest());
        Optional<SigningKey> key = Optional.empty();
        if (request.key().isPresent()) {
            try {
                key = Optional.of(SigningKey.read(request.key().get()));
            } catch (NpkException e) {
                throw new SextantException(e.getMessage(), e);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new SextantException("key file " + request.key().get() + " does not exist", e);
            }
        }
        if (request.root().isPresent() && !Files.isDirectory(request.root().get())) {
            throw new SextantException("root directory " + request.root().get() + " does not exist or is not a directory");
        }
        List<Manifest> manifests = clones(manifest, request.clones());
        List<Path> outputs = new ArrayList<>();
        if (request.clones().isPresent() && !Files.isDirectory(request.out())) {
            throw new SextantException("--out " + request.out() + " must be an existing directory when --clones is given");
        }
        for (Manifest m : manifests) {
            outputs.add(outputPath(request.out(), m));
        }
        Path parent = outputs.get(0).toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new SextantException("output directory " + parent + " does not exist");
        }

        Path work = Files.createTempDirectory("sextant-pack-");
        try {
            Path root = request.root().orElse(null);
            if (root == null) {
                root = Files.createDirectory(work.resolve("root"));
            }
            Path image = work.resolve("fs.img");
            Optional<Compressor> javaCompressor = JavaSquashfs.compressor(request.compression(), blockSize(request.blockSize()));
            if (request.mksquashfs().isEmpty() && javaCompressor.isPresent()) {
                JavaSquashfs.build(root, image, manifest, javaCompressor.get(), blockSize(request.blockSize()), request.times());
            } else {
                if (request.mksquashfs().isEmpty()) {
                    warnings.println("sextant: note: the Java squashfs writer has no " + request.compression().name().toLowerCase(java.util.Locale.ROOT)
                            + " compression; packing with mksquashfs");
                    warnings.flush();
                }
                Mksquashfs mksquashfs = Mksquashfs.find(request.mksquashfs().orElse("mksquashfs"), work);
                if (mksquashfs.dropsXattrs(manifest)) {
                    warnings.println("sextant: warning: mksquashfs " + mksquashfs.version() + " cannot write xattr pseudo definitions;"
                            + " /dev nodes are packed without SELinux labels (needs squashfs-tools >= 4.6, or pack without --mksquashfs)");
                    warnings.flush();
                }
                mksquashfs.build(root, image, manifest, request.compression(), request.blockSize(), work);
            }
            try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
                long size = channel.size();
                for (int i = 0; i < manifests.size(); i++) {
                    byte[] manifestBytes = manifests.get(i).toYaml().getBytes(StandardCharsets.UTF_8);
                    Optional<NpkWriter.Signing> signing = key.isEmpty() ? Optional.empty()
                            : Optional.of(signing(key.get(), manifestBytes, channel));
                    try {
                        NpkWriter.write(outputs.get(i), NpkMeta.current(), manifestBytes, channel, size, signing);
                    } catch (IOException e) {
                        throw new SextantException("writing " + outputs.get(i) + ": " + e.getMessage(), e);
                    }
                }
            }
            return outputs;
        } finally {
            deleteRecursively(work);
        }
    }

    /** The Java writer's block size: {@code -b} if given (a power of two, 4 KiB to 1 MiB), else 128 KiB. */
    static int blockSize(OptionalInt requested) throws SextantException {
        if (requested.isEmpty()) {
            return SquashfsWriter.Options.DEFAULT_BLOCK_SIZE;
        }
        int b = requested.getAsInt();
        if (b < 4096 || b > 1 << 20 || Integer.bitCount(b) != 1) {
            throw new SextantException("--block-size " + Integer.toUnsignedString(b) + " is not a power of two from 4096 to 1048576");
        }
        return b;
    }

    /**
     * Verity salt and UUID derived from the manifest and the image, so that
     * packing the same tree and manifest again gives the same NPK (Ed25519
     * signatures are deterministic too). A salt only has to differ between
     * images, which a digest of their content does.
     */
    static NpkWriter.Signing signing(SigningKey key, byte[] manifest, FileChannel image) throws IOException {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha.update("northstar-sextant verity salt\0".getBytes(StandardCharsets.US_ASCII));
        sha.update(java.nio.ByteBuffer.allocate(8).putLong(manifest.length).flip());
        sha.update(manifest);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
        long position = 0;
        int n;
        while ((n = image.read(buf.clear(), position)) > 0) {
            position += n;
            sha.update(buf.flip());
        }
        byte[] salt = sha.digest();
        byte[] u = java.util.Arrays.copyOf(sha.digest(salt), 16);
        u[6] = (byte) ((u[6] & 0x0f) | 0x40);
        u[8] = (byte) ((u[8] & 0x3f) | 0x80);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(u);
        return new NpkWriter.Signing(key, salt, new java.util.UUID(b.getLong(), b.getLong()));
    }

    static Manifest readManifest(Path path) throws SextantException, IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SextantException("manifest " + path + " does not exist", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SextantException("manifest " + path + " is not valid UTF-8", e);
        }
        try {
            return Manifest.parse(text);
        } catch (ManifestException | InvalidValueException e) {
            throw new SextantException("manifest " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code --clones N}: for a container with {@code init}, N manifests named
     * {@code <name>-<i>} with i zero-padded to the digits of N; a resource
     * container is packed once under its own name.
     */
    static List<Manifest> clones(Manifest manifest, OptionalInt clones) throws SextantException {
        if (clones.isEmpty() || manifest.isResource()) {
            return List.of(manifest);
        }
        int n = clones.getAsInt();
        if (n < 1) {
            throw new SextantException("--clones must be at least 1, not " + n);
        }
        int digits = Integer.toString(n).length();
        List<Manifest> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = manifest.name().value() + "-" + String.format("%0" + digits + "d", i);
            try {
                result.add(manifest.toBuilder().name(Name.of(name)).build().validate());
            } catch (InvalidValueException e) {
                throw new SextantException("clone " + i + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    /** An existing directory gets {@code <name>-<version>.npk}; anything else is the file to write. */
    static Path outputPath(Path out, Manifest manifest) {
        if (Files.isDirectory(out)) {
            return out.resolve(manifest.name().value() + "-" + manifest.version() + ".npk");
        }
        return out;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
