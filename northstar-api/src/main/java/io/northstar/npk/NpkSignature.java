package io.northstar.npk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.northstar.manifest.DocLimits;
import io.northstar.npk.key.SigningKey;
import io.northstar.npk.key.VerifyingKey;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code signature.yaml} entry of a signed NPK (docs/npk-format.md, "signature.yaml"): the
 * hashes document, {@code ---}, and the base64 Ed25519 signature of the
 * hashes document's exact bytes.
 */
public final class NpkSignature {
    public static final String ENTRY = "signature.yaml";
    static final String SEPARATOR = "---";
    /**
     * Jackson reads YAML as a stream of events and does not expand aliases; the nesting bound is
     * the one of every document read from outside (docs/security.md).
     */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(DocLimits.MAX_DEPTH).build())
            .build();

    private final HashesDocument hashes;
    private final byte[] signedBytes;
    private final byte[] signature;
    private final byte[] entryBytes;

    private NpkSignature(HashesDocument hashes, byte[] signedBytes, byte[] signature, byte[] entryBytes) {
        this.hashes = hashes;
        this.signedBytes = signedBytes;
        this.signature = signature;
        this.entryBytes = entryBytes;
    }

    /**
     * Signs {@code hashes} and renders the entry exactly as the Rust packer:
     * hashes document, {@code ---\nsignature: }, base64, no final newline.
     */
    public static NpkSignature create(HashesDocument hashes, SigningKey key) {
        byte[] document = hashes.toBytes();
        byte[] signature = key.sign(document);
        String entry = hashes.render() + SEPARATOR + "\nsignature: " + Base64.getEncoder().encodeToString(signature);
        return new NpkSignature(hashes, document, signature, entry.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses the entry as the runtime does (docs/npk-format.md, "Verification" steps 1-4): split at the
     * first {@code ---}, YAML-parse both pieces, decode the 64-byte signature.
     * The signature is not checked here; see {@link #verify}.
     */
    public static NpkSignature parse(byte[] entry) throws NpkException {
        String text = Npk.utf8(entry, ENTRY);
        int split = text.indexOf(SEPARATOR);
        if (split < 0) {
            throw new NpkException(ENTRY + ": malformed signatures file (no \"---\" between hashes and signature)");
        }
        String document = text.substring(0, split);
        String rest = text.substring(split + SEPARATOR.length());
        int next = rest.indexOf(SEPARATOR);
        String signatureDocument = next < 0 ? rest : rest.substring(0, next);

        JsonNode hashesNode = yaml(document, "hashes document");
        HashesDocument hashes = new HashesDocument(
                hash(hashesNode, "meta", "hash"),
                hash(hashesNode, "manifest.yaml", "hash"),
                hash(hashesNode, "fs.img", "verity-hash"),
                unsigned(field(hashesNode, "fs.img", "verity-offset"), "fs.img.verity-offset"));

        JsonNode signatureNode = yaml(signatureDocument, "signature document");
        JsonNode value = signatureNode.get("signature");
        if (value == null || !value.isTextual()) {
            throw new NpkException(ENTRY + ": signature document has no \"signature\" string");
        }
        byte[] signature = decodeBase64(value.asText());
        return new NpkSignature(hashes, document.getBytes(StandardCharsets.UTF_8), signature, entry.clone());
    }

    /**
     * Checks the signature with {@code key} over the hashes document bytes as
     * found in the file (not re-serialised), strictly as ed25519-dalek.
     */
    public void verify(VerifyingKey key) throws NpkException {
        if (!key.verifyStrict(signedBytes, signature)) {
            throw new NpkException(ENTRY + ": invalid signature: the hashes document is not signed by key " + key.hex());
        }
    }

    public HashesDocument hashes() {
        return hashes;
    }

    /** The 64 signature bytes. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The exact bytes of the entry. */
    public byte[] toBytes() {
        return entryBytes.clone();
    }

    private static JsonNode yaml(String text, String what) throws NpkException {
        JsonNode node;
        try {
            node = YamlTree.read(YAML, text);
        } catch (JsonProcessingException e) {
            throw new NpkException(ENTRY + ": " + what + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new NpkException(ENTRY + ": " + what + " is not valid YAML: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new NpkException(ENTRY + ": " + what + " is not a YAML mapping");
        }
        return node;
    }

    private static JsonNode field(JsonNode root, String section, String key) throws NpkException {
        JsonNode s = root.get(section);
        if (s == null || !s.isObject()) {
            throw new NpkException(ENTRY + ": hashes document has no \"" + section + "\" section");
        }
        JsonNode v = s.get(key);
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new NpkException(ENTRY + ": hashes document has no " + section + "." + key);
        }
        return v;
    }

    private static Sha256 hash(JsonNode root, String section, String key) throws NpkException {
        JsonNode v = field(root, section, key);
        try {
            return Sha256.parseHex(v.asText());
        } catch (NpkException e) {
            throw new NpkException(ENTRY + ": " + section + "." + key + ": " + e.getMessage());
        }
    }

    private static long unsigned(JsonNode v, String what) throws NpkException {
        if (!v.isIntegralNumber()) {
            throw new NpkException(ENTRY + ": " + what + " is not an unsigned integer: " + v.asText());
        }
        BigInteger value = v.bigIntegerValue();
        if (value.signum() < 0 || value.bitLength() > 63) {
            throw new NpkException(ENTRY + ": " + what + " " + value + " is out of range");
        }
        return value.longValueExact();
    }

    private static byte[] decodeBase64(String text) throws NpkException {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new NpkException(ENTRY + ": signature is not valid base64: " + e.getMessage());
        }
        // The Rust base64 engine requires canonical padding and zero trailing bits; the JDK decoder does not.
        if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
            throw new NpkException(ENTRY + ": signature is not canonical base64");
        }
        if (decoded.length != 64) {
            throw new NpkException(ENTRY + ": signature has " + decoded.length + " bytes, an Ed25519 signature has 64");
        }
        return decoded;
    }
}
