package io.northstar.tests;

import static io.northstar.tests.ContainerFixture.TEST_CONTAINER;
import static io.northstar.tests.ContainerFixture.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code default_seccomp} (docs/config.md, an extension: docs/compatibility.md) against the real
 * daemon and kernel: the test container with its {@code seccomp} section removed runs under the
 * default profile when the key says {@code "default"} and without any filter otherwise, as in Northstar.
 */
class DefaultSeccompTest {

    /** The example manifest without its seccomp section (which runs up to the selinux section). */
    private static final UnaryOperator<String> WITHOUT_SECCOMP = manifest -> {
        int from = manifest.indexOf("\nseccomp:\n");
        int to = manifest.indexOf("\nselinux:\n");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the test container's manifest no longer has seccomp before selinux");
        }
        return manifest.substring(0, from) + manifest.substring(to);
    };

    @Test
    void aManifestWithoutSeccompGetsTheDefaultProfileWhenConfigured() throws Exception {
        try (ContainerFixture fixture = ContainerFixture.start("default-seccomp",
                c -> c.topLevel("default_seccomp = \"default\""))) {
            install(fixture);
            int mark = fixture.runtime.mark();
            fixture.startWithArgs(TEST_CONTAINER, "cat", "/proc/self/status");
            fixture.runtime.awaitLog(mark, "test-container:0\\.0\\.1: Seccomp:\\s+2\\s*$", TIMEOUT);
            fixture.stop(TEST_CONTAINER);

            // delete_module is outside the profile (no CAP_SYS_MODULE): the kernel kills with SIGSYS
            fixture.startWithArgs(TEST_CONTAINER, "call-delete-module", "1");
            assertEquals(new ExitStatus.Signalled(31), fixture.awaitExit(TEST_CONTAINER));
            uninstall(fixture);
        }
    }

    @Test
    void withoutTheKeyAManifestWithoutSeccompRunsUnfilteredAsInNorthstar() throws Exception {
        try (ContainerFixture fixture = ContainerFixture.start("no-default-seccomp")) {
            install(fixture);
            int mark = fixture.runtime.mark();
            fixture.startWithArgs(TEST_CONTAINER, "cat", "/proc/self/status");
            fixture.runtime.awaitLog(mark, "test-container:0\\.0\\.1: Seccomp:\\s+0\\s*$", TIMEOUT);
            fixture.stop(TEST_CONTAINER);

            // no filter: the call reaches the kernel and fails with EPERM (uid 1000, no capabilities)
            mark = fixture.runtime.mark();
            fixture.startWithArgs(TEST_CONTAINER, "call-delete-module", "1");
            fixture.runtime.awaitLog(mark, "test-container:0\\.0\\.1: delete_module syscall was successful \\(-1\\)",
                    TIMEOUT);
            fixture.stop(TEST_CONTAINER);
            uninstall(fixture);
        }
    }

    private static void install(ContainerFixture fixture) throws Exception {
        fixture.installTestResource();
        Path npk = TestContainers.testContainer(fixture.work, "test-container-no-seccomp.npk", WITHOUT_SECCOMP);
        assertEquals(TEST_CONTAINER, fixture.client.install(ContainerFixture.REPOSITORY, npk));
        fixture.awaitNotification(new Notification.Install(TEST_CONTAINER));
    }

    private static void uninstall(ContainerFixture fixture) throws Exception {
        fixture.uninstallBoth();
    }
}
