package io.northstar.manifest;

import java.util.Objects;
import java.util.OptionalLong;

/** Soft and hard limit (u64, read unsigned); absent means RLIM_INFINITY. Not validated (soft &gt; hard fails at start). */
public record RLimitValue(OptionalLong soft, OptionalLong hard) {
    public RLimitValue {
        Objects.requireNonNull(soft, "soft");
        Objects.requireNonNull(hard, "hard");
    }
}
