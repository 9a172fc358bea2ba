package io.escrowledger.projections.support;

import java.security.SecureRandom;

/** Random bytes for keys and secrets, from the platform's strong random source. */
public final class RandomSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {
    }

    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
