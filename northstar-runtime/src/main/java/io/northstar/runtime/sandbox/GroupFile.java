package io.northstar.runtime.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Reads group(5) files. The Rust runtime uses getgrnam; NSS modules other
 * than "files" are not consulted here (embedded targets rarely have them).
 */
final class GroupFile {
    private GroupFile() {
    }

    static OptionalInt lookup(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[0].equals(name)) {
                    return OptionalInt.of(Integer.parseInt(fields[2].trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }
}
