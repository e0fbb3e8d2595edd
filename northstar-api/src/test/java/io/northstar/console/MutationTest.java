package io.northstar.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never escapes as anything but {@link ConsoleDecodingException}: every golden
 * line is mutated many times (fixed seed, so failures reproduce) and each mutant must
 * either decode to a message that re-encodes stably or be rejected with that exception.
 */
class MutationTest {
    private static final String ALPHABET = "{}[]\":,0123456789-+.eE \\u\0\tnulltruefalseabc:/=\u00e4\ud83d\ude00";
    private final ConsoleCodec codec = new ConsoleCodec();

    @Test
    void mutantsDecodeCleanlyOrFailWithADecodingException() throws IOException {
        Random random = new Random(0x5eed);
        List<String> lines = GoldenTest.lines("golden.jsonl");
        int rejected = 0;
        int accepted = 0;
        for (String line : lines) {
            for (int i = 0; i < 150; i++) {
                String mutant = mutate(line, random);
                Message m;
                try {
                    m = codec.decode(mutant);
                } catch (ConsoleDecodingException e) {
                    rejected++;
                    continue;
                } catch (RuntimeException | StackOverflowError e) {
                    fail("mutant escaped with " + e + ": " + mutant, e);
                    return;
                }
                accepted++;
                String encoded = codec.encode(m);
                assertEquals(encoded, codec.encode(codec.decode(encoded)), mutant);
            }
        }
        // Both outcomes must actually occur, or the mutations are not testing anything.
        System.out.printf("mutation test: %d mutants accepted, %d rejected%n", accepted, rejected);
        if (accepted == 0 || rejected == 0) {
            fail("degenerate mutation run: " + accepted + " accepted, " + rejected + " rejected");
        }
    }

    @Test
    void rawBytesMutantsIncludingInvalidUtf8() throws IOException {
        Random random = new Random(42);
        for (String line : GoldenTest.lines("golden.jsonl")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) {
                byte[] mutant = bytes.clone();
                mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
                try {
                    codec.decode(mutant);
                } catch (ConsoleDecodingException e) {
                    // expected for most mutants
                } catch (RuntimeException e) {
                    fail("mutant escaped with " + e + ": " + new String(mutant, StandardCharsets.ISO_8859_1), e);
                }
            }
        }
    }

    private static String mutate(String line, Random random) {
        StringBuilder b = new StringBuilder(line);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> b.setCharAt(at, c);
                case 1 -> b.deleteCharAt(at);
                default -> b.insert(at, c);
            }
        }
        return b.toString();
    }
}
