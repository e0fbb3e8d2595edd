/**
 * The Northstar 0.9 container manifest: model, parser, validator and the
 * serialized forms (canonical YAML as stored in NPKs, JSON as carried by the
 * console).
 *
 * <ul>
 *   <li>{@link io.northstar.manifest.Manifest#parse(String)}: YAML, else JSON,
 *       else TOML (as Northstar), then the validation rules; only validated
 *       manifests come out, everything else is a
 *       {@link io.northstar.manifest.ManifestException} naming the field.</li>
 *   <li>{@link io.northstar.manifest.Manifest#toYaml()}: the bytes the Rust
 *       packer writes (serde_yaml 0.9 on libyaml), checked against libyaml.</li>
 *   <li>{@link io.northstar.manifest.ManifestJson}: the console's JSON form and a
 *       Jackson module.</li>
 * </ul>
 *
 * <p>Ordering: Rust keeps {@code env}, {@code mounts}, {@code rlimits},
 * {@code sockets}, {@code seccomp.allow}, capabilities, supplementary groups,
 * console permissions and mount options in hash maps/sets, so their order on
 * the wire is unspecified. This model keeps document order (first occurrence
 * for merged set entries, position of the first occurrence with the last value
 * for repeated map keys), which makes output deterministic and lets a manifest
 * read from JSON re-encode to the same bytes. Equality ignores that order.
 *
 * <p>Sum types are sealed interfaces of records, matched with switch patterns;
 * {@code kind()} (or {@code type()}) names a variant's wire tag where one is needed.
 * Unsigned 64-bit fields are kept in {@code long} and are to be read with
 * {@link java.lang.Long#toUnsignedString(long)} / {@code compareUnsigned}.
 */
package io.northstar.manifest;
