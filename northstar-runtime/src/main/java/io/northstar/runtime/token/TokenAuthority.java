package io.northstar.runtime.token;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.northstar.console.Token;
import io.northstar.console.VerificationResult;

/**
 * Creates and verifies tokens exactly as Northstar does (docs/protocol.md, "Tokens"): with
 * {@code H} = HMAC-SHA256 under a per-process random key,
 * {@code mac = H(T || H(user) || H(target) || H(shared))} where {@code T} is the creation time
 * in milliseconds as a 16-byte big-endian integer; the token is the creation time in seconds
 * (8 bytes, big endian) followed by the mac (32 bytes).
 *
 * <p>{@code user} and {@code target} are container names, or {@code extern} for the global
 * console. Thread-safe: console connection threads call it directly.
 */
public final class TokenAuthority {

    /** The console option {@code token_validity} defaults to 60 s. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofSeconds(60);
    public static final String EXTERN = "extern";

    private static final String HMAC = "HmacSHA256";
    private static final int KEY_LENGTH = 32;

    private final SecretKeySpec key;
    private final TokenClock clock;

    public TokenAuthority(byte[] key, TokenClock clock) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("token key must be " + KEY_LENGTH + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), HMAC);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A fresh random key (never persisted: tokens do not survive a restart) and Northstar's clock. */
    public static TokenAuthority create() {
        byte[] key = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        return new TokenAuthority(key, TokenClock.monotonic());
    }

    /** A token by which {@code user} proves itself to {@code target}, bound to {@code shared}. */
    public Token create(String user, String target, byte[] shared) {
        long t = clock.nowSeconds();
        return new Token(ByteBuffer.allocate(Token.LENGTH).putLong(t).put(mac(t, user, target, shared)).array());
    }

    /** The creation time of a token, in seconds of the token clock (an unsigned u64 on the wire). */
    public static long createdSeconds(Token token) {
        return ByteBuffer.wrap(token.bytes(), 0, 8).getLong();
    }

    /**
     * Verifies a token presented to {@code target} by somebody claiming to be {@code user}.
     * Time is checked before the MAC, as in Northstar, so a forged token can be
     * {@code Future} or {@code Expired} instead of {@code Invalid}.
     */
    public VerificationResult verify(Token token, String user, String target, byte[] shared, Duration validity) {
        long now = clock.nowSeconds();
        byte[] bytes = token.bytes();
        long t = ByteBuffer.wrap(bytes, 0, 8).getLong();
        // t is an unsigned u64 on the wire
        if (Long.compareUnsigned(now, t) < 0) {
            return VerificationResult.FUTURE;
        }
        if (Duration.ofSeconds(now - t).compareTo(validity) > 0) {
            return VerificationResult.EXPIRED;
        }
        byte[] presented = Arrays.copyOfRange(bytes, 8, Token.LENGTH);
        return MessageDigest.isEqual(presented, mac(t, user, target, shared)) ? VerificationResult.OK : VerificationResult.INVALID;
    }

    private byte[] mac(long t, String user, String target, byte[] shared) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(shared, "shared");
        Mac outer = newMac();
        outer.update(millis128(t));
        outer.update(newMac().doFinal(user.getBytes(StandardCharsets.UTF_8)));
        outer.update(newMac().doFinal(target.getBytes(StandardCharsets.UTF_8)));
        outer.update(newMac().doFinal(shared));
        return outer.doFinal();
    }

    /** {@code t * 1000} as the 16-byte big-endian u128 that Rust's {@code Duration::as_millis} hashes. */
    static byte[] millis128(long seconds) {
        BigInteger ms = new BigInteger(Long.toUnsignedString(seconds)).multiply(BigInteger.valueOf(1000));
        byte[] raw = ms.toByteArray();
        byte[] out = new byte[16];
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return out;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
