/**
 * The NPK container package format of Northstar 0.9 (docs/npk-format.md).
 *
 * <p>Reading: {@link io.northstar.npk.Npk#readVerified} / {@link io.northstar.npk.Npk#readUnverified}
 * load an NPK from any {@link java.nio.channels.SeekableByteChannel} (a file, or a memfd opened as
 * {@code /proc/self/fd/N}) without reading {@code fs.img}; {@link io.northstar.npk.Npk#fsImage()} gives the
 * loop device offset and size, {@link io.northstar.npk.Npk#verity()} the dm-verity parameters and
 * {@link io.northstar.npk.NpkVerity#dmVerityTable} the table line; {@link io.northstar.npk.Npk#verifyImage}
 * checks the whole image in user space where there is no device-mapper.
 *
 * <p>Writing: {@link io.northstar.npk.NpkWriter} (byte-identical to the Rust packer for the same inputs).
 * Every failure is an {@link io.northstar.npk.NpkException} whose message names the part that failed.
 */
package io.northstar.npk;
