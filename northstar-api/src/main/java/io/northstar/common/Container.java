package io.northstar.common;

import java.util.Objects;

/** A container id: {@code <name>:<version>}, split at the first {@code :}. */
public record Container(Name name, Version version) implements Comparable<Container> {

    public Container {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static Container of(String name, String version) {
        return new Container(Name.of(name), Version.parse(version));
    }

    public static Container parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InvalidValueException("invalid container \"" + Printable.of(text) + "\": missing ':' between name and version");
        }
        try {
            return new Container(Name.of(text.substring(0, colon)), Version.parse(text.substring(colon + 1)));
        } catch (InvalidValueException e) {
            throw new InvalidValueException("invalid container \"" + Printable.of(text) + "\": " + e.getMessage());
        }
    }

    @Override
    public int compareTo(Container o) {
        int c = name.compareTo(o.name);
        return c != 0 ? c : version.compareTo(o.version);
    }

    @Override
    public String toString() {
        return name + ":" + version;
    }
}
