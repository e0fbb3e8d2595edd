package io.northstar.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The printed table and the one-line machine-readable summary ({@code BENCH {...}}). */
final class Report {
    private record Row(String figure, String median, String p95, String unit, String n, String goal) {
        Row(String figure, String median, String p95, String unit, String n) {
            this(figure, median, p95, unit, n, "");
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> summary = new LinkedHashMap<>();

    void section(String title) {
        rows.add(new Row("-- " + title, "", "", "", ""));
    }

    void samples(String figure, Samples s, String unit, String key) {
        if (s.isEmpty()) {
            rows.add(new Row(figure, "-", "-", unit, "0"));
            return;
        }
        rows.add(new Row(figure, num(s.median()), num(s.p95()), unit, Integer.toString(s.count())));
        summary.put(key + "_median_" + unit.toLowerCase(Locale.ROOT).replace('/', 'p'), round(s.median()));
        if (s.count() > 1) {
            summary.put(key + "_p95_" + unit.toLowerCase(Locale.ROOT).replace('/', 'p'), round(s.p95()));
        }
    }

    void value(String figure, double v, String unit, String key) {
        rows.add(new Row(figure, num(v), "", unit, "1"));
        summary.put(key, round(v));
    }

    /**
     * A figure of the goals table (docs/performance.md) under its summary key, with the goal and
     * whether this run met it beside it.
     */
    void goal(String figure, double v, String unit, String key, String goal, boolean met) {
        String verdict = !Double.isFinite(v) ? " (not measured)" : goal.isEmpty() ? "" : met ? " (met)" : " (not met)";
        rows.add(new Row(figure, num(v), "", unit, "", goal + verdict));
        summary.put(key, Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v);
    }

    void note(String text) {
        notes.add(text);
    }

    void put(String key, Object value) {
        summary.put(key, value instanceof Double d ? round(d) : value);
    }

    void print(PrintStream out) {
        int w = rows.stream().mapToInt(r -> r.figure.length()).max().orElse(10);
        String fmt = "%-" + w + "s %10s %10s  %-5s %4s  %s%n";
        out.printf(fmt, "figure", "median", "p95", "unit", "n", "goal");
        for (Row r : rows) {
            out.printf(fmt, r.figure, r.median, r.p95, r.unit, r.n, r.goal);
        }
        for (String n : notes) {
            out.println("note: " + n);
        }
        out.println("BENCH " + json());
    }

    private String json() {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(quote(e.getKey())).append(':');
            switch (e.getValue()) {
                case Number n -> {
                    double d = n.doubleValue();
                    b.append(Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d)) : "null");
                }
                case Boolean bool -> b.append(bool);
                case null -> b.append("null");
                case Object other -> b.append(quote(String.valueOf(other)));
            }
        }
        return b.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String num(double v) {
        return !Double.isFinite(v) ? "-" : Math.abs(v) < 1 ? String.format(Locale.ROOT, "%.3f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
