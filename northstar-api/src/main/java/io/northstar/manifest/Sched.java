package io.northstar.manifest;

import java.util.Objects;

/** {@code sched}: scheduling policy applied to the container process before exec. */
public record Sched(SchedPolicy policy) {
    public Sched {
        Objects.requireNonNull(policy, "policy");
    }
}
