package io.northstar.runtime.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code [repositories.<id>]}.
 *
 * @param key          raw 32-byte Ed25519 public key file; present = verified repository (signed NPKs, dm-verity)
 * @param mountOnStart mount every container of the repository at runtime start
 * @param capacityNum  maximum number of containers (u32)
 * @param capacitySize maximum total NPK bytes
 */
public record RepositoryConfig(RepositoryType type, Optional<Path> key, boolean mountOnStart, OptionalLong capacityNum,
                               OptionalLong capacitySize) {
    public RepositoryConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(capacityNum, "capacityNum");
        Objects.requireNonNull(capacitySize, "capacitySize");
    }

    public boolean verified() {
        return key.isPresent();
    }
}
