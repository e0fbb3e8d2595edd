package io.northstar.npk;

import io.northstar.common.Utf8;
import io.northstar.manifest.Manifest;
import io.northstar.manifest.ManifestException;
import io.northstar.npk.key.VerifyingKey;
import io.northstar.npk.verity.VerityException;
import io.northstar.npk.verity.VerityGeometry;
import io.northstar.npk.verity.VeritySuperblock;
import io.northstar.npk.verity.VerityVerifier;
import io.northstar.npk.zip.ZipDirectory;
import io.northstar.npk.zip.ZipEntryRecord;
import io.northstar.npk.zip.ZipFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A loaded NPK (docs/npk-format.md, "Loading"): meta, manifest, optional signature and
 * verity parameters, and where {@code fs.img} lies in the file. Loading reads
 * only the zip directory, the small text entries and the verity superblock;
 * {@code fs.img} itself is left to the loop device, or to
 * {@link #verifyImage(FileChannel)} where there is no device-mapper.
 *
 * <p>The channel is owned by the caller; the runtime keeps it open as the loop
 * device's backing file (an {@code fs} repository file or a sealed memfd).
 */
public final class Npk {
    public static final String MANIFEST = "manifest.yaml";
    static final int MAX_MANIFEST = 16 << 20;
    static final int MAX_SIGNATURE = 64 << 10;

    private final List<String> entryNames;
    private final byte[] comment;
    private final NpkMeta meta;
    private final byte[] manifestBytes;
    private final String manifestText;
    private final Manifest manifest;
    private final byte[] signatureEntry;
    private final NpkSignature signature;
    private final FsImage fsImage;
    private final NpkVerity verity;

    private Npk(List<String> entryNames, byte[] comment, NpkMeta meta, byte[] manifestBytes, String manifestText,
                Manifest manifest, byte[] signatureEntry, NpkSignature signature, FsImage fsImage, NpkVerity verity) {
        this.entryNames = entryNames;
        this.comment = comment;
        this.meta = meta;
        this.manifestBytes = manifestBytes;
        this.manifestText = manifestText;
        this.manifest = manifest;
        this.signatureEntry = signatureEntry;
        this.signature = signature;
        this.fsImage = fsImage;
        this.verity = verity;
    }

    /**
     * Loads and verifies an NPK as a repository with {@code key} does: the
     * signature must verify strictly, the meta and manifest hashes must match
     * and the verity superblock must be present and consistent.
     */
    public static Npk readVerified(SeekableByteChannel channel, VerifyingKey key) throws IOException, NpkException {
        return read(channel, key);
    }

    /**
     * Loads an NPK as a repository without key does: no signature or hash
     * checks, even if it has a {@code signature.yaml}.
     */
    public static Npk readUnverified(SeekableByteChannel channel) throws IOException, NpkException {
        return read(channel, null);
    }

    /** Opens {@code file}, loads it (verified if {@code key} is present) and closes it. */
    public static Npk read(Path file, Optional<VerifyingKey> key) throws IOException, NpkException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, key.orElse(null));
        }
    }

    private static Npk read(SeekableByteChannel channel, VerifyingKey key) throws IOException, NpkException {
        ZipDirectory zip = ZipDirectory.read(channel);
        for (ZipEntryRecord e : zip.entries()) {
            ZipDirectory.requireStored(e);
        }
        ZipEntryRecord manifestEntry = require(zip, MANIFEST);
        ZipEntryRecord fsEntry = require(zip, FsImage.ENTRY);
        Optional<ZipEntryRecord> signatureRecord = zip.entry(NpkSignature.ENTRY);

        // Without a key the runtime never looks at signature.yaml; keep its bytes for inspection but do not
        // let a damaged one reject the NPK.
        byte[] signatureEntry = null;
        if (signatureRecord.isPresent()) {
            signatureEntry = key != null ? zip.readStored(signatureRecord.get(), MAX_SIGNATURE)
                    : zip.readStoredUnchecked(signatureRecord.get(), MAX_SIGNATURE);
        }
        NpkSignature signature = null;
        if (key != null) {
            if (signatureEntry == null) {
                throw new NpkException("failed to locate " + NpkSignature.ENTRY + " in ZIP file (the repository requires signed NPKs)");
            }
            signature = NpkSignature.parse(signatureEntry);
            signature.verify(key);
        }

        byte[] comment = zip.comment();
        if (signature != null) {
            Sha256 actual = Sha256.digest(comment);
            if (!actual.equals(signature.hashes().meta())) {
                throw new NpkException("zip comment (NPK meta): invalid meta hash: SHA-256 is " + actual
                        + ", signature.yaml says " + signature.hashes().meta());
            }
        }
        NpkMeta meta = NpkMeta.parse(comment);

        byte[] manifestBytes = zip.readStored(manifestEntry, MAX_MANIFEST);
        if (signature != null) {
            Sha256 actual = Sha256.digest(manifestBytes);
            if (!actual.equals(signature.hashes().manifest())) {
                throw new NpkException(MANIFEST + ": invalid manifest hash: SHA-256 is " + actual
                        + ", signature.yaml says " + signature.hashes().manifest());
            }
        }
        String manifestText = utf8(manifestBytes, MANIFEST);
        Manifest manifest;
        try {
            manifest = Manifest.parse(manifestText);
        } catch (ManifestException e) {
            throw new NpkException(MANIFEST + ": " + e.getMessage(), e);
        }

        long fsOffset = zip.dataOffset(fsEntry);
        if (fsOffset % FsImage.ALIGNMENT != 0) {
            throw new ZipFormatException(FsImage.ENTRY + ": data offset " + fsOffset + " is not a multiple of "
                    + FsImage.ALIGNMENT + " (Northstar aligns it so the loop device maps whole pages)");
        }
        FsImage fsImage = new FsImage(fsOffset, fsEntry.size());

        NpkVerity verity = null;
        if (signature != null) {
            verity = readVerity(channel, fsImage, signature.hashes());
        }
        List<String> names = zip.entries().stream().map(ZipEntryRecord::name).toList();
        return new Npk(names, comment, meta, manifestBytes, manifestText, manifest, signatureEntry, signature, fsImage, verity);
    }

    private static NpkVerity readVerity(SeekableByteChannel channel, FsImage fsImage, HashesDocument hashes)
            throws IOException, NpkException {
        long dataSize = hashes.verityOffset();
        if (dataSize <= 0 || dataSize % VerityGeometry.BLOCK_SIZE != 0) {
            throw new NpkException("signature.yaml: fs.img.verity-offset " + dataSize + " is not a positive multiple of "
                    + VerityGeometry.BLOCK_SIZE);
        }
        if (dataSize > fsImage.size() - VeritySuperblock.SIZE) {
            throw new NpkException(FsImage.ENTRY + ": " + fsImage.size() + " bytes is too short for a verity superblock at the signed offset "
                    + dataSize);
        }
        long superblockOffset = fsImage.offset() + dataSize;
        ByteBuffer buffer = ByteBuffer.allocate(VeritySuperblock.SIZE);
        synchronized (channel) {
            channel.position(superblockOffset);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new NpkException(FsImage.ENTRY + ": file ends inside the verity superblock at offset " + superblockOffset);
                }
            }
        }
        VeritySuperblock superblock;
        try {
            superblock = VeritySuperblock.parse(buffer.flip());
        } catch (NpkException e) {
            throw new NpkException(FsImage.ENTRY + ": " + e.getMessage() + " (at offset " + superblockOffset + ")");
        }
        long dataBlocks = dataSize / VerityGeometry.BLOCK_SIZE;
        if (superblock.dataBlocks() != dataBlocks) {
            throw new NpkException(FsImage.ENTRY + ": verity superblock has " + superblock.dataBlocks()
                    + " data blocks, the signed verity-offset " + dataSize + " means " + dataBlocks);
        }
        long treeSize = VerityGeometry.forDataSize(dataSize).treeSize();
        long needed = dataSize + VeritySuperblock.SIZE + treeSize;
        if (fsImage.size() < needed) {
            throw new NpkException(FsImage.ENTRY + ": " + fsImage.size() + " bytes is too short for " + dataSize
                    + " bytes of data, the verity superblock and a hash tree of " + treeSize + " bytes");
        }
        return new NpkVerity(hashes.verityHash(), dataSize, superblock, fsImage.offset(), superblockOffset,
                superblockOffset + VeritySuperblock.SIZE);
    }

    /**
     * Checks every block of the squashfs against the signed root hash, in user
     * space: for kernels without dm-verity. {@code channel} must be the file
     * this NPK was read from.
     *
     * @throws VerityException naming the first block that fails
     * @throws IllegalStateException if this NPK was loaded without verification
     */
    public void verifyImage(FileChannel channel) throws IOException, VerityException {
        NpkVerity v = verity().orElseThrow(() -> new IllegalStateException(
                "NPK was loaded without a key: it has no verified verity parameters"));
        try {
            VerityVerifier.verify(channel, v.dataOffset(), v.dataSize(), v.hashOffset(), v.rootHash().bytes(),
                    v.superblock().salt());
        } catch (VerityException e) {
            throw new VerityException(e.failure(), FsImage.ENTRY + ": " + e.getMessage());
        }
    }

    private static ZipEntryRecord require(ZipDirectory zip, String name) throws ZipFormatException {
        return zip.entry(name).orElseThrow(() -> new ZipFormatException("missing entry " + name + " in the NPK"));
    }

    /** The text of {@code bytes}, which must be valid UTF-8; {@code what} names them in the error. */
    static String utf8(byte[] bytes, String what) throws NpkException {
        try {
            return Utf8.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new NpkException(what + ": not valid UTF-8");
        }
    }

    /** Entry names in central directory order. */
    public List<String> entryNames() {
        return entryNames;
    }

    /** The raw zip comment. */
    public byte[] metaBytes() {
        return comment.clone();
    }

    public NpkMeta meta() {
        return meta;
    }

    /** The exact bytes of {@code manifest.yaml}. */
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    /** The text of {@code manifest.yaml} as stored. */
    public String manifestText() {
        return manifestText;
    }

    /** The parsed and validated manifest. */
    public Manifest manifest() {
        return manifest;
    }

    /** The raw {@code signature.yaml}, if the NPK has one (also when loaded unverified). */
    public Optional<byte[]> signatureEntry() {
        return Optional.ofNullable(signatureEntry).map(byte[]::clone);
    }

    /** The verified signature; empty when loaded without key. */
    public Optional<NpkSignature> signature() {
        return Optional.ofNullable(signature);
    }

    public FsImage fsImage() {
        return fsImage;
    }

    /** Verified dm-verity parameters; empty when loaded without key. */
    public Optional<NpkVerity> verity() {
        return Optional.ofNullable(verity);
    }
}
