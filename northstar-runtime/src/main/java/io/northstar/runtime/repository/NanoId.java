package io.northstar.runtime.repository;

import java.security.SecureRandom;

/**
 * Random names as Northstar makes them: 21 characters of the nanoid URL alphabet. Uploads in progress
 * and dm-verity devices are named with them.
 */
public final class NanoId {

    private static final char[] ALPHABET =
            "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private NanoId() {
    }

    public static String next() {
        char[] id = new char[21];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
