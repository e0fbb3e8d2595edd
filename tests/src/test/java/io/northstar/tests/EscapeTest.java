package io.northstar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Escape probes from inside a container (Cure53's audit of Northstar): a double chroot, the
 * host's loopback network, the host's SysV shared memory. The container has no seccomp filter
 * and holds CAP_SYS_CHROOT, so what keeps it inside is the sandbox itself (pivot_root with the
 * old root detached, the network and IPC namespaces), not a missing permission. Opening
 * /proc/1/exe for writing is in {@link ContainerRunTest}.
 */
class EscapeTest extends SharedContainerFixture {
    private static final Container PROBE = ContainerFixture.TEST_CONTAINER;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    EscapeTest() {
        super("escape");
    }

    @BeforeAll
    void installProbe() throws Exception {
        fixture.installTestResource();
        Path npk = TestContainers.testContainer(fixture.work, "escape-probe.npk", manifest ->
                manifest.replaceAll("(?m)^seccomp:\\n(?: .*\\n)+", "") + "capabilities:\n  - CAP_SYS_CHROOT\n");
        assertEquals(PROBE, fixture.client.install(ContainerFixture.REPOSITORY, npk));
        fixture.awaitNotification(new Notification.Install(PROBE));
    }

    /** Runs one probe; it exits 0 when it stayed inside. Returns its verdict line. */
    private String probe(String... args) throws Exception {
        int mark = fixture.runtime.mark();
        fixture.startWithArgs(PROBE, args);
        assertEquals(new ExitStatus.Exit(0), fixture.awaitExit(PROBE), "the probe got out: see the runtime log");
        return fixture.runtime.awaitLog(mark, "escape " + args[1] + ": ", TIMEOUT);
    }

    @Test
    void aDoubleChrootEndsInTheContainersOwnRoot() throws Exception {
        String verdict = probe("escape", "chroot");
        assertTrue(verdict.contains("escape chroot: contained"), "chroot itself must work here: " + verdict);
    }

    @Test
    void aListenerOnTheHostsLoopbackIsUnreachable() throws Exception {
        try (ServerSocket host = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            try (Socket fromHost = new Socket(InetAddress.getLoopbackAddress(), host.getLocalPort())) {
                assertTrue(fromHost.isConnected(), "the listener works on the host");
            }
            String verdict = probe("escape", "tcp", Integer.toString(host.getLocalPort()));
            assertTrue(verdict.contains("blocked: connect 127.0.0.1"), verdict);
        }
    }

    @Test
    void theHostsSysVSharedMemoryIsInvisible() throws Exception {
        int id = createHostShm();
        try {
            assertEquals(0, run("ipcs", "-m", "-i", Integer.toString(id)), "the segment exists on the host");
            String verdict = probe("escape", "shm", Integer.toString(id));
            assertTrue(verdict.contains("blocked: shmctl IPC_STAT"), verdict);
        } finally {
            run("ipcrm", "-m", Integer.toString(id));
        }
    }

    /** A SysV shared memory segment on the host (util-linux ipcmk prints its id). */
    private static int createHostShm() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ipcmk", "-M", "4096").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Matcher m = Pattern.compile("(\\d+)\\s*$").matcher(out.strip());
        assertTrue(m.find(), "ipcmk printed no id: " + out);
        return Integer.parseInt(m.group(1));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
