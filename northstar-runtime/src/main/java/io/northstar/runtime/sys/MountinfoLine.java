package io.northstar.runtime.sys;

import java.nio.file.Path;
import java.util.Arrays;

/** The fields of one {@code /proc/self/mountinfo} line (proc(5)) that the runtime reads. */
public record MountinfoLine(Path mountPoint, String fsType, String superOptions) {

    public static MountinfoLine parse(String line) {
        String[] f = line.split(" ");
        int sep = Arrays.asList(f).indexOf("-");
        if (f.length < 5 || sep < 6 || f.length < sep + 3) {
            throw new IllegalArgumentException("malformed mountinfo line: " + line);
        }
        String superOptions = f.length > sep + 3 ? f[sep + 3] : "";
        return new MountinfoLine(Path.of(unescape(f[4])), f[sep + 1], superOptions);
    }

    /** mountinfo escapes space, tab, newline and backslash as {@code \ooo}. */
    public static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && isOctal(s.charAt(i + 1)) && isOctal(s.charAt(i + 2)) && isOctal(s.charAt(i + 3))) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
