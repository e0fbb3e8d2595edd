package io.northstar.manifest;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Unmodifiable copies that keep insertion order. Rust keeps these maps and sets
 * in hash order; we keep document order instead so that a manifest re-encodes
 * to the bytes it was read from and serialisation is deterministic.
 */
final class Immutables {
    private Immutables() {
    }

    static <K, V> Map<K, V> map(Map<K, V> m, String what) {
        Objects.requireNonNull(m, what);
        LinkedHashMap<K, V> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(Objects.requireNonNull(k, what + " key"), Objects.requireNonNull(v, what + " value")));
        return Collections.unmodifiableMap(copy);
    }

    static <T> Set<T> set(Collection<T> s, String what) {
        Objects.requireNonNull(s, what);
        LinkedHashSet<T> copy = new LinkedHashSet<>();
        for (T t : s) {
            copy.add(Objects.requireNonNull(t, what + " element"));
        }
        return Collections.unmodifiableSet(copy);
    }

    static <T> List<T> list(List<T> l, String what) {
        Objects.requireNonNull(l, what);
        return List.copyOf(l);
    }
}
