package io.northstar.runtime.cgroups;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Control files of the host's hierarchies as statistics and memory monitors read them (through
 * {@link CgroupFs#LINUX}), and the kernel's reason of a failed file operation (e.g. "Invalid
 * argument").
 */
final class ControlFiles {

    private ControlFiles() {
    }

    static void write(Path file, String value) throws IOException {
        CgroupFs.LINUX.write(file, value);
    }

    static String read(Path file) throws IOException {
        return CgroupFs.LINUX.read(file);
    }

    /** See {@link CgroupFs#readOrEmpty}. */
    static String readOrEmpty(Path file) {
        return CgroupFs.LINUX.readOrEmpty(file);
    }

    /** See {@link CgroupFs#readLimit}. */
    static Long readLimit(Path file) {
        return CgroupFs.LINUX.readLimit(file);
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
