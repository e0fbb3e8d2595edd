package io.northstar.runtime.repository;

import java.util.Collection;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The limits of one repository ({@code capacity_num}, {@code capacity_size}); absent = unlimited.
 * The comparisons differ between repository kinds on purpose (container-lifecycle §4): fs refuses
 * when the total would exceed the size, mem when it would reach it.
 */
public record Capacity(OptionalInt number, OptionalLong size) {

    public static final Capacity UNLIMITED = new Capacity(OptionalInt.empty(), OptionalLong.empty());

    /** Before an upload: is there room for one more container? */
    public void checkNumber(int count) throws RepositoryException {
        if (number.isPresent() && count >= number.getAsInt()) {
            throw new RepositoryException("max number of container reached");
        }
    }

    /** fs, before an upload: the total alone must be below the limit. */
    public void checkFsTotal(long total) throws RepositoryException {
        if (size.isPresent() && total >= size.getAsLong()) {
            throw new RepositoryException("size limit reached");
        }
    }

    /** fs, while streaming: received bytes plus the total must not exceed the limit. */
    public void checkFsStreaming(long total, long received) throws RepositoryException {
        if (size.isPresent() && received + total > size.getAsLong()) {
            throw new RepositoryException("size limit reached");
        }
    }

    /**
     * mem: total plus the new size must stay below the limit. Checked with the bytes received so
     * far during the upload and with the whole size at its end.
     */
    public void checkMem(long total, long npkSize) throws RepositoryException {
        if (size.isPresent() && total + npkSize >= size.getAsLong()) {
            throw new RepositoryException("repository capacity limit reached");
        }
    }

    static long total(Collection<StoredNpk> npks) {
        return npks.stream().mapToLong(StoredNpk::size).sum();
    }
}
