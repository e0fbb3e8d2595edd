package io.northstar.npk.verity;

/** Which block of a verity-protected image failed its check. */
public sealed interface VerityFailure {

    /** Data block {@code index} (4096-byte blocks from the start of the data area). */
    record DataBlock(long index) implements VerityFailure {
        @Override
        public String toString() {
            return "data block " + index;
        }
    }

    /**
     * Block {@code index} of stored hash-tree level {@code level} (0 = the hashes
     * of the data blocks), which is block {@code hashAreaBlock} of the hash area.
     */
    record HashBlock(int level, long index, long hashAreaBlock) implements VerityFailure {
        @Override
        public String toString() {
            return "hash block " + index + " of tree level " + level + " (block " + hashAreaBlock + " of the hash area)";
        }
    }
}
