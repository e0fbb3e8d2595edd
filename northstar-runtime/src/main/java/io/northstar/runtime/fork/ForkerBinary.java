package io.northstar.runtime.fork;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the native forker: the system property {@value #PROPERTY} if set,
 * else {@code native/northstar-forker} next to the runtime's jar (the
 * Maven build puts it into target/native, beside target/classes and the jar;
 * a release into lib/native, beside lib/northstar-runtime.jar, see docs/install.md).
 */
public final class ForkerBinary {
    public static final String PROPERTY = "northstar.forker";
    static final String NAME = "northstar-forker";

    private ForkerBinary() {
    }

    public static Path locate() throws ForkerException {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return executable(Path.of(configured));
        }
        Optional<Path> codeSource = codeSource();
        if (codeSource.isEmpty()) {
            throw new ForkerException("cannot locate " + NAME + ": set -D" + PROPERTY + "=<path>");
        }
        // target/classes or target/northstar-runtime.jar -> target/native
        return executable(codeSource.get().toAbsolutePath().getParent().resolve("native").resolve(NAME));
    }

    private static Optional<Path> codeSource() {
        try {
            var source = ForkerBinary.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Path executable(Path path) throws ForkerException {
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new ForkerException("forker binary " + path + " is missing or not executable (built by `mvn compile`"
                    + " of northstar-runtime; or set -D" + PROPERTY + ")");
        }
        return path;
    }
}
