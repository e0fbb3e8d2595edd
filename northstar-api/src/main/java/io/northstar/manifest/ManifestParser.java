package io.northstar.manifest;

import java.util.Objects;

/**
 * Northstar's parse pipeline: YAML, then JSON, then TOML, the first that
 * deserializes wins; then validation (no fallback after a validation error).
 *
 * <p>Rust reports the TOML error when all three fail, which hides the real
 * problem of a YAML or JSON manifest. We report the error of the dialect the
 * text is written in instead: JSON if it is syntactically JSON, else YAML if it
 * is a YAML map, else TOML if it is syntactically TOML, else the JSON syntax
 * error for text starting with a brace and the YAML syntax error otherwise.
 *
 * <p>Note that JSON text is valid YAML: a JSON manifest is read with YAML rules
 * (a number where a string is expected is taken as its text) unless YAML
 * deserialization fails, exactly as in Northstar.
 */
final class ManifestParser {
    private ManifestParser() {
    }

    static Manifest parse(String text) {
        Objects.requireNonNull(text, "text");
        Attempt yaml = attempt(text, DocDecoder.Dialect.YAML);
        Manifest m = yaml.manifest;
        if (m == null) {
            Attempt json = attempt(text, DocDecoder.Dialect.JSON);
            m = json.manifest;
            if (m == null) {
                Attempt toml = attempt(text, DocDecoder.Dialect.TOML);
                m = toml.manifest;
                if (m == null) {
                    throw json.syntaxOk ? json.error : yaml.syntaxOk ? yaml.error : toml.syntaxOk ? toml.error
                            : text.stripLeading().startsWith("{") ? json.error : yaml.error;
                }
            }
        }
        ManifestValidator.validate(m);
        return m;
    }

    private static final class Attempt {
        Manifest manifest;
        boolean syntaxOk;
        ManifestException error;
    }

    private static Attempt attempt(String text, DocDecoder.Dialect dialect) {
        Attempt a = new Attempt();
        Doc doc;
        try {
            switch (dialect) {
                case YAML:
                    doc = YamlDocReader.read(text);
                    break;
                case JSON:
                    doc = JsonDocReader.read(text);
                    break;
                default:
                    doc = TomlDocReader.read(text);
                    break;
            }
        } catch (ManifestException e) {
            a.error = e;
            return a;
        }
        // A TOML or JSON file may still be one YAML scalar; only a map counts as a YAML manifest.
        a.syntaxOk = doc instanceof Doc.Mapping;
        try {
            a.manifest = ManifestDecoder.decode(doc, dialect);
        } catch (ManifestException e) {
            a.error = e;
        }
        return a;
    }
}
