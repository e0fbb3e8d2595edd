/**
 * The zip subset of NPKs: stored entries, the 4096-byte alignment extra field, the archive comment.
 * {@link io.northstar.npk.zip.ZipDirectory} reads the central directory and entry data offsets from a
 * channel; {@link io.northstar.npk.zip.ZipWriter} writes what the Rust {@code zip} crate 2.2.0 writes.
 */
package io.northstar.npk.zip;
