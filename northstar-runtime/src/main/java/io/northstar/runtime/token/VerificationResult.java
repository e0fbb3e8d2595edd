package io.northstar.runtime.token;

/** Outcome of {@code token_verify}; the wire names are capitalised (console-protocol.md §8.5). */
public enum VerificationResult {
    OK("Ok"),
    INVALID("Invalid"),
    EXPIRED("Expired"),
    FUTURE("Future");

    private final String wireName;

    VerificationResult(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static VerificationResult fromWireName(String name) {
        for (VerificationResult r : values()) {
            if (r.wireName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown verification result \"" + name + "\"");
    }
}
