package io.northstar.npk.zip;

import io.northstar.npk.InMemoryChannelAccess;
import io.northstar.npk.TestVectors;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipDirectoryTest {

    private static byte[] archive(byte[] comment) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter zip = new ZipWriter(Channels.newChannel(out));
        zip.add("a", "alpha".getBytes());
        zip.add("fs.img", List.of(new EntryPart.Bytes(new byte[100])), 4096);
        zip.finish(comment);
        return out.toByteArray();
    }

    private static ZipDirectory read(byte[] zip) throws Exception {
        return ZipDirectory.read(new InMemoryChannelAccess().of(zip));
    }

    @Test
    void helloVectorDirectory() throws Exception {
        ZipDirectory dir = read(TestVectors.helloNpk());
        assertEquals(List.of("manifest.yaml", "signature.yaml", "fs.img"), dir.entries().stream().map(ZipEntryRecord::name).toList());
        ZipEntryRecord fs = dir.entry("fs.img").orElseThrow();
        assertEquals(4096, dir.dataOffset(fs));
        assertEquals(8192, fs.size());
        assertEquals(543, fs.localHeaderOffset());
    }

    @Test
    void commentContainingAnEndRecordSignature() throws Exception {
        byte[] comment = new byte[40];
        ByteBuffer.wrap(comment).order(ByteOrder.LITTLE_ENDIAN).putInt(10, 0x06054b50).putShort(30, (short) 3);
        byte[] zip = archive(comment);
        ZipDirectory dir = read(zip);
        assertArrayEquals(comment, dir.comment());
        assertEquals(2, dir.entries().size());
    }

    @Test
    void readsStoredEntryAndChecksCrc() throws Exception {
        byte[] zip = archive(new byte[0]);
        ZipDirectory dir = read(zip);
        assertArrayEquals("alpha".getBytes(), dir.readStored(dir.entry("a").orElseThrow(), 100));
        ZipFormatException tooBig = assertThrows(ZipFormatException.class, () -> dir.readStored(dir.entry("a").orElseThrow(), 4));
        assertTrue(tooBig.getMessage().contains("more than the 4 allowed"), tooBig.getMessage());
        zip[31] ^= 1; // first data byte of "a" (30-byte header + 1-byte name)
        ZipDirectory corrupt = read(zip);
        ZipFormatException e = assertThrows(ZipFormatException.class, () -> corrupt.readStored(corrupt.entry("a").orElseThrow(), 100));
        assertTrue(e.getMessage().startsWith("a: CRC-32 mismatch"), e.getMessage());
    }

    @Test
    void localHeaderMustMatchTheCentralDirectory() throws Exception {
        byte[] zip = archive(new byte[0]);
        zip[30] = 'b'; // the local header's name
        ZipDirectory dir = read(zip);
        ZipFormatException e = assertThrows(ZipFormatException.class, () -> dir.dataOffset(dir.entry("a").orElseThrow()));
        assertEquals("local header at offset 0 names entry b, the central directory says a", e.getMessage());
        zip[0] = 'X';
        ZipDirectory noHeader = read(zip);
        assertThrows(ZipFormatException.class, () -> noHeader.dataOffset(noHeader.entry("a").orElseThrow()));
    }

    @Test
    void entryBeyondTheEndOfTheFile() throws Exception {
        byte[] zip = archive(new byte[0]);
        // Make the central directory claim fs.img is 1 MiB.
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int cd = b.getInt(zip.length - 22 + 16);
        int second = cd + 46 + 1;
        b.putInt(second + 20, 1 << 20).putInt(second + 24, 1 << 20);
        ZipDirectory dir = read(zip);
        ZipFormatException e = assertThrows(ZipFormatException.class, () -> dir.dataOffset(dir.entry("fs.img").orElseThrow()));
        assertTrue(e.getMessage().startsWith("data of entry fs.img (1048576 bytes at offset 4096) extends beyond the end"), e.getMessage());
    }

    @Test
    void brokenEndRecords() throws Exception {
        byte[] zip = archive(new byte[0]);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = zip.length - 22;
        byte[] multiDisk = zip.clone();
        ByteBuffer.wrap(multiDisk).order(ByteOrder.LITTLE_ENDIAN).putShort(eocd + 4, (short) 1);
        assertEquals("multi-disk zip archives are not supported", assertThrows(ZipFormatException.class, () -> read(multiDisk)).getMessage());
        byte[] zip64 = zip.clone();
        ByteBuffer.wrap(zip64).order(ByteOrder.LITTLE_ENDIAN).putInt(eocd + 16, -1);
        assertTrue(assertThrows(ZipFormatException.class, () -> read(zip64)).getMessage().startsWith("ZIP64"));
        byte[] overlap = zip.clone();
        ByteBuffer.wrap(overlap).order(ByteOrder.LITTLE_ENDIAN).putInt(eocd + 12, b.getInt(eocd + 12) + 100);
        assertTrue(assertThrows(ZipFormatException.class, () -> read(overlap)).getMessage().contains("overlaps the end record"));
    }
}
