package io.northstar.tests.vm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the tests tagged {@code vm} — those that need a kernel feature the build
 * machine lacks (device-mapper, cgroup v2 memory/cpu) — inside the guest of
 * {@code shared/vm/run-in-vm}. Started with plain {@code java} because Maven's
 * own start-up takes most of a minute under emulation.
 *
 * <p>Prints one line per test and a closing {@code vm: N passed, N failed, N skipped}
 * line; exits non-zero when a test failed or when no test ran at all (a VM run
 * that silently selects nothing must not look green).
 */
public final class VmTestMain {
    private VmTestMain() {
    }

    public static void main(String[] args) {
        String pkg = args.length > 0 ? args[0] : "io.northstar";
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(pkg))
                .filters(TagFilter.includeTags("vm"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        AtomicLong skipped = new AtomicLong();
        TestExecutionListener progress = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    skipped.incrementAndGet();
                }
                System.out.printf("vm: SKIPPED %s: %s%n", id.getDisplayName(), reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                String where = id.getSource().map(Object::toString).orElse(id.getUniqueId());
                System.out.printf("vm: %s %s (%s)%n", result.getStatus(), id.getDisplayName(), where);
                result.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
            }
        };
        launcher.execute(request, summary, progress);
        TestExecutionSummary s = summary.getSummary();
        s.printFailuresTo(new PrintWriter(System.out, true), 30);
        long failed = s.getTotalFailureCount();
        long passed = s.getTestsSucceededCount();
        long aborted = s.getTestsAbortedCount();
        System.out.printf("vm: %d passed, %d failed, %d skipped%n", passed, failed, skipped.get() + aborted);
        if (failed > 0) {
            System.exit(1);
        }
        if (passed == 0 && !Boolean.getBoolean("northstar.vm.allowEmpty")) {
            System.out.println("vm: no test ran in the VM (no @Tag(\"vm\") test found in " + pkg + ")");
            System.exit(1);
        }
        System.exit(0);
    }
}
