package io.northstar.sextant.squashfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The 96-byte squashfs 4.0 superblock at offset 0 (all fields little-endian). */
record Superblock(int inodes, long mkfsTime, int blockSize, int fragments, int compression, int flags, int ids,
                  long rootInode, long bytesUsed, long idTableStart, long xattrIdTableStart, long inodeTableStart,
                  long directoryTableStart, long fragmentTableStart, long lookupTableStart) {
    static final int SIZE = 96;
    static final int MAGIC = 0x73717368;
    /** Marks an absent table (xattrs, NFS export lookup table). */
    static final long ABSENT = -1L;

    static final int NOI = 0x0001;
    static final int NOD = 0x0002;
    static final int NOF = 0x0008;
    static final int NO_FRAG = 0x0010;
    static final int ALWAYS_FRAG = 0x0020;
    static final int NOX = 0x0100;
    static final int NO_XATTR = 0x0200;

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(inodes).putInt((int) mkfsTime).putInt(blockSize).putInt(fragments)
                .putShort((short) compression).putShort((short) Integer.numberOfTrailingZeros(blockSize))
                .putShort((short) flags).putShort((short) ids).putShort((short) 4).putShort((short) 0)
                .putLong(rootInode).putLong(bytesUsed).putLong(idTableStart).putLong(xattrIdTableStart)
                .putLong(inodeTableStart).putLong(directoryTableStart).putLong(fragmentTableStart).putLong(lookupTableStart);
        return b.flip();
    }
}
