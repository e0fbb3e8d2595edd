package io.northstar.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One external command run to its end: exit code, stdout and stderr. */
record Command(List<String> argv, int exit, String out, String err) {

    static Command run(List<String> argv) throws IOException, InterruptedException {
        return run(argv, Map.of(), null);
    }

    /** Runs argv with env added to the test's environment (an empty value removes the variable). */
    static Command run(List<String> argv, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("dist-out", ".txt");
        Path err = Files.createTempFile("dist-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            env.forEach((k, v) -> {
                if (v.isEmpty()) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", argv) + ": no end after 5 minutes");
            }
            return new Command(List.copyOf(argv), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** sh -c SCRIPT with positional parameters. */
    static Command sh(String script, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    static boolean available(String tool) throws IOException, InterruptedException {
        return sh("command -v \"$1\"", tool).exit() == 0;
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + " -> exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
