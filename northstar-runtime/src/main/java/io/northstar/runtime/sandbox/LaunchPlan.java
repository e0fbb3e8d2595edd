package io.northstar.runtime.sandbox;

import io.northstar.common.Container;
import io.northstar.runtime.seccomp.BpfProgram;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the forker needs to start one container, fully resolved: the
 * forker executes it step by step and decides nothing (see
 * process-sandbox.md §4–§7 and the forker's init.c).
 *
 * @param root        host path of the container root; init pivots into it
 * @param path        executable as seen inside the container (no PATH lookup)
 * @param env         the complete environment, "K=V"
 * @param cgroupProcs cgroup.procs files init joins before anything else, so
 *                    no process of the container ever runs outside its limits
 * @param mounts      executed in order after the mount namespace is made a
 *                    slave of the host's
 * @param selinuxExec SELinux context for the application's execve, only when
 *                    the host has SELinux
 * @param seccomp     installed as the very last step before execve
 * @param initSeccomp installed by the container's init on itself once it has
 *                    forked the application and dropped every privilege
 * @param fds         the descriptors passed along with the plan, in fd order
 */
public record LaunchPlan(
        Container container,
        Path root,
        String path,
        List<String> argv,
        List<String> env,
        int uid,
        int gid,
        List<Integer> supplementaryGids,
        NetworkPlan network,
        List<Path> cgroupProcs,
        List<MountCall> mounts,
        List<Rlimit> rlimits,
        Optional<Scheduling> scheduling,
        CapabilitySets capabilities,
        boolean noNewPrivileges,
        Optional<String> selinuxExec,
        Optional<BpfProgram> seccomp,
        BpfProgram initSeccomp,
        List<ContainerFd> fds) {

    private static final List<ContainerFd> STDIO =
            List.of(new ContainerFd.Stdin(), new ContainerFd.Stdout(), new ContainerFd.Stderr());

    public LaunchPlan {
        Objects.requireNonNull(container, "container");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("root " + root + " is not absolute");
        }
        Objects.requireNonNull(path, "path");
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        supplementaryGids = List.copyOf(supplementaryGids);
        Objects.requireNonNull(network, "network");
        cgroupProcs = List.copyOf(cgroupProcs);
        mounts = List.copyOf(mounts);
        for (MountCall m : mounts) {
            if (!m.target().normalize().equals(m.target()) || !m.target().startsWith(root)) {
                throw new IllegalArgumentException("mount target " + m.target() + " is not below the root " + root);
            }
        }
        rlimits = List.copyOf(rlimits);
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(selinuxExec, "selinuxExec");
        Objects.requireNonNull(seccomp, "seccomp");
        Objects.requireNonNull(initSeccomp, "initSeccomp");
        fds = List.copyOf(fds);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv of " + container + " is empty");
        }
        if (fds.size() < 3 || !fds.subList(0, 3).equals(STDIO)) {
            throw new IllegalArgumentException("fds of " + container + " must start with stdin, stdout, stderr");
        }
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("environment entry '" + e + "' is not K=V");
            }
        }
    }

    /** The container fd number of {@code fd}. */
    public int fdNumber(ContainerFd fd) {
        int i = fds.indexOf(fd);
        if (i < 0) {
            throw new IllegalArgumentException(fd + " is not part of the plan of " + container);
        }
        return i;
    }
}
