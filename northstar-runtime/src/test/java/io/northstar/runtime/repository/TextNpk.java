package io.northstar.runtime.repository;

import io.northstar.common.Container;
import io.northstar.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test stand-in for NPK reading in unit tests of repository logic: the file holds
 * {@code name:version} as text, anything unparsable is "not an NPK". Real NPKs are used by the
 * integration tests.
 */
public record TextNpk(Container container) implements LoadedNpk {

    public static final NpkLoader LOADER = TextNpk::load;

    @Override
    public Manifest manifest() {
        return Manifest.builder(container.name(), container.version(), 1000, 1000).build();
    }

    @Override
    public boolean resource() {
        return container.name().value().startsWith("resource");
    }

    static LoadedNpk load(Path file) throws IOException {
        String text = Files.readString(file).trim();
        try {
            return new TextNpk(Container.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("not an npk: " + e.getMessage());
        }
    }
}
