package io.northstar.runtime.sys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that need the kernel's device-mapper: where it is missing, the class says once
 * why its tests are skipped and each test is skipped with that reason.
 */
public final class DeviceMapperRequired implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        String reason = DeviceMapper.unavailableReason();
        if (reason != null) {
            System.out.println(context.getRequiredTestClass().getSimpleName() + " skipped: " + reason);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String reason = DeviceMapper.unavailableReason();
        assumeTrue(reason == null, reason);
    }
}
