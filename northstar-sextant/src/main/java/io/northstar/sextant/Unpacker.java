package io.northstar.sextant;

import io.northstar.npk.NpkException;
import io.northstar.npk.zip.ZipDirectory;
import io.northstar.npk.zip.ZipEntryRecord;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sextant unpack}: writes the NPK's entries ({@code manifest.yaml},
 * {@code signature.yaml}, {@code fs.img}) into the output directory, extracts
 * the squashfs into {@code <out>/root} with unsquashfs and removes
 * {@code fs.img} again (docs/sextant.md, "unpack"). No signature check.
 */
final class Unpacker {
    private Unpacker() {
    }

    static void unpack(Path npk, Path out, String unsquashfs) throws SextantException, IOException {
        if (!Files.isRegularFile(npk)) {
            throw new SextantException("NPK " + npk + " does not exist or is not a file");
        }
        if (Files.exists(out.resolve("root"))) {
            throw new SextantException(out.resolve("root") + " already exists; unpack into a new directory");
        }
        List<Path> created = new ArrayList<>();
        boolean done = false;
        try {
            if (!Files.isDirectory(out)) {
                Files.createDirectories(out);
                created.add(out);
            }
            try (FileChannel channel = FileChannel.open(npk, StandardOpenOption.READ)) {
                ZipDirectory zip = ZipDirectory.read(channel);
                for (ZipEntryRecord entry : zip.entries()) {
                    Path target = entryPath(out, entry.name());
                    ZipDirectory.requireStored(entry);
                    long offset = zip.dataOffset(entry);
                    try (FileChannel dst = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        created.add(target);
                        long copied = 0;
                        while (copied < entry.size()) {
                            long n = channel.transferTo(offset + copied, entry.size() - copied, dst);
                            if (n <= 0) {
                                throw new SextantException(npk + ": entry " + entry.name() + " is truncated");
                            }
                            copied += n;
                        }
                    } catch (FileAlreadyExistsException e) {
                        throw new SextantException(target + " already exists; unpack into a new directory", e);
                    }
                }
            } catch (NpkException e) {
                throw new SextantException(npk + ": " + e.getMessage(), e);
            }
            Path image = out.resolve("fs.img");
            if (!Files.exists(image)) {
                throw new SextantException(npk + ": missing entry fs.img in the NPK");
            }
            Path root = out.resolve("root");
            created.add(root);
            ExternalTool.Run run = ExternalTool.run(List.of(unsquashfs, "-dest", root.toString(), image.toString()),
                    Optional.empty(), out);
            // Rust's sextant ignores unsquashfs' status; a half-extracted tree is worth an error.
            if (!run.succeeded()) {
                throw new SextantException(run.describe());
            }
            Files.delete(image);
            done = true;
        } finally {
            if (!done) {
                for (int i = created.size() - 1; i >= 0; i--) {
                    Packer.deleteRecursively(created.get(i));
                }
            }
        }
    }

    /** Entries are written under their own name only: no directories, no way out of {@code out}. */
    private static Path entryPath(Path out, String name) throws SextantException {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.indexOf('\0') >= 0) {
            throw new SextantException("refusing to unpack zip entry \"" + name + "\": not a plain file name");
        }
        return out.resolve(name);
    }
}
