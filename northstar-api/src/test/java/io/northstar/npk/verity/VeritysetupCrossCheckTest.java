package io.northstar.npk.verity;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our tree and superblock against cryptsetup's {@code veritysetup format} for
 * the same salt and UUID: same root hash, same hash-area bytes; and
 * {@code veritysetup verify} accepts what we wrote.
 */
class VeritysetupCrossCheckTest {
    private static String veritysetup;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findVeritysetup() {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            if (Files.isExecutable(Path.of(dir, "veritysetup"))) {
                veritysetup = dir + "/veritysetup";
            }
        }
        if (veritysetup == null) {
            System.out.println("VeritysetupCrossCheckTest skipped: veritysetup (Debian package cryptsetup-bin) is not installed");
        }
    }

    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {1, 2, 128, 129, 300, 20_000, 20_481})
    void sameTreeAsVeritysetup(int blocks) throws Exception {
        assumeTrue(veritysetup != null, "veritysetup (Debian package cryptsetup-bin) is not installed");
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        UUID uuid = UUID.randomUUID();
        Path data = VerityFixtures.randomData(tmp, blocks, blocks);
        Path theirs = tmp.resolve("theirs.hash");
        String out = run(veritysetup, "format", "--salt=" + HexFormat.of().formatHex(salt), "--uuid=" + uuid,
                "--data-block-size=4096", "--hash-block-size=4096", data.toString(), theirs.toString());
        Matcher m = Pattern.compile("Root hash:\\s+([0-9a-f]{64})").matcher(out);
        assertTrue(m.find(), "no root hash in veritysetup output: " + out);

        VerityTree tree;
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            tree = VerityTree.build(ch, 0, blocks * 4096L, salt);
        }
        assertEquals(m.group(1), HexFormat.of().formatHex(tree.rootHash()));
        byte[] ours = concat(VeritySuperblock.of(uuid, salt, blocks).toBytes(), tree.toBytes());
        byte[] theirBytes = Files.readAllBytes(theirs);
        // veritysetup may pad its hash file; everything it wrote beyond our tree must be zero.
        assertTrue(theirBytes.length >= ours.length, "veritysetup wrote " + theirBytes.length + " bytes, we " + ours.length);
        assertArrayEquals(ours, java.util.Arrays.copyOf(theirBytes, ours.length));
        for (int i = ours.length; i < theirBytes.length; i++) {
            assertEquals(0, theirBytes[i], "veritysetup byte " + i);
        }

        // The other direction: veritysetup verifies an image formatted by us in place (data | sb | tree).
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            VerityFormatter.format(ch, blocks * 4096L, salt, uuid);
        }
        run(veritysetup, "verify", "--hash-offset=" + blocks * 4096L, data.toString(), data.toString(),
                HexFormat.of().formatHex(tree.rootHash()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertEquals(0, rc, String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
