package io.northstar.npk.zip;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The alignment extra field of zip 2.2.0 (spec npk-format §2.3). */
class ZipWriterTest {

    @Test
    void alignmentPaddingRule() {
        assertEquals(0, ZipWriter.alignmentExtra(4096, 4096).length, "already aligned: no extra field");
        assertEquals(4096 - 579, ZipWriter.alignmentExtra(579, 4096).length);
        assertEquals(6, ZipWriter.alignmentExtra(4090, 4096).length);
        assertEquals(4096 + 5, ZipWriter.alignmentExtra(4091, 4096).length, "less than 6 bytes: add a whole alignment");
        assertEquals(4096 + 1, ZipWriter.alignmentExtra(4095, 4096).length);
        ByteBuffer extra = ByteBuffer.wrap(ZipWriter.alignmentExtra(579, 4096)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA11E, Short.toUnsignedInt(extra.getShort(0)));
        assertEquals(4096 - 579 - 4, Short.toUnsignedInt(extra.getShort(2)));
        assertEquals(4096, Short.toUnsignedInt(extra.getShort(4)));
        assertEquals(0, ZipWriter.alignmentExtra(579, 0).length);
    }

    @Test
    void everyHeaderEndLandsAligned() throws Exception {
        // Names of every length move the header end across all residues near the boundary.
        for (int nameLength = 1; nameLength < 40; nameLength++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ZipWriter zip = new ZipWriter(Channels.newChannel(out));
            zip.add("a".repeat(nameLength), new byte[4096 - 30 - nameLength - 30 - 6 - 3]);
            long offset = zip.add("fs.img", List.of(new EntryPart.Bytes(new byte[10])), 4096);
            zip.finish(new byte[0]);
            assertEquals(0, offset % 4096, "name length " + nameLength);
            var channel = new io.northstar.npk.InMemoryChannelAccess().of(out.toByteArray());
            ZipDirectory dir = ZipDirectory.read(channel);
            assertEquals(offset, dir.dataOffset(dir.entry("fs.img").orElseThrow()));
        }
    }

    @Test
    void duplicateNameIsRefused() throws Exception {
        ZipWriter zip = new ZipWriter(Channels.newChannel(new ByteArrayOutputStream()));
        zip.add("a", new byte[1]);
        assertThrows(java.io.IOException.class, () -> zip.add("a", new byte[1]));
    }
}
