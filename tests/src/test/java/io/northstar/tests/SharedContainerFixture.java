package io.northstar.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of test classes whose tests share one {@link ContainerFixture}: it starts before the
 * subclass's own {@code @BeforeAll} methods run and is closed after its {@code @AfterAll} methods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedContainerFixture {
    private final String name;
    protected ContainerFixture fixture;

    /** {@code name} names the runtime's directory. */
    SharedContainerFixture(String name) {
        this.name = name;
    }

    /** Adds to the runtime's config before it starts; nothing unless a subclass says so. */
    protected void tune(TestConfig config) throws Exception {
    }

    @BeforeAll
    final void startFixture() throws Exception {
        fixture = ContainerFixture.start(name, this::tune);
    }

    @AfterAll
    final void closeFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }
}
