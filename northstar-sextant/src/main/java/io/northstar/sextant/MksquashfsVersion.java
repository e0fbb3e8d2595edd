package io.northstar.sextant;

/**
 * The version of mksquashfs, parsed as Northstar's sextant does: first line of
 * {@code mksquashfs -version}, third space-separated token, {@code major.minor}
 * with the minor cut at its first non-digit; unparsable parts count as 0.
 */
record MksquashfsVersion(int major, int minor) implements Comparable<MksquashfsVersion> {
    /** {@code -pf -} (definitions on stdin) and {@code x} (xattr) pseudo definitions. */
    static final MksquashfsVersion NORTHSTAR_REQUIRED = new MksquashfsVersion(4, 6);
    /** Debian bookworm's squashfs-tools 4.5.1: pseudo definitions from a file, without xattrs. */
    static final MksquashfsVersion MINIMUM = new MksquashfsVersion(4, 5);

    static MksquashfsVersion parse(String versionOutput) {
        String first = versionOutput.lines().findFirst().orElse("");
        String[] tokens = first.split(" ");
        String version = tokens.length > 2 ? tokens[2] : "";
        String[] parts = version.split("\\.", 3);
        int major = leadingNumber(parts[0]);
        int minor = parts.length > 1 ? leadingNumber(parts[1]) : 0;
        return new MksquashfsVersion(major, minor);
    }

    private static int leadingNumber(String s) {
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end)) && end < 9) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }

    /** Whether pseudo definitions can be piped on stdin and carry xattrs ({@code x} lines). */
    boolean supportsStdinAndXattrPseudo() {
        return compareTo(NORTHSTAR_REQUIRED) >= 0;
    }

    @Override
    public int compareTo(MksquashfsVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
