package io.northstar.runtime.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.IgnoreError;

/**
 * OpenSSL's libcrypto SHA-256 (libcrypto.so.3 on Debian, in every installation that has libssl3):
 * its assembly uses the SHA extensions of x86-64 (SHA-NI) and ARMv8 whatever the JVM's JIT does.
 * Public only because jnr-ffi generates the implementation in another class loader; the daemon
 * uses it through {@link LibCryptoBlockDigest}.
 *
 * <p>Pointers are passed as {@code long} addresses of native memory (direct buffers the caller
 * owns): no array is copied or pinned per call. {@code SHA256_CTX} is 112 bytes in OpenSSL 1.1
 * and 3.x; {@link #CTX_SPACE} leaves room beyond that.
 */
public interface LibCrypto {
    /** Bytes reserved for one {@code SHA256_CTX}. */
    int CTX_SPACE = 256;

    @IgnoreError
    int SHA256_Init(long ctx);

    @IgnoreError
    int SHA256_Update(long ctx, long data, long length);

    @IgnoreError
    int SHA256_Final(long digest, long ctx);

    /** Loads libcrypto; throws UnsatisfiedLinkError (or another LinkageError) when it is missing. */
    static LibCrypto load() {
        // "crypto" finds libcrypto.so, or the highest libcrypto.so.N when only the runtime package
        // (no -dev symlink) is installed.
        return load("crypto");
    }

    /** Loads the library {@code name} (a test loads one that does not exist). */
    static LibCrypto load(String name) {
        return LibraryLoader.create(LibCrypto.class).failImmediately().load(name);
    }
}
