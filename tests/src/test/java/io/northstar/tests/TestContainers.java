package io.northstar.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.sextant.Sextant;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The example test container (examples/test-container, built statically with the system C
 * compiler) and the test resource, packed into unsigned NPKs with sextant — optionally with a
 * patched manifest, as Northstar's {@code with_manifest} does.
 */
public final class TestContainers {

    private static Path binary;

    private TestContainers() {
    }

    /** The repository's examples directory (tests run in the tests module). */
    static Path examples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("examples/test-container/test-container.c");
            if (Files.exists(candidate)) {
                return dir.resolve("examples");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("examples/test-container not found above " + Path.of("").toAbsolutePath());
    }

    /** Compiles test-container.c once per test JVM (static, as the NPK root has no libc). */
    static synchronized Path binary(Path work) throws Exception {
        if (binary != null && Files.exists(binary)) {
            return binary;
        }
        Path root = Files.createDirectories(work.resolve("test-container-root"));
        Path out = root.resolve("test-container");
        Process cc = new ProcessBuilder("cc", "-static", "-O2", "-Wall", "-Wextra", "-o", out.toString(),
                examples().resolve("test-container/test-container.c").toString(), "-pthread")
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = cc.waitFor();
        assumeTrue(status == 0 || Files.exists(out),
                "a C compiler with a static libc (cc -static) is needed to build the test container: " + output);
        binary = out;
        return out;
    }

    /**
     * An example C container ({@code examples/<name>/<name>.c}, static) packed with its example
     * manifest changed by {@code patch}.
     */
    static Path example(Path work, String name, UnaryOperator<String> patch) throws Exception {
        Path root = Files.createDirectories(work.resolve(name + "-root"));
        Path out = root.resolve(name);
        if (!Files.exists(out)) {
            Process cc = new ProcessBuilder("cc", "-static", "-O2", "-Wall", "-Wextra", "-o", out.toString(),
                    examples().resolve(name + "/" + name + ".c").toString(), "-pthread")
                    .redirectErrorStream(true).start();
            String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (cc.waitFor() != 0) {
                throw new IOException("compiling example " + name + " failed: " + output);
            }
        }
        String manifest = patch.apply(Files.readString(examples().resolve(name + "/manifest.yaml")));
        return pack(work, name + ".npk", manifest, root);
    }

    /** test-container:0.0.1 with its example manifest changed by {@code patch}. */
    static Path testContainer(Path work, String fileName, UnaryOperator<String> patch) throws Exception {
        Path root = binary(work).getParent();
        String manifest = patch.apply(Files.readString(examples().resolve("test-container/manifest.yaml")));
        return pack(work, fileName, manifest, root);
    }

    static Path testContainer(Path work) throws Exception {
        return testContainer(work, "test-container.npk", UnaryOperator.identity());
    }

    static Path testResource(Path work) throws Exception {
        Path dir = examples().resolve("test-resource");
        return pack(work, "test-resource.npk", Files.readString(dir.resolve("manifest.yaml")), dir.resolve("root"));
    }

    /** Any manifest with the test container's binary as root (for tokens, consoles, ...). */
    static Path withBinary(Path work, String fileName, String manifest) throws Exception {
        return pack(work, fileName, manifest, binary(work).getParent());
    }

    static Path pack(Path work, String fileName, String manifest, Path root) throws IOException {
        Path manifestFile = work.resolve(fileName + ".yaml");
        Files.writeString(manifestFile, manifest);
        Path npk = work.resolve(fileName);
        Files.deleteIfExists(npk);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Sextant.execute(new PrintWriter(out), new PrintWriter(err), "pack", "--manifest-path",
                manifestFile.toString(), "--root", root.toString(), "--out", npk.toString());
        if (status != 0) {
            throw new IOException("sextant pack " + fileName + " failed (" + status + "): " + err + out);
        }
        return npk;
    }

    /** Replaces the first occurrence of {@code from} (which must exist) in a manifest text. */
    static UnaryOperator<String> replace(String from, String to) {
        return text -> {
            if (!text.contains(from)) {
                throw new IllegalArgumentException("manifest has no '" + from + "'");
            }
            return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        };
    }

    static List<String> args(String... args) {
        return List.of(args);
    }
}
