package io.northstar.sextant;

import io.northstar.npk.NpkException;
import io.northstar.npk.key.KeyPairFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code sextant}: pack, unpack, inspect NPKs and generate keys, with the
 * command line of Northstar's {@code northstar-sextant} (docs/sextant.md).
 * Errors are one line on stderr and a non-zero exit; {@code --verbose} adds
 * the stack trace.
 */
@Command(name = "sextant", mixinStandardHelpOptions = true,
        versionProvider = Sextant.VersionProvider.class,
        description = "Northstar package tool: pack, unpack and inspect NPKs, generate signing keys.",
        subcommands = {Sextant.Pack.class, Sextant.Unpack.class, Sextant.Inspect.class, Sextant.GenKey.class})
public final class Sextant implements Callable<Integer> {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(out, err, args));
    }

    /** Runs one sextant command line; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new Sextant());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            err.println("sextant: " + describe(e) + (verbose || known(e) ? "" : " (--verbose shows details)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        return cmd.execute(args);
    }

    private static boolean known(Throwable e) {
        return e instanceof SextantException || e instanceof NpkException || e instanceof IOException;
    }

    /** One line saying what failed. */
    static String describe(Throwable e) {
        if (e instanceof SextantException || e instanceof NpkException) {
            return e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists" + (f.getReason() != null ? ": " + f.getReason() : "");
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof IOException) {
            return "I/O error: " + e.getMessage();
        }
        return "internal error: " + e;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return EXIT_USAGE;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // The first line is Northstar's sextant's; the second names this build and the Java it runs on.
            String v = Sextant.class.getPackage().getImplementationVersion();
            return new String[] {"northstar-sextant 0.9.3-pre (Northstar for Java)",
                "Northstar for Java " + (v == null ? "(development build)" : v) + ", Java " + Runtime.version()
                    + " (" + System.getProperty("java.home") + ")"};
        }
    }

    @Command(name = "pack", mixinStandardHelpOptions = true, description = "Pack a container root directory into an NPK.")
    static final class Pack implements Callable<Integer> {
        @Option(names = {"-m", "--manifest-path"}, required = true, paramLabel = "PATH",
                description = "Manifest (YAML, JSON or TOML).")
        Path manifest;

        @Option(names = {"-r", "--root"}, paramLabel = "DIR",
                description = "Container root directory; an empty one if omitted.")
        Path root;

        @Option(names = {"-k", "--key"}, paramLabel = "FILE",
                description = "32-byte Ed25519 secret key: sign the NPK and add dm-verity data.")
        Path key;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PATH",
                description = "Existing directory (writes <name>-<version>.npk into it) or the NPK file to write.")
        Path out;

        @Option(names = {"-c", "--compression"}, paramLabel = "ALG", defaultValue = "gzip",
                converter = CompressionConverter.class,
                description = "Squashfs compression: none, gzip (default), lzo (packs with mksquashfs), xz, zstd.")
        Compression compression;

        @Option(names = "--mksquashfs", paramLabel = "PATH", arity = "0..1", fallbackValue = "mksquashfs",
                description = "Build the image with mksquashfs (squashfs-tools) instead of the built-in writer;"
                        + " PATH defaults to mksquashfs from PATH.")
        String mksquashfs;

        @Option(names = {"-b", "--block-size"}, paramLabel = "N",
                description = "Squashfs block size: a power of two from 4096 to 1048576 (default 131072).")
        Long blockSize;

        @Option(names = "--mtime", paramLabel = "SECONDS",
                description = "Time of every entry and of the image, in seconds since the epoch"
                        + " (default: $SOURCE_DATE_EPOCH, else 0). Built-in writer only.")
        Long mtime;

        @Option(names = "--keep-mtimes",
                description = "Keep the modification times of the files in the root directory instead of --mtime"
                        + " (the NPK then depends on when the files were written). Built-in writer only.")
        boolean keepMtimes;

        @Option(names = "--clones", paramLabel = "N",
                description = "Write N copies named <name>-<i> (--out must be a directory).")
        Integer clones;

        @CommandLine.ParentCommand
        Sextant parent;

        @Override
        public Integer call() throws Exception {
            OptionalInt block = OptionalInt.empty();
            if (blockSize != null) {
                if (blockSize < 0 || blockSize > 0xFFFFFFFFL) {
                    throw new SextantException("--block-size " + blockSize + " is not a u32");
                }
                block = OptionalInt.of((int) (long) blockSize);
            }
            if (mksquashfs != null && (mtime != null || keepMtimes)) {
                throw new SextantException("--mtime and --keep-mtimes are options of the built-in writer, not of --mksquashfs"
                        + " (mksquashfs reads SOURCE_DATE_EPOCH itself)");
            }
            long time = mtime != null ? mtime : sourceDateEpoch();
            if (time < 0 || time > 0xFFFF_FFFFL) {
                throw new SextantException("time " + time + " is outside the squashfs range 0 to 4294967295");
            }
            Packer.pack(new Packer.Request(manifest, Optional.ofNullable(root), out, Optional.ofNullable(key), compression,
                    block, Optional.ofNullable(mksquashfs), clones == null ? OptionalInt.empty() : OptionalInt.of(clones),
                    new JavaSquashfs.Times(time, keepMtimes)),
                    parent.spec.commandLine().getErr());
            return 0;
        }
    }

    /** {@code SOURCE_DATE_EPOCH} (reproducible-builds.org), or 0 when it is not set. */
    static long sourceDateEpoch() throws SextantException {
        String value = System.getenv("SOURCE_DATE_EPOCH");
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new SextantException("SOURCE_DATE_EPOCH \"" + value + "\" is not a number of seconds", e);
        }
    }

    static final class CompressionConverter implements CommandLine.ITypeConverter<Compression> {
        @Override
        public Compression convert(String value) {
            try {
                return Compression.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The unsquashfs binary, for the commands that read a root file system. */
    static final class UnsquashfsOption {
        @Option(names = "--unsquashfs", paramLabel = "PATH", defaultValue = "unsquashfs",
                description = "unsquashfs binary (default: unsquashfs from PATH).")
        String path;
    }

    /** The directory a command writes into. */
    static final class OutputDirectoryOption {
        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output directory.")
        Path path;
    }

    @Command(name = "unpack", mixinStandardHelpOptions = true,
            description = "Extract an NPK's entries and its root file system (into <out>/root).")
    static final class Unpack implements Callable<Integer> {
        @Option(names = {"-n", "--npk"}, required = true, paramLabel = "PATH", description = "NPK to unpack.")
        Path npk;

        @Mixin
        OutputDirectoryOption out;

        @Mixin
        UnsquashfsOption unsquashfs;

        @Override
        public Integer call() throws Exception {
            Unpacker.unpack(npk, out.path, unsquashfs.path);
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show what is inside an NPK.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NPK", description = "NPK to inspect.")
        Path npk;

        @Option(names = {"-s", "--short"}, description = "One line: name, version, NPK version, resource container.")
        boolean shortFormat;

        @Option(names = {"-k", "--key"}, paramLabel = "PUB",
                description = "Also verify signature, hashes and the whole verity tree with this public key.")
        Path key;

        @Mixin
        UnsquashfsOption unsquashfs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (shortFormat) {
                Inspector.inspectShort(npk, out);
            } else {
                Inspector.inspect(npk, Optional.ofNullable(key), unsquashfs.path, System.console() != null, out);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "gen-key", mixinStandardHelpOptions = true,
            description = "Generate an Ed25519 key pair <out>/<name>.key and <out>/<name>.pub; never overwrites.")
    static final class GenKey implements Callable<Integer> {
        @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "Key name.")
        String name;

        @Mixin
        OutputDirectoryOption out;

        @Override
        public Integer call() throws Exception {
            if (!java.nio.file.Files.isDirectory(out.path)) {
                throw new SextantException("output directory " + out.path + " does not exist");
            }
            KeyPairFiles files;
            try {
                files = KeyPairFiles.forName(out.path, name);
            } catch (IllegalArgumentException e) {
                throw new SextantException(e.getMessage(), e);
            }
            files.generate(new SecureRandom());
            return 0;
        }
    }
}
