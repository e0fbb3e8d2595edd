package io.northstar.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helpers written in C, built into target/test-native with {@code ${CC:-cc}} when a test first
 * needs them. A failed build fails the test with the compiler's output.
 */
public final class NativeBuild {
    public static final Path DIRECTORY = Path.of("target/test-native");

    private NativeBuild() {
    }

    /** The C compiler: {@code $CC}, else {@code cc}. */
    public static String compiler() {
        return System.getenv().getOrDefault("CC", "cc");
    }

    /** Runs one build step; fails the test with what it printed when it exits non-zero. */
    public static void run(String what, List<String> command) throws IOException, InterruptedException {
        Process build = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (build.waitFor() != 0) {
            fail(what + " failed:\n" + output);
        }
    }

    /** Compiles {@code sources} with {@code flags} into {@code DIRECTORY/name}; returns the binary's absolute path. */
    public static Path compile(String name, List<String> flags, Path... sources) throws IOException, InterruptedException {
        Files.createDirectories(DIRECTORY);
        Path binary = DIRECTORY.resolve(name);
        List<String> command = new ArrayList<>();
        command.add(compiler());
        command.addAll(flags);
        command.add("-o");
        command.add(binary.toString());
        for (Path source : sources) {
            command.add(source.toString());
        }
        run("compiling " + String.join(" ", command), command);
        return binary.toAbsolutePath();
    }
}
