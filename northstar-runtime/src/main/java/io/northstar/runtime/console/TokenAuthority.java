package io.northstar.runtime.console;

import io.northstar.console.Token;
import io.northstar.console.VerificationResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Creates and verifies console tokens (console-protocol §8): HMAC-SHA256 with a per-process random
 * key, a monotonic clock whose epoch is the first token operation. Thread-safe.
 */
public final class TokenAuthority {

    private final byte[] key = new byte[32];
    private volatile long epochNanos = Long.MIN_VALUE;

    public TokenAuthority() {
        new SecureRandom().nextBytes(key);
    }

    private synchronized long now() {
        if (epochNanos == Long.MIN_VALUE) {
            epochNanos = System.nanoTime();
        }
        return (System.nanoTime() - epochNanos) / 1_000_000_000L;
    }

    public Token create(String user, String target, byte[] shared) {
        long t = now();
        ByteBuffer token = ByteBuffer.allocate(Token.LENGTH);
        token.putLong(t);
        token.put(mac(t, user, target, shared));
        return new Token(token.array());
    }

    public VerificationResult verify(Token token, String user, String target, byte[] shared, Duration validity) {
        ByteBuffer bytes = ByteBuffer.wrap(token.bytes());
        long t = bytes.getLong();
        long now = now();
        if (Long.compareUnsigned(now, t) < 0) {
            return VerificationResult.FUTURE;
        }
        if (now - t > validity.toSeconds()) {
            return VerificationResult.EXPIRED;
        }
        byte[] mac = new byte[32];
        bytes.get(mac);
        return MessageDigest.isEqual(mac, mac(t, user, target, shared)) ? VerificationResult.OK : VerificationResult.INVALID;
    }

    private byte[] mac(long seconds, String user, String target, byte[] shared) {
        ByteBuffer input = ByteBuffer.allocate(16 + 3 * 32);
        // The Rust code hashes Duration::as_millis(), a u128: 16 bytes big-endian.
        input.putLong(0).putLong(seconds * 1000);
        input.put(hmac(user.getBytes(StandardCharsets.UTF_8)));
        input.put(hmac(target.getBytes(StandardCharsets.UTF_8)));
        input.put(hmac(shared));
        return hmac(input.array());
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
