/**
 * Ed25519 keys as raw 32-byte {@code .key} (seed) and {@code .pub} files, signing, and verification as
 * strict as ed25519-dalek's {@code verify_strict}.
 */
package io.northstar.npk.key;
