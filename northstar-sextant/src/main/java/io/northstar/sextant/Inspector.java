package io.northstar.sextant;

import io.northstar.common.EscapedText;
import io.northstar.npk.FsImage;
import io.northstar.npk.Npk;
import io.northstar.npk.NpkException;
import io.northstar.npk.NpkVerity;
import io.northstar.npk.key.VerifyingKey;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** {@code sextant inspect}: what is inside an NPK (docs/sextant.md, "inspect"). */
final class Inspector {
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    private Inspector() {
    }

    /** {@code name: <n>, version: <v>, NPK version: <meta>, resource container: <yes|no>}. */
    static void inspectShort(Path path, PrintWriter out) throws SextantException, IOException {
        Npk npk = load(path, Optional.empty());
        out.println("name: " + npk.manifest().name() + ", version: " + npk.manifest().version() + ", NPK version: "
                + npk.meta().version() + ", resource container: " + (npk.manifest().isResource() ? "yes" : "no"));
    }

    /**
     * The long, human-oriented listing: entries, manifest, signature and the
     * squashfs listing of {@code unsquashfs -ll}; with a key also the result of
     * verifying signature, hashes and the whole verity tree.
     */
    static void inspect(Path path, Optional<Path> publicKey, String unsquashfs, boolean color, PrintWriter out)
            throws SextantException, IOException {
        Optional<VerifyingKey> key = Optional.empty();
        if (publicKey.isPresent()) {
            try {
                key = Optional.of(VerifyingKey.read(publicKey.get()));
            } catch (NpkException e) {
                throw new SextantException(e.getMessage(), e);
            }
        }
        Npk npk = load(path, key);
        header(out, color, "# inspection of '" + path + "'");
        header(out, color, "## NPK Content");
        // an NPK is hostile input: its entry names, texts and file names must not drive the terminal
        npk.entryNames().forEach(name -> out.println(EscapedText.escape(name)));
        out.println();
        header(out, color, "## manifest.yaml");
        out.println(escapeLines(npk.manifestText()));
        out.println();
        header(out, color, "## signature.yaml");
        out.println(escapeLines(npk.signatureEntry().map(b -> new String(b, StandardCharsets.UTF_8)).orElse("No signature found")));
        out.println();
        if (key.isPresent()) {
            header(out, color, "## Verification");
            NpkVerity verity = npk.verity().orElseThrow();
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                npk.verifyImage(channel);
            } catch (NpkException e) {
                throw new SextantException(path + ": " + e.getMessage(), e);
            }
            out.println("signature: valid (key " + key.get().hex() + ")");
            out.println("meta and manifest hashes: match");
            out.println("verity: all " + verity.dataBlocks() + " data block(s) match root hash " + verity.rootHash());
            out.println();
        }
        header(out, color, "## SquashFS listing");
        out.flush();
        Path work = Files.createTempDirectory("sextant-inspect-");
        try {
            Path image = work.resolve("fs.img");
            FsImage fs = npk.fsImage();
            try (FileChannel src = FileChannel.open(path, StandardOpenOption.READ);
                 FileChannel dst = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long copied = 0;
                while (copied < fs.size()) {
                    copied += src.transferTo(fs.offset() + copied, fs.size() - copied, dst);
                }
            }
            ExternalTool.Run run = ExternalTool.run(List.of(unsquashfs, "-ll", image.toString()), Optional.empty(), work);
            if (!run.succeeded()) {
                throw new SextantException(run.describe());
            }
            out.print(escapeLines(run.output()));
            out.flush();
        } finally {
            Packer.deleteRecursively(work);
        }
    }

    private static Npk load(Path path, Optional<VerifyingKey> key) throws SextantException, IOException {
        if (!Files.isRegularFile(path)) {
            throw new SextantException("NPK " + path + " does not exist or is not a file");
        }
        try {
            return Npk.read(path, key);
        } catch (NpkException e) {
            throw new SextantException(path + ": " + e.getMessage(), e);
        }
    }

    /** {@code text} with each line escaped; the {@code \n} between lines are kept. */
    static String escapeLines(String text) {
        return String.join("\n", java.util.Arrays.stream(text.split("\n", -1)).map(EscapedText::escape).toList());
    }

    private static void header(PrintWriter out, boolean color, String text) {
        out.println(color ? GREEN + text + RESET : text);
    }
}
