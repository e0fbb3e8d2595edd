package io.northstar.runtime.repository;

import java.security.SecureRandom;

/** Random file names for uploads in progress: 21 characters of the nanoid URL alphabet, as Northstar. */
final class NanoId {

    private static final char[] ALPHABET =
            "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private NanoId() {
    }

    static String next() {
        char[] id = new char[21];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
