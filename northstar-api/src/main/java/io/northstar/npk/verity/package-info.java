/**
 * dm-verity hash trees with 4096-byte blocks and salted SHA-256, as {@code veritysetup format} writes
 * them: {@link io.northstar.npk.verity.VerityTree} (build), {@link io.northstar.npk.verity.VeritySuperblock},
 * {@link io.northstar.npk.verity.VerityFormatter} (append superblock and tree to an image) and
 * {@link io.northstar.npk.verity.VerityVerifier} (check a whole image in user space, naming the failing block).
 */
package io.northstar.npk.verity;
