package io.northstar.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A SemVer requirement with the syntax, matching rules and display form of Rust's
 * {@code semver} 1.0 crate (Cargo's rules): comma-separated comparators, all of
 * which must match. A bare {@code 1.2.3} is a caret requirement and is written
 * back as {@code ^1.2.3}; {@code *} is the requirement with no comparators.
 *
 * <p>Northstar versions never carry a pre-release, so {@link #matches} only
 * deals with plain {@code major.minor.patch} versions.
 */
public record VersionReq(List<Comparator> comparators) {
    private static final int MAX_COMPARATORS = 32;

    public static final VersionReq STAR = new VersionReq(List.of());

    public VersionReq {
        comparators = List.copyOf(comparators);
    }

    public enum Op {
        EXACT("="), GREATER(">"), GREATER_EQ(">="), LESS("<"), LESS_EQ("<="), TILDE("~"), CARET("^"), WILDCARD("");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** One comparator; absent minor/patch are partial versions ({@code 1}, {@code 1.2}, {@code 1.*}). */
    public record Comparator(Op op, long major, OptionalLong minor, OptionalLong patch, String pre) {
        public Comparator {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(minor, "minor");
            Objects.requireNonNull(patch, "patch");
            Objects.requireNonNull(pre, "pre");
        }

        boolean matches(Version v) {
            return switch (op) {
                case EXACT, WILDCARD -> exact(v);
                case GREATER -> greater(v);
                case GREATER_EQ -> exact(v) || greater(v);
                case LESS -> less(v);
                case LESS_EQ -> exact(v) || less(v);
                case TILDE -> tilde(v);
                case CARET -> caret(v);
            };
        }

        /**
         * How {@code v} compares with the parts this comparator gives: the major, then minor and patch where present
         * (an absent part matches any value). The comparator's pre-release is left to the caller.
         */
        private int compareGiven(Version v) {
            if (v.major() != major) {
                return Long.compareUnsigned(v.major(), major);
            }
            if (minor.isPresent() && v.minor() != minor.getAsLong()) {
                return Long.compareUnsigned(v.minor(), minor.getAsLong());
            }
            if (patch.isPresent() && v.patch() != patch.getAsLong()) {
                return Long.compareUnsigned(v.patch(), patch.getAsLong());
            }
            return 0;
        }

        // A version without pre-release equals a comparator's pre only when that is empty,
        // and is greater than any non-empty pre-release.
        private boolean exact(Version v) {
            return compareGiven(v) == 0 && pre.isEmpty();
        }

        private boolean greater(Version v) {
            int c = compareGiven(v);
            return c > 0 || (c == 0 && minor.isPresent() && patch.isPresent() && !pre.isEmpty());
        }

        private boolean less(Version v) {
            return compareGiven(v) < 0;
        }

        /** Same major and (if given) minor; at least the given patch. */
        private boolean tilde(Version v) {
            boolean sameMinor = v.major() == major && (minor.isEmpty() || v.minor() == minor.getAsLong());
            return sameMinor && compareGiven(v) >= 0;
        }

        private boolean caret(Version v) {
            if (v.major() != major) {
                return false;
            }
            if (minor.isEmpty()) {
                return true;
            }
            long mi = minor.getAsLong();
            if (patch.isEmpty()) {
                return major > 0 ? Long.compareUnsigned(v.minor(), mi) >= 0 : v.minor() == mi;
            }
            long pa = patch.getAsLong();
            if (major > 0) {
                if (v.minor() != mi) {
                    return Long.compareUnsigned(v.minor(), mi) > 0;
                }
                if (v.patch() != pa) {
                    return Long.compareUnsigned(v.patch(), pa) > 0;
                }
            } else if (mi > 0) {
                if (v.minor() != mi) {
                    return false;
                }
                if (v.patch() != pa) {
                    return Long.compareUnsigned(v.patch(), pa) > 0;
                }
            } else if (v.minor() != mi || v.patch() != pa) {
                return false;
            }
            return true;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(op.symbol()).append(Long.toUnsignedString(major));
            if (minor.isPresent()) {
                b.append('.').append(Long.toUnsignedString(minor.getAsLong()));
                if (patch.isPresent()) {
                    b.append('.').append(Long.toUnsignedString(patch.getAsLong()));
                    if (!pre.isEmpty()) {
                        b.append('-').append(pre);
                    }
                } else if (op == Op.WILDCARD) {
                    b.append(".*");
                }
            } else if (op == Op.WILDCARD) {
                b.append(".*");
            }
            return b.toString();
        }
    }

    public boolean matches(Version version) {
        for (Comparator c : comparators) {
            if (!c.matches(version)) {
                return false;
            }
        }
        return true;
    }

    public static VersionReq parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return parseChecked(text);
        } catch (SemverLexer.SyntaxError e) {
            throw new InvalidValueException("invalid version requirement \"" + Printable.of(text) + "\": " + e.getMessage());
        }
    }

    private static VersionReq parseChecked(String text) throws SemverLexer.SyntaxError {
        SemverLexer lx = new SemverLexer(text);
        lx.skipSpaces();
        if (lx.startsWithWildcard()) {
            SemverLexer probe = new SemverLexer(text);
            probe.skipSpaces();
            probe.acceptWildcard();
            probe.skipSpaces();
            if (probe.atEnd()) {
                return STAR;
            }
            if (probe.peek() == ',') {
                throw lx.error("wildcard req (" + (char) lx.peek() + ") must be the only comparator in the version req");
            }
            throw lx.error("unexpected character after wildcard in version req");
        }
        List<Comparator> out = new ArrayList<>();
        while (true) {
            out.add(comparator(lx));
            if (lx.atEnd()) {
                return new VersionReq(out);
            }
            if (!lx.accept(',')) {
                throw lx.error("expected comma after version number, found " + lx.peekQuoted());
            }
            if (out.size() == MAX_COMPARATORS) {
                throw lx.error("excessive number of version comparators");
            }
            lx.skipSpaces();
            if (lx.startsWithWildcard()) {
                throw lx.error("wildcard req (" + (char) lx.peek() + ") must be the only comparator in the version req");
            }
        }
    }

    private static Comparator comparator(SemverLexer lx) throws SemverLexer.SyntaxError {
        Op op = Op.CARET;
        boolean defaultOp = false;
        if (lx.accept('=')) {
            op = Op.EXACT;
        } else if (lx.accept('>')) {
            op = lx.accept('=') ? Op.GREATER_EQ : Op.GREATER;
        } else if (lx.accept('<')) {
            op = lx.accept('=') ? Op.LESS_EQ : Op.LESS;
        } else if (lx.accept('~')) {
            op = Op.TILDE;
        } else if (lx.accept('^')) {
            op = Op.CARET;
        } else {
            defaultOp = true;
        }
        lx.skipSpaces();
        long major = lx.number("major");
        OptionalLong minor = OptionalLong.empty();
        OptionalLong patch = OptionalLong.empty();
        boolean wildcard = false;
        if (lx.accept('.')) {
            if (lx.acceptWildcard()) {
                wildcard = true;
                if (defaultOp) {
                    op = Op.WILDCARD;
                }
            } else {
                minor = OptionalLong.of(lx.number("minor"));
            }
        }
        if (lx.accept('.')) {
            if (lx.acceptWildcard()) {
                if (defaultOp) {
                    op = Op.WILDCARD;
                }
            } else if (wildcard) {
                throw lx.error("unexpected character after wildcard in version req");
            } else {
                patch = OptionalLong.of(lx.number("patch"));
            }
        }
        String pre = "";
        if (patch.isPresent() && lx.accept('-')) {
            pre = lx.identifiers(true);
            if (pre.isEmpty()) {
                throw lx.error("empty identifier segment in pre-release identifier");
            }
        }
        if (patch.isPresent() && lx.accept('+')) {
            if (lx.identifiers(false).isEmpty()) {
                throw lx.error("empty identifier segment in build metadata");
            }
        }
        lx.skipSpaces();
        return new Comparator(op, major, minor, patch, pre);
    }

    @Override
    public String toString() {
        return comparators.isEmpty() ? "*" : comparators.stream().map(Comparator::toString).collect(Collectors.joining(", "));
    }
}
