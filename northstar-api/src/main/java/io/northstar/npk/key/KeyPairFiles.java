package io.northstar.npk.key;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The {@code <name>.key} / {@code <name>.pub} pair written by
 * {@code sextant gen-key} (docs/npk-format.md, "Keys").
 *
 * @param secretKey path of the 32-byte seed
 * @param publicKey path of the 32-byte public key
 */
public record KeyPairFiles(Path secretKey, Path publicKey) {

    /**
     * The files for {@code name} in {@code dir}. As in Rust's
     * {@code Path::with_extension}, an extension of {@code name} is replaced:
     * {@code repo.v1} becomes {@code repo.key} / {@code repo.pub}.
     */
    public static KeyPairFiles forName(Path dir, String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("invalid key name \"" + name + "\": must be a non-empty file name");
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return new KeyPairFiles(dir.resolve(stem + ".key"), dir.resolve(stem + ".pub"));
    }

    /**
     * Generates a key pair from {@code random} and writes both files. Never
     * overwrites: if either file exists nothing is written; if writing the
     * public key fails the secret key written just before is removed.
     */
    public SigningKey generate(SecureRandom random) throws IOException {
        for (Path p : new Path[] {secretKey, publicKey}) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(p.toString(), null, "refusing to overwrite an existing key file");
            }
        }
        SigningKey key = SigningKey.generate(random);
        Files.write(secretKey, key.toBytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            Files.write(publicKey, key.verifyingKey().toBytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(secretKey);
            throw e;
        }
        return key;
    }
}
