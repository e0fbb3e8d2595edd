package io.northstar.common;

/**
 * A string that passed a value type's checks ({@link Name}, {@link NonNulString}): such values are ordered as
 * their strings are.
 */
interface StringValue<T extends StringValue<T>> extends Comparable<T> {

    String value();

    @Override
    default int compareTo(T other) {
        return value().compareTo(other.value());
    }
}
