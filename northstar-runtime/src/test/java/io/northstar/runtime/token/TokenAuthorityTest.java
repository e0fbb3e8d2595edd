package io.northstar.runtime.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.northstar.console.Token;
import io.northstar.console.VerificationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of Northstar's token-client / token-server examples: the client creates a token
 * for the server with some shared bytes, the server verifies it with the client's name.
 */
class TokenAuthorityTest {

    static final byte[] KEY = new byte[32];
    static final byte[] SHARED = "http".getBytes(StandardCharsets.UTF_8);
    static final Duration VALIDITY = TokenAuthority.DEFAULT_VALIDITY;

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
    }

    /** A clock the test moves by hand. */
    static final class ManualClock implements TokenClock {
        long now;

        @Override
        public long nowSeconds() {
            return now;
        }
    }

    ManualClock clock;
    TokenAuthority runtime;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        clock.now = 1000;
        runtime = new TokenAuthority(KEY, clock);
    }

    @Test
    void tokenForTheServerVerifiesOnTheServer() {
        Token token = runtime.create("token-client", "token-server", SHARED);
        assertEquals(VerificationResult.OK, runtime.verify(token, "token-client", "token-server", SHARED, VALIDITY));
    }

    @Test
    void tokenForAnotherTargetIsInvalid() {
        Token token = runtime.create("token-client", "token-server", SHARED);
        assertEquals(VerificationResult.INVALID, runtime.verify(token, "token-client", "other-server", SHARED, VALIDITY));
    }

    @Test
    void wrongUserOrSharedBytesAreInvalid() {
        Token token = runtime.create("token-client", "token-server", SHARED);
        assertEquals(VerificationResult.INVALID, runtime.verify(token, "someone-else", "token-server", SHARED, VALIDITY));
        assertEquals(VerificationResult.INVALID, runtime.verify(token, "token-client", "token-server", new byte[0], VALIDITY));
        // user and target are hashed separately: swapping them does not verify
        assertEquals(VerificationResult.INVALID, runtime.verify(token, "token-server", "token-client", SHARED, VALIDITY));
    }

    @Test
    void externIsAnIdentityLikeAnyOther() {
        Token token = runtime.create(TokenAuthority.EXTERN, "hello", new byte[0]);
        assertEquals(VerificationResult.OK, runtime.verify(token, TokenAuthority.EXTERN, "hello", new byte[0], VALIDITY));
        assertEquals(VerificationResult.INVALID, runtime.verify(token, "hello", TokenAuthority.EXTERN, new byte[0], VALIDITY));
    }

    @Test
    void validExactlyAtTheValidityAndExpiredOneSecondLater() {
        Token token = runtime.create("token-client", "token-server", SHARED);
        clock.now += 60;
        assertEquals(VerificationResult.OK, runtime.verify(token, "token-client", "token-server", SHARED, VALIDITY));
        clock.now += 1;
        assertEquals(VerificationResult.EXPIRED, runtime.verify(token, "token-client", "token-server", SHARED, VALIDITY));
    }

    @Test
    void validityIsTheVerifiersOption() {
        Token token = runtime.create("a", "b", SHARED);
        clock.now += 5;
        assertEquals(VerificationResult.EXPIRED, runtime.verify(token, "a", "b", SHARED, Duration.ofSeconds(4)));
        assertEquals(VerificationResult.OK, runtime.verify(token, "a", "b", SHARED, Duration.ofSeconds(5)));
        // sub-second validities: 5 s elapsed > 4.5 s
        assertEquals(VerificationResult.EXPIRED, runtime.verify(token, "a", "b", SHARED, Duration.ofMillis(4500)));
    }

    @Test
    void timeIsCheckedBeforeTheMac() {
        Token token = runtime.create("a", "b", SHARED);
        clock.now -= 1;
        assertEquals(VerificationResult.FUTURE, runtime.verify(token, "a", "b", SHARED, VALIDITY));
        // a forged token from the future is reported as Future, not Invalid
        byte[] forged = new byte[40];
        ByteBuffer.wrap(forged).putLong(5000);
        assertEquals(VerificationResult.FUTURE, runtime.verify(new Token(forged), "a", "b", SHARED, VALIDITY));
        ByteBuffer.wrap(forged).putLong(0);
        assertEquals(VerificationResult.EXPIRED, runtime.verify(new Token(forged), "a", "b", SHARED, VALIDITY));
        ByteBuffer.wrap(forged).putLong(clock.now);
        assertEquals(VerificationResult.INVALID, runtime.verify(new Token(forged), "a", "b", SHARED, VALIDITY));
        // a huge unsigned creation time is in the future, not in the past
        ByteBuffer.wrap(forged).putLong(-1L);
        assertEquals(VerificationResult.FUTURE, runtime.verify(new Token(forged), "a", "b", SHARED, VALIDITY));
    }

    @Test
    void anotherRuntimeKeyDoesNotVerify() {
        Token token = runtime.create("a", "b", SHARED);
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertEquals(VerificationResult.INVALID, new TokenAuthority(otherKey, clock).verify(token, "a", "b", SHARED, VALIDITY));
        TokenAuthority random1 = TokenAuthority.create();
        TokenAuthority random2 = TokenAuthority.create();
        Token t1 = random1.create("a", "b", SHARED);
        assertEquals(VerificationResult.OK, random1.verify(t1, "a", "b", SHARED, VALIDITY));
        assertEquals(VerificationResult.INVALID, random2.verify(t1, "a", "b", SHARED, VALIDITY));
    }

    @Test
    void layoutIsSecondsBigEndianThenMacOfMillisAndHashes() throws Exception {
        Token token = runtime.create("token-client", "token-server", SHARED);
        byte[] bytes = token.bytes();
        assertEquals(40, bytes.length);
        assertEquals(1000L, ByteBuffer.wrap(bytes, 0, 8).getLong());

        // independent recomputation of the MAC inputs of console-protocol.md §8.4
        Mac h = Mac.getInstance("HmacSHA256");
        h.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] hu = h.doFinal("token-client".getBytes(StandardCharsets.UTF_8));
        byte[] ht = h.doFinal("token-server".getBytes(StandardCharsets.UTF_8));
        byte[] hs = h.doFinal(SHARED);
        byte[] t = new byte[16];
        ByteBuffer.wrap(t, 8, 8).putLong(1000L * 1000L);
        h.update(t);
        h.update(hu);
        h.update(ht);
        h.update(hs);
        assertArrayEquals(h.doFinal(), Arrays.copyOfRange(bytes, 8, 40));
    }

    @Test
    void base64IsFiftySixCharactersEndingInPadding() {
        Token token = runtime.create("a", "b", SHARED);
        String text = Base64.getEncoder().encodeToString(token.bytes());
        assertEquals(56, text.length());
        assertTrue(text.endsWith("=="), text);
        Token decoded = new Token(Base64.getDecoder().decode(text));
        assertEquals(token, decoded);
        assertEquals(1000, TokenAuthority.createdSeconds(decoded));
        assertEquals(VerificationResult.OK, runtime.verify(decoded, "a", "b", SHARED, VALIDITY));
    }

    @Test
    void theAllZeroTokenOfTheSpecExampleIsExpired() {
        Token zero = new Token(Base64.getDecoder().decode("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="));
        assertEquals(0, TokenAuthority.createdSeconds(zero));
        assertEquals(VerificationResult.EXPIRED, runtime.verify(zero, "a", "b", SHARED, VALIDITY));
        clock.now = 10;
        assertEquals(VerificationResult.INVALID, runtime.verify(zero, "a", "b", SHARED, VALIDITY));
    }

    @Test
    void millisAreA16ByteBigEndianU128() {
        byte[] expected = new byte[16];
        ByteBuffer.wrap(expected, 8, 8).putLong(42_000);
        assertArrayEquals(expected, TokenAuthority.millis128(42));
        // u64::MAX seconds * 1000 overflows 64 bits and must not be truncated
        byte[] big = TokenAuthority.millis128(-1L);
        assertNotEquals(0, big[7]);
        assertEquals(new java.math.BigInteger("18446744073709551615").multiply(java.math.BigInteger.valueOf(1000)),
                new java.math.BigInteger(1, big));
    }

    @Test
    void monotonicClockStartsAtZeroOnFirstUse() {
        TokenClock c = TokenClock.monotonic();
        assertEquals(0, c.nowSeconds());
        assertTrue(c.nowSeconds() >= 0);
    }

    @Test
    void keyMustBe32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new TokenAuthority(new byte[16], clock));
    }
}
