package io.northstar.runtime.repository;

import io.northstar.common.Container;
import io.northstar.manifest.Manifest;
import io.northstar.npk.Npk;
import io.northstar.npk.key.VerifyingKey;
import java.nio.file.Path;
import java.util.Optional;

/** A loaded NPK: the reader's view (image location, verity) and its parsed, validated manifest. */
public record NpkPackage(Npk npk, Manifest manifest) implements LoadedNpk {

    /** The loader of a repository: verified with {@code key} if present (docs/npk-format.md, "Loading"). */
    public static NpkLoader loader(Optional<VerifyingKey> key) {
        return file -> load(file, key);
    }

    static NpkPackage load(Path file, Optional<VerifyingKey> key) throws Exception {
        Npk npk = Npk.read(file, key);
        return new NpkPackage(npk, Manifest.parse(npk.manifestText()));
    }

    @Override
    public Container container() {
        return manifest.container();
    }

    @Override
    public boolean resource() {
        return manifest.isResource();
    }
}
