package io.northstar.runtime.fork;

import io.northstar.common.Container;
import io.northstar.runtime.NativeBuild;
import io.northstar.runtime.sandbox.CapabilitySets;
import io.northstar.runtime.sandbox.LaunchPlan;
import io.northstar.runtime.sandbox.NetworkPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The regression side of the forker's plan decoder fuzz target
 * ({@code src/test/c/plan-decode-fuzz.c}; {@code mvn -Pfuzz} runs it under libFuzzer, see
 * docs/reliability.md, "Fuzzing"). Here it is built with the system compiler and
 * AddressSanitizer/UndefinedBehaviorSanitizer and replays the corpus in
 * {@code src/test/resources/io/northstar/runtime/fork/PlanDecodeInputs/}: every input must be
 * decoded or rejected without a sanitizer report. It also checks that the C decoder accepts the
 * launch plans the Java encoder writes, which is where the corpus seeds come from.
 */
class PlanDecodeFuzzTest {
    private static final Path SOURCE = Path.of("src/test/c/plan-decode-fuzz.c");
    private static final Path WIRE = Path.of("src/main/c/wire.c");
    private static final Path CORPUS = Path.of("src/test/resources/io/northstar/runtime/fork/PlanDecodeInputs");
    /** Where the payloads of the Java-encoded plans are left, to seed the corpus. */
    private static final Path SEEDS = Path.of("target/plan-decode-seeds");

    private static Path binary;

    @Test
    void replaysCorpusWithoutSanitizerReports() throws Exception {
        String output = run(List.of(CORPUS.toString()));
        assertFalse(output.isBlank(), "no inputs in " + CORPUS);
    }

    @Test
    void acceptsThePlansTheRuntimeEncodes() throws Exception {
        Files.createDirectories(SEEDS);
        List<String> arguments = new ArrayList<>(List.of("--expect-accept"));
        int i = 0;
        for (LaunchPlan plan : plans()) {
            byte[] frame = ForkerProtocol.start(7, plan);
            // the payload after length, type and id: what do_start decodes
            Path file = SEEDS.resolve("java-plan-" + i++);
            Files.write(file, Arrays.copyOfRange(frame, 12, frame.length));
            arguments.add(file.toString());
        }
        run(arguments);
    }

    private static List<LaunchPlan> plans() {
        LaunchPlan full = ForkerProtocolTest.plan();
        LaunchPlan minimal = new LaunchPlan(Container.of("hello", "0.0.1"), Path.of("/run/hello:0.0.1"), "/hello",
                List.of("/hello"), List.of(), 0, 0, List.of(), new NetworkPlan.Host(), List.of(), List.of(), List.of(),
                Optional.empty(), CapabilitySets.NONE, false, Optional.empty(), Optional.empty(),
                full.initSeccomp(), full.fds().subList(0, 3));
        LaunchPlan newNet = new LaunchPlan(full.container(), full.root(), full.path(), full.argv(), full.env(),
                full.uid(), full.gid(), full.supplementaryGids(), new NetworkPlan.Fresh(), full.cgroupProcs(),
                full.mounts(), full.rlimits(), Optional.empty(), full.capabilities(), false, Optional.empty(),
                full.seccomp(), full.initSeccomp(), full.fds());
        return List.of(full, minimal, newNet);
    }

    /** Runs the replay binary; fails on a non-zero exit or any sanitizer report. */
    private static String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(replayBinary().toString());
        command.addAll(arguments);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (output.contains("runtime error:") || output.contains("Sanitizer")) {
            fail("sanitizer report:\n" + output);
        }
        assertEquals(0, status, output);
        return output;
    }

    private static synchronized Path replayBinary() throws IOException, InterruptedException {
        if (binary == null) {
            binary = NativeBuild.compile("plan-decode-replay", List.of("-std=gnu11", "-g", "-O1", "-Wall", "-Wextra",
                    "-Werror", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-DREPLAY", "-Isrc/main/c"),
                    SOURCE, WIRE);
        }
        return binary;
    }
}
