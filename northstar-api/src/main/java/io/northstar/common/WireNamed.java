package io.northstar.common;

import java.util.Locale;
import java.util.Optional;

/**
 * An enum written on the wire (manifest, console) as its constant's name in lower case, which for
 * Java's SCREAMING_SNAKE_CASE constants is serde's snake_case: {@code SEQ_PACKET} is {@code seq_packet}.
 */
public interface WireNamed {

    /** The enum constant's name (implemented by {@link Enum#name()}). */
    String name();

    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} spelt {@code wireName} on the wire; the match is exact (case-sensitive). */
    static <E extends Enum<E> & WireNamed> Optional<E> fromWireName(Class<E> type, String wireName) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(wireName)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
