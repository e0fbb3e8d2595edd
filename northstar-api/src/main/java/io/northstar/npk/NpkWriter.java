package io.northstar.npk;

import io.northstar.npk.key.SigningKey;
import io.northstar.npk.verity.VerityGeometry;
import io.northstar.npk.verity.VeritySuperblock;
import io.northstar.npk.verity.VerityTree;
import io.northstar.npk.zip.EntryPart;
import io.northstar.npk.zip.ZipWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes an NPK (docs/npk-format.md, "Writing an NPK"): {@code manifest.yaml}, for signed NPKs
 * {@code signature.yaml}, and {@code fs.img} 4096-aligned, all stored, with
 * the meta as zip comment. For the same inputs (manifest bytes, image, salt,
 * UUID, key) the file is byte-identical to the Rust packer's.
 *
 * <p>Unlike the Rust library, the squashfs image is never modified: the verity
 * superblock and tree are computed from it and written straight into the zip.
 */
public final class NpkWriter {
    private NpkWriter() {
    }

    /**
     * How to sign: key, verity salt and superblock UUID.
     *
     * @param salt 32 bytes for NPKs Northstar would write (up to 256 allowed)
     */
    public record Signing(SigningKey key, byte[] salt, UUID uuid) {
        public Signing {
            salt = salt.clone();
        }

        /** Fresh 32-byte salt and random version-4 UUID, as every Rust pack uses. */
        public static Signing random(SigningKey key, SecureRandom random) {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            byte[] u = new byte[16];
            random.nextBytes(u);
            u[6] = (byte) ((u[6] & 0x0f) | 0x40);
            u[8] = (byte) ((u[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(u);
            return new Signing(key, salt, new UUID(b.getLong(), b.getLong()));
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }
    }

    /** Where fs.img went, and the signature if signed. */
    public record Result(FsImage fsImage, Optional<NpkSignature> signature) {
    }

    /**
     * Writes the NPK to {@code out} atomically: into a temporary file beside it,
     * renamed over {@code out} when complete; on failure nothing is left behind.
     */
    public static Result write(Path out, NpkMeta meta, byte[] manifest, FileChannel image, long imageSize,
                               Optional<Signing> signing) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        // Not Files.createTempFile: that makes the file 0600, and an NPK gets the umask's permissions as in Rust.
        Path tmp = dir.resolve("." + out.getFileName() + "." + Long.toHexString(new SecureRandom().nextLong()) + ".tmp");
        boolean done = false;
        try {
            Result result;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                result = write(channel, meta, manifest, image, imageSize, signing);
                channel.force(true);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return result;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Writes the NPK to {@code out}, whose current position is NPK offset 0.
     *
     * @param image     the squashfs; read, never modified
     * @param imageSize bytes of {@code image} to pack; a multiple of 4096 when signing
     */
    public static Result write(WritableByteChannel out, NpkMeta meta, byte[] manifest, FileChannel image, long imageSize,
                               Optional<Signing> signing) throws IOException {
        byte[] comment = meta.toBytes();
        List<EntryPart> fsParts = new ArrayList<>();
        fsParts.add(new EntryPart.FileRange(image, 0, imageSize));
        NpkSignature signature = null;
        if (signing.isPresent()) {
            Signing s = signing.get();
            if (imageSize <= 0 || imageSize % VerityGeometry.BLOCK_SIZE != 0) {
                throw new IOException("image size " + imageSize + " is not a positive multiple of "
                        + VerityGeometry.BLOCK_SIZE + " bytes, which dm-verity needs (mksquashfs pads to 4 KiB unless -nopad)");
            }
            VerityTree tree = VerityTree.build(image, 0, imageSize, s.salt());
            VeritySuperblock superblock = VeritySuperblock.of(s.uuid(), s.salt(), tree.geometry().dataBlocks());
            fsParts.add(new EntryPart.Bytes(superblock.toBytes()));
            fsParts.add(new EntryPart.Bytes(tree.toBytes()));
            HashesDocument hashes = new HashesDocument(Sha256.digest(comment), Sha256.digest(manifest),
                    Sha256.of(tree.rootHash()), imageSize);
            signature = NpkSignature.create(hashes, s.key());
        }
        ZipWriter zip = new ZipWriter(out);
        zip.add(Npk.MANIFEST, manifest);
        if (signature != null) {
            zip.add(NpkSignature.ENTRY, signature.toBytes());
        }
        long fsSize = fsParts.stream().mapToLong(EntryPart::size).sum();
        long fsOffset = zip.add(FsImage.ENTRY, fsParts, FsImage.ALIGNMENT);
        zip.finish(comment);
        return new Result(new FsImage(fsOffset, fsSize), Optional.ofNullable(signature));
    }
}
