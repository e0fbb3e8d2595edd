package io.northstar.npk.verity;

import io.northstar.npk.NpkException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The cryptsetup "verity" on-disk superblock, version 1 (docs/npk-format.md, "Verity superblock"),
 * as Northstar writes it in front of the hash tree: 4096 bytes, little-endian.
 */
public final class VeritySuperblock {
    public static final int SIZE = 4096;
    public static final int MAX_SALT = 256;
    static final byte[] MAGIC = {'v', 'e', 'r', 'i', 't', 'y', 0, 0};
    static final int VERSION = 1;
    /** Salt prepended to the hashed block (the "normal", non Chrome OS, format). */
    static final int HASH_TYPE_NORMAL = 1;
    static final String ALGORITHM = "sha256";

    private final UUID uuid;
    private final byte[] salt;
    private final long dataBlocks;
    private final int dataBlockSize;
    private final int hashBlockSize;

    public VeritySuperblock(UUID uuid, byte[] salt, long dataBlocks, int dataBlockSize, int hashBlockSize) {
        if (salt.length > MAX_SALT) {
            throw new IllegalArgumentException("verity salt of " + salt.length + " bytes is longer than " + MAX_SALT);
        }
        this.uuid = uuid;
        this.salt = salt.clone();
        this.dataBlocks = dataBlocks;
        this.dataBlockSize = dataBlockSize;
        this.hashBlockSize = hashBlockSize;
    }

    /** Superblock for {@code dataBlocks} 4096-byte blocks hashed with SHA-256. */
    public static VeritySuperblock of(UUID uuid, byte[] salt, long dataBlocks) {
        return new VeritySuperblock(uuid, salt, dataBlocks, VerityGeometry.BLOCK_SIZE, VerityGeometry.BLOCK_SIZE);
    }

    /**
     * Parses and validates a superblock. The Rust runtime uses only the block
     * sizes and the salt and checks nothing; we also require the magic, version
     * 1, hash type 1, {@code sha256} and 4096-byte blocks, which every NPK
     * written by Northstar has.
     */
    public static VeritySuperblock parse(ByteBuffer source) throws NpkException {
        if (source.remaining() < 344) {
            throw new NpkException("verity superblock: truncated (" + source.remaining() + " bytes)");
        }
        ByteBuffer b = source.slice().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NpkException("verity superblock: bad magic " + HexFormat.of().formatHex(magic) + " (expected \"verity\")");
        }
        int version = b.getInt(8);
        if (version != VERSION) {
            throw new NpkException("verity superblock: unsupported version " + Integer.toUnsignedString(version));
        }
        int hashType = b.getInt(12);
        if (hashType != HASH_TYPE_NORMAL) {
            throw new NpkException("verity superblock: unsupported hash type " + Integer.toUnsignedString(hashType)
                    + " (expected 1, salt prepended)");
        }
        UUID uuid = new UUID(b.order(ByteOrder.BIG_ENDIAN).getLong(16), b.getLong(24));
        b.order(ByteOrder.LITTLE_ENDIAN);
        byte[] algorithmBytes = new byte[32];
        b.get(32, algorithmBytes);
        int end = 0;
        while (end < algorithmBytes.length && algorithmBytes[end] != 0) {
            end++;
        }
        String algorithm = new String(algorithmBytes, 0, end, StandardCharsets.US_ASCII);
        if (!algorithm.equals(ALGORITHM)) {
            throw new NpkException("verity superblock: unsupported hash algorithm \"" + algorithm.replaceAll("\\p{Cntrl}", "?")
                    + "\" (expected sha256)");
        }
        int dataBlockSize = b.getInt(64);
        int hashBlockSize = b.getInt(68);
        if (dataBlockSize != VerityGeometry.BLOCK_SIZE || hashBlockSize != VerityGeometry.BLOCK_SIZE) {
            throw new NpkException("verity superblock: block sizes " + Integer.toUnsignedString(dataBlockSize) + "/"
                    + Integer.toUnsignedString(hashBlockSize) + " are not supported (expected 4096/4096)");
        }
        long dataBlocks = b.getLong(72);
        int saltSize = Short.toUnsignedInt(b.getShort(80));
        if (saltSize > MAX_SALT) {
            throw new NpkException("verity superblock: salt size " + saltSize + " is larger than " + MAX_SALT);
        }
        byte[] salt = new byte[saltSize];
        b.get(88, salt);
        return new VeritySuperblock(uuid, salt, dataBlocks, dataBlockSize, hashBlockSize);
    }

    /** The 4096 bytes of the superblock, zero padded. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC);
        b.putInt(VERSION);
        b.putInt(HASH_TYPE_NORMAL);
        b.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.put(32, ALGORITHM.getBytes(StandardCharsets.US_ASCII));
        b.putInt(64, dataBlockSize);
        b.putInt(68, hashBlockSize);
        b.putLong(72, dataBlocks);
        b.putShort(80, (short) salt.length);
        b.put(88, salt);
        return b.array();
    }

    public UUID uuid() {
        return uuid;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public long dataBlocks() {
        return dataBlocks;
    }

    public int dataBlockSize() {
        return dataBlockSize;
    }

    public int hashBlockSize() {
        return hashBlockSize;
    }

    @Override
    public String toString() {
        return "verity superblock {uuid " + uuid + ", data blocks " + dataBlocks + ", block sizes " + dataBlockSize + "/"
                + hashBlockSize + ", salt " + HexFormat.of().formatHex(salt) + "}";
    }
}
