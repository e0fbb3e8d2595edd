package io.northstar.manifest;

/**
 * A manifest that cannot be parsed or does not pass validation. The message
 * names the field (a dotted path such as {@code mounts./data.options}) and the
 * rule that failed; {@link #field()} gives the path alone.
 */
public final class ManifestException extends IllegalArgumentException {
    /** Which stage rejected the manifest. */
    public enum Stage {
        /** Syntax, type, unknown key, duplicate, missing key: the text does not describe a manifest. */
        PARSE,
        /** A rule of docs/manifest.md, "Validation": the manifest is well formed but not allowed. */
        VALIDATION
    }

    private final Stage stage;
    private final String field;
    private final String reason;

    ManifestException(Stage stage, String field, String reason) {
        super(format(stage, field, reason));
        this.stage = stage;
        this.field = field;
        this.reason = reason;
    }

    ManifestException(Stage stage, String field, String reason, Throwable cause) {
        this(stage, field, reason);
        initCause(cause);
    }

    private static String format(Stage stage, String field, String reason) {
        String prefix = stage == Stage.VALIDATION ? "invalid manifest: " : "failed to parse manifest: ";
        return prefix + (field.isEmpty() ? "" : field + ": ") + reason;
    }

    public Stage stage() {
        return stage;
    }

    /** Dotted path of the offending field, empty for the document as a whole. */
    public String field() {
        return field;
    }

    /** The rule that failed, without the field. */
    public String reason() {
        return reason;
    }
}
