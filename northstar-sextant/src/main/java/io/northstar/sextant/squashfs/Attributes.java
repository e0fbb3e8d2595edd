package io.northstar.sextant.squashfs;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an inode carries besides its type and data: permission bits (with
 * setuid, setgid, sticky), owner, modification time in seconds since the
 * epoch, and extended attributes by full name ({@code security.selinux}).
 */
public record Attributes(int permissions, int uid, int gid, long mtime, SortedMap<String, byte[]> xattrs) {
    public Attributes {
        if ((permissions & ~07777) != 0) {
            throw new IllegalArgumentException("permissions " + Integer.toOctalString(permissions) + " have bits outside 07777");
        }
        if (mtime < 0 || mtime > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("mtime " + mtime + " does not fit the unsigned 32-bit squashfs time");
        }
        TreeMap<String, byte[]> copy = new TreeMap<>();
        xattrs.forEach((name, value) -> {
            XattrPrefix.of(name);
            copy.put(name, value.clone());
        });
        xattrs = Collections.unmodifiableSortedMap(copy);
    }

    public Attributes(int permissions, int uid, int gid, long mtime) {
        this(permissions, uid, gid, mtime, new TreeMap<>());
    }

    /** These attributes with {@code name} set to {@code value}. */
    public Attributes withXattr(String name, byte[] value) {
        TreeMap<String, byte[]> copy = new TreeMap<>(xattrs);
        copy.put(name, value);
        return new Attributes(permissions, uid, gid, mtime, copy);
    }
}
