package io.northstar.manifest;

import io.northstar.common.NonNulString;
import java.util.Objects;
import java.util.Optional;

/** {@code selinux}: contexts for the root fs mount and for exec. Absent members serialise as null. */
public record Selinux(Optional<NonNulString> mountContext, Optional<NonNulString> exec) {
    public Selinux {
        Objects.requireNonNull(mountContext, "mount_context");
        Objects.requireNonNull(exec, "exec");
    }
}
