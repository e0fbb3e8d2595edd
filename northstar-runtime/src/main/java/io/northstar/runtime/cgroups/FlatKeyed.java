package io.northstar.runtime.cgroups;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "flat keyed" format of cgroup files such as {@code memory.stat}, {@code cpu.stat} and
 * {@code memory.events}: one {@code <key> <u64>} per line (kernel Documentation/admin-guide/cgroup-v2.rst).
 */
final class FlatKeyed {

    private FlatKeyed() {
    }

    /** Lines that are not {@code key number} (e.g. a future format) are skipped, not fatal. */
    static Map<String, Long> parse(String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length != 2) {
                continue;
            }
            try {
                values.put(kv[0], Long.parseUnsignedLong(kv[1]));
            } catch (NumberFormatException e) {
                // not a counter line; the raw text is still available to callers
            }
        }
        return Collections.unmodifiableMap(values);
    }
}
