package io.northstar.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of test classes whose tests share one runtime: {@link #configure()} writes its config
 * (and may skip the class with an assumption), the runtime starts before the first test and must
 * shut down in order (exit 0 on SIGTERM) after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedRuntime {
    protected TestConfig config;
    protected RuntimeProcess runtime;

    /** The config of this class's runtime, with whatever it needs on disk made. */
    protected abstract TestConfig configure() throws Exception;

    @BeforeAll
    final void startRuntime() throws Exception {
        config = configure();
        runtime = RuntimeProcess.start(config);
    }

    @AfterAll
    final void stopRuntime() throws Exception {
        RuntimeProcess.stopOrderly(runtime);
    }
}
