package io.northstar.sextant;

import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.ManifestException;
import io.northstar.npk.NpkException;
import io.northstar.npk.NpkMeta;
import io.northstar.npk.NpkWriter;
import io.northstar.npk.key.SigningKey;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code sextant pack}: manifest + root directory → squashfs (mksquashfs) →
 * NPK, signed with verity data when a key is given (spec npk-format §10.1).
 */
final class Packer {
    /** The options of {@code sextant pack}. */
    record Request(Path manifest, Optional<Path> root, Path out, Optional<Path> key, Compression compression,
                   OptionalInt blockSize, String mksquashfs, OptionalInt clones) {
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
            Mksquashfs mksquashfs = Mksquashfs.find(request.mksquashfs(), work);
            if (mksquashfs.dropsXattrs(manifest)) {
                warnings.println("sextant: warning: mksquashfs " + mksquashfs.version() + " cannot write xattr pseudo definitions;"
                        + " /dev nodes are packed without SELinux labels (needs squashfs-tools >= 4.6)");
                warnings.flush();
            }
            Path image = work.resolve("fs.img");
            mksquashfs.build(root, image, manifest, request.compression(), request.blockSize(), work);
            SecureRandom random = new SecureRandom();
            try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
                long size = channel.size();
                for (int i = 0; i < manifests.size(); i++) {
                    byte[] manifestBytes = manifests.get(i).toYaml().getBytes(StandardCharsets.UTF_8);
                    Optional<NpkWriter.Signing> signing = key.map(k -> NpkWriter.Signing.random(k, random));
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
