package io.northstar.runtime.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading and writing cgroup control files. Each write is one write(2) of the whole value, as
 * cgroupfs requires, and errors keep the kernel's reason (e.g. "Invalid argument").
 */
final class ControlFiles {

    private ControlFiles() {
    }

    static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    /** The text, or "" when the file is missing or unreadable (statistics are best effort). */
    static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** A number file; "max" reads as -1 (unlimited), missing/unreadable as null. */
    static Long readLimit(Path file) {
        String text = readOrEmpty(file).trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.equals("max")) {
            return -1L;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                return Long.parseUnsignedLong(text);
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    static List<Long> readPids(Path procsFile) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(procsFile)) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /** The kernel's reason of a failed file operation, e.g. "Invalid argument". */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static boolean isUnsupported(IOException e) {
        if (e instanceof NoSuchFileException) {
            return true;
        }
        String reason = reason(e);
        return reason.contains("Operation not supported") || reason.contains("Not supported");
    }
}
