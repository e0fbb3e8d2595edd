package io.northstar.sextant;

import io.northstar.manifest.Manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds a container's squashfs image with mksquashfs, with the arguments of
 * Northstar's packer (docs/npk-format.md, "mksquashfs").
 *
 * <p>Northstar requires squashfs-tools 4.6, which reads pseudo definitions
 * from stdin ({@code -pf -}) and knows {@code x} (xattr) definitions. Debian
 * bookworm ships 4.5.1: there we write the definitions to a file and leave out
 * the xattr lines, so the {@code /dev} nodes carry no SELinux labels; all
 * files, directories, nodes and links are otherwise the same.
 */
final class Mksquashfs {
    private final String executable;
    private final MksquashfsVersion version;

    private Mksquashfs(String executable, MksquashfsVersion version) {
        this.executable = executable;
        this.version = version;
    }

    /** Runs {@code <executable> -version} and checks that it is at least 4.5. */
    static Mksquashfs find(String executable, Path workDir) throws SextantException, IOException {
        ExternalTool.Run run = ExternalTool.run(List.of(executable, "-version"), Optional.empty(), workDir);
        MksquashfsVersion version = MksquashfsVersion.parse(run.output());
        if (version.compareTo(MksquashfsVersion.MINIMUM) < 0) {
            throw new SextantException("Detected mksquashfs version " + version + " is too old. The required minimum version is "
                    + MksquashfsVersion.MINIMUM + " (" + MksquashfsVersion.NORTHSTAR_REQUIRED + " for SELinux labels on /dev nodes)");
        }
        return new Mksquashfs(executable, version);
    }

    MksquashfsVersion version() {
        return version;
    }

    /** Whether this mksquashfs drops the {@code x} definitions of {@code manifest}. */
    boolean dropsXattrs(Manifest manifest) {
        return !version.supportsStdinAndXattrPseudo() && PseudoDefinitions.of(manifest).stream().anyMatch(PseudoDefinitions.Line::xattr);
    }

    /**
     * Builds {@code image} from {@code root}: all files owned by the manifest's
     * uid/gid, plus the pseudo definitions of its mounts.
     */
    void build(Path root, Path image, Manifest manifest, Compression compression, OptionalInt blockSize, Path workDir)
            throws SextantException, IOException {
        List<PseudoDefinitions.Line> lines = PseudoDefinitions.of(manifest);
        boolean stdin = version.supportsStdinAndXattrPseudo();
        byte[] pseudo = PseudoDefinitions.render(lines, stdin).getBytes(StandardCharsets.UTF_8);
        Path pseudoFile = null;
        List<String> command = new ArrayList<>(List.of(executable, root.toString(), image.toString(),
                "-noappend", "-no-progress", "-info",
                "-force-uid", Integer.toString(manifest.uid()), "-force-gid", Integer.toString(manifest.gid())));
        if (stdin) {
            command.addAll(List.of("-pf", "-"));
        } else {
            pseudoFile = workDir.resolve("pseudo-definitions");
            Files.write(pseudoFile, pseudo);
            command.addAll(List.of("-pf", pseudoFile.toString()));
        }
        if (blockSize.isPresent()) {
            command.addAll(List.of("-b", Integer.toUnsignedString(blockSize.getAsInt())));
        }
        command.addAll(compression.mksquashfsArguments());
        ExternalTool.Run run = ExternalTool.run(command, stdin ? Optional.of(pseudo) : Optional.empty(), workDir);
        if (!run.succeeded()) {
            throw new SextantException(run.describe());
        }
        if (!Files.isRegularFile(image)) {
            throw new SextantException(executable + " exited successfully but wrote no image " + image);
        }
    }
}
