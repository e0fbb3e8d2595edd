package io.northstar.sextant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs squashfs-tools: output is captured in a file (so a chatty tool cannot
 * block on a full pipe) and shown only when it fails.
 */
final class ExternalTool {
    /** What a finished run left: exit status and its combined stdout/stderr. */
    record Run(List<String> command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** The last non-blank output line: usually the tool's own error message. */
        String lastLine() {
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        }

        String describe() {
            return command.get(0) + " failed (exit code " + exitCode + "): " + lastLine();
        }
    }

    private ExternalTool() {
    }

    /**
     * Runs {@code command}, feeding {@code stdin} (if present) and waiting for
     * it to exit.
     */
    static Run run(List<String> command, Optional<byte[]> stdin, Path workDir) throws SextantException, IOException {
        Path log = Files.createTempFile(workDir, "tool-", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (stdin.isEmpty()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new SextantException("cannot run " + command.get(0) + ": " + rootMessage(e)
                    + " (install squashfs-tools or pass the tool's path)", e);
        }
        try {
            if (stdin.isPresent()) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin.get());
                } catch (IOException e) {
                    // The tool exited without reading its input; its exit status and output say why.
                }
            }
            int rc = process.waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return new Run(List.copyOf(command), rc, output);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SextantException("interrupted while running " + command.get(0));
        } catch (java.nio.charset.MalformedInputException e) {
            return new Run(List.copyOf(command), process.exitValue(),
                    new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The errno text of a failed exec, as JDK 17 ("error=2, Text") and JDK 21+ ("error: 2 (Text)") word it. */
    private static final Pattern EXEC_ERROR =
            Pattern.compile("error(?:=\\d+, |: \\d+ \\()(.*?)\\)?$");

    private static String rootMessage(Throwable e) {
        String m = String.valueOf(e.getMessage());
        Matcher errno = EXEC_ERROR.matcher(m);
        return errno.find() ? errno.group(1) : m;
    }
}
