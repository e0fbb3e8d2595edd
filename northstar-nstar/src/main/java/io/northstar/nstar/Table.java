package io.northstar.nstar;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: left-aligned columns, two spaces apart, a header row. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                b.append(r[i]);
                if (i < columns - 1) {
                    b.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }

    /** Nanoseconds as {@code 3d 4h}, {@code 2h 5m}, {@code 4m 12s} or {@code 850ms}. */
    static String duration(long nanos) {
        long ms = nanos / 1_000_000;
        long s = ms / 1000;
        if (s == 0) {
            return ms + "ms";
        }
        long m = s / 60;
        long h = m / 60;
        long d = h / 24;
        if (d > 0) {
            return d + "d " + (h % 24) + "h";
        }
        if (h > 0) {
            return h + "h " + (m % 60) + "m";
        }
        if (m > 0) {
            return m + "m " + (s % 60) + "s";
        }
        return s + "s";
    }
}
