package io.northstar.runtime.sandbox;

import io.northstar.manifest.Capability;
import java.util.Set;

/**
 * The five capability sets of the application, bit n = capability n.
 * Bounding capabilities not in {@link #bounding()} are dropped, the others
 * are set exactly (capset with _LINUX_CAPABILITY_VERSION_3, PR_CAP_AMBIENT).
 */
public record CapabilitySets(long bounding, long effective, long permitted, long inheritable, long ambient) {
    public static final CapabilitySets NONE = new CapabilitySets(0, 0, 0, 0, 0);

    /** All five sets equal to {@code capabilities} (what a manifest grants). */
    public static CapabilitySets exactly(Set<Capability> capabilities) {
        long mask = 0;
        for (Capability c : capabilities) {
            mask |= 1L << c.number();
        }
        return new CapabilitySets(mask, mask, mask, mask, mask);
    }

    public CapabilitySets {
        if ((effective & ~permitted) != 0) {
            throw new IllegalArgumentException("effective capabilities must be permitted");
        }
        if ((ambient & ~(permitted & inheritable)) != 0) {
            throw new IllegalArgumentException("ambient capabilities must be permitted and inheritable");
        }
    }
}
