package io.northstar.sextant.squashfs;

/** The xattr namespaces squashfs stores, with their on-disk type numbers. */
enum XattrPrefix {
    USER("user.", 0), TRUSTED("trusted.", 1), SECURITY("security.", 2);

    final String prefix;
    final int type;

    XattrPrefix(String prefix, int type) {
        this.prefix = prefix;
        this.type = type;
    }

    static XattrPrefix of(String name) {
        for (XattrPrefix p : values()) {
            if (name.startsWith(p.prefix) && name.length() > p.prefix.length()) {
                return p;
            }
        }
        throw new IllegalArgumentException("xattr \"" + name + "\": squashfs stores only user.*, trusted.* and security.* attributes");
    }
}
