package io.northstar.npk.key;

import io.northstar.common.ByteValue;
import io.northstar.npk.NpkException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * An Ed25519 secret key: the 32-byte RFC 8032 seed, stored raw in a
 * {@code .key} file (docs/npk-format.md, "Keys"). Signatures are pure Ed25519 and
 * deterministic, so they equal the Rust packer's for the same key and message.
 */
public final class SigningKey extends ByteValue {
    public static final int SIZE = Ed25519.SECRET_KEY_SIZE;

    private SigningKey(byte[] seed) {
        super(seed);
    }

    public static SigningKey of(byte[] seed) {
        return new SigningKey(copyOfLength(seed, SIZE, "an Ed25519 seed"));
    }

    public static SigningKey generate(SecureRandom random) {
        byte[] seed = new byte[SIZE];
        random.nextBytes(seed);
        return new SigningKey(seed);
    }

    /**
     * Reads the first 32 bytes of {@code file}; like the Rust packer, trailing
     * bytes are ignored.
     */
    public static SigningKey read(Path file) throws IOException, NpkException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] seed = in.readNBytes(SIZE);
            if (seed.length != SIZE) {
                throw new NpkException("key file " + file + " has " + seed.length + " bytes; an Ed25519 secret key has 32");
            }
            return new SigningKey(seed);
        }
    }

    public VerifyingKey verifyingKey() {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(raw(), 0, pk, 0);
        return VerifyingKey.trusted(pk);
    }

    /** The 64-byte pure Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(raw(), 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** The raw seed, as written to a {@code .key} file. */
    public byte[] toBytes() {
        return raw().clone();
    }

    @Override
    public String toString() {
        return "SigningKey[public " + verifyingKey() + "]";
    }
}
