package io.northstar.npk;

import io.northstar.npk.verity.VeritySuperblock;
import io.northstar.npk.zip.EntryPart;
import io.northstar.npk.zip.ZipWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Correctly signed NPKs whose fs.img does not fit the signed verity
 * parameters: rejected when loading, before anything is mapped.
 */
class SignedLayoutTest {
    @TempDir
    Path tmp;

    private static final byte[] MANIFEST = "name: x\nversion: 0.0.1\nuid: 1\ngid: 1\n".getBytes(StandardCharsets.UTF_8);

    private String reject(long verityOffset, List<EntryPart> fsImage) throws Exception {
        byte[] meta = NpkMeta.current().toBytes();
        HashesDocument hashes = new HashesDocument(Sha256.digest(meta), Sha256.digest(MANIFEST),
                Sha256.digest(new byte[0]), verityOffset);
        NpkSignature signature = NpkSignature.create(hashes, TestVectors.northstarKey());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(Channels.newChannel(bytes));
        zip.add("manifest.yaml", MANIFEST);
        zip.add("signature.yaml", signature.toBytes());
        zip.add("fs.img", fsImage, 4096);
        zip.finish(meta);
        Path file = TestVectors.write(tmp, "layout.npk", bytes.toByteArray());
        return assertThrows(NpkException.class, () -> Npk.read(file, Optional.of(TestVectors.northstarPub()))).getMessage();
    }

    private static EntryPart superblock(long dataBlocks) {
        return new EntryPart.Bytes(VeritySuperblock.of(UUID.randomUUID(), new byte[32], dataBlocks).toBytes());
    }

    @Test
    void verityOffsetNotABlockMultiple() throws Exception {
        assertEquals("signature.yaml: fs.img.verity-offset 4095 is not a positive multiple of 4096",
                reject(4095, List.of(new EntryPart.Bytes(new byte[3 * 4096]))));
        assertEquals("signature.yaml: fs.img.verity-offset 0 is not a positive multiple of 4096",
                reject(0, List.of(new EntryPart.Bytes(new byte[3 * 4096]))));
    }

    @Test
    void noRoomForTheSuperblock() throws Exception {
        String message = reject(8192, List.of(new EntryPart.Bytes(new byte[8192])));
        assertTrue(message.startsWith("fs.img: 8192 bytes is too short for a verity superblock at the signed offset 8192"), message);
    }

    @Test
    void noRoomForTheTree() throws Exception {
        String message = reject(8192, List.of(new EntryPart.Bytes(new byte[8192]), superblock(2)));
        assertTrue(message.startsWith("fs.img: 12288 bytes is too short for 8192 bytes of data, the verity superblock and a hash tree of 4096 bytes"),
                message);
    }

    @Test
    void superblockDisagreesWithTheSignedOffset() throws Exception {
        String message = reject(8192, List.of(new EntryPart.Bytes(new byte[8192]), superblock(3), new EntryPart.Bytes(new byte[4096])));
        assertEquals("fs.img: verity superblock has 3 data blocks, the signed verity-offset 8192 means 2", message);
    }

    @Test
    void zeroedSuperblock() throws Exception {
        String message = reject(4096, List.of(new EntryPart.Bytes(new byte[8192])));
        assertTrue(message.startsWith("fs.img: verity superblock: bad magic 0000000000000000"), message);
    }
}
