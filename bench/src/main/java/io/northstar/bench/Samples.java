package io.northstar.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measured values of one figure (milliseconds, MiB, ...), summarised by median and p95. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    void addAll(Samples other) {
        values.addAll(other.values);
    }

    /** In the order added. */
    List<Double> values() {
        return List.copyOf(values);
    }

    int count() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        return quantile(0.5);
    }

    double p95() {
        return quantile(0.95);
    }

    double min() {
        return sorted().get(0);
    }

    /** Nearest-rank quantile, so that p95 of 50 runs is a value that was measured. */
    double quantile(double q) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        List<Double> s = sorted();
        if (q == 0.5 && s.size() % 2 == 0) {
            return (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        }
        int rank = (int) Math.ceil(q * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s;
    }
}
