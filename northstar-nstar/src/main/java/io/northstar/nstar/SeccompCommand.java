package io.northstar.nstar;

import io.northstar.seccomp.SeccompArchitecture;
import io.northstar.seccomp.StraceProfile;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Offline: needs no runtime. Record a program with {@code strace -f -o LOG PROGRAM}, then turn LOG into a profile. */
@Command(name = "seccomp", description = {"Write a manifest seccomp section allowing the syscalls of an strace log.",
    "Record with: strace -f -o app.strace ./app   (offline: no runtime connection)"})
final class SeccompCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STRACE_LOG", description = "output of strace -f")
    Path log;

    @Option(names = "--no-default-profile", description = "list every syscall instead of building on 'profile: default'")
    boolean noDefaultProfile;

    @Option(names = "--arch", paramLabel = "ARCH", description = "architecture whose default profile applies: ${COMPLETION-CANDIDATES} (default: this machine's)")
    Optional<SeccompArchitecture> architecture = Optional.empty();

    @Override
    public Integer call() throws Exception {
        StraceProfile profile;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            profile = StraceProfile.fromLog(in, noDefaultProfile, architecture.orElseGet(SeccompArchitecture::host));
        }
        spec.commandLine().getOut().print(profile.toOutput());
        spec.commandLine().getOut().flush();
        return Nstar.OK;
    }
}
