package io.northstar.manifest;

import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.VersionReq;
import io.northstar.common.WireNamed;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** One entry of {@code mounts}; internally tagged by {@code type}. */
public sealed interface Mount {
    /** The {@code type} tag of each variant. */
    enum Type implements WireNamed {
        BIND, DEV, PERSIST, PROC, RESOURCE, SOCKETS, SYSFS, TMPFS
    }

    default Type type() {
        return switch (this) {
            case Bind b -> Type.BIND;
            case Resource r -> Type.RESOURCE;
            case Tmpfs t -> Type.TMPFS;
            case Dev d -> Type.DEV;
            case Proc p -> Type.PROC;
            case Sysfs s -> Type.SYSFS;
            case Persist p -> Type.PERSIST;
            case Sockets s -> Type.SOCKETS;
        };
    }

    /** Bind mount of {@code host}; read-only unless {@code rw}. */
    record Bind(NonNulString host, Set<MountOption> options) implements Mount {
        public Bind {
            Objects.requireNonNull(host, "host");
            options = Immutables.set(options, "options");
        }

        public boolean isReadWrite() {
            return options.contains(MountOption.RW);
        }
    }

    /** Directory {@code dir} of a resource container matching {@code name}/{@code version}; always read-only. */
    record Resource(Name name, VersionReq version, NonNulString dir, Set<MountOption> options) implements Mount {
        public Resource {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(dir, "dir");
            options = Immutables.set(options, "options");
        }
    }

    /** tmpfs of {@code size} bytes (u64, read unsigned). */
    record Tmpfs(long size) implements Mount {
    }

    /** Minimal /dev (nodes created by the packer). */
    record Dev() implements Mount {
    }

    record Proc() implements Mount {
    }

    record Sysfs() implements Mount {
    }

    /** Per-container read-write data directory. */
    record Persist() implements Mount {
    }

    /** The runtime's socket directory. */
    record Sockets() implements Mount {
    }

    /** Options as written in manifests: comma-joined in set order, empty when none. */
    static String joinOptions(Set<MountOption> options) {
        return options.stream().map(MountOption::wireName).collect(Collectors.joining(","));
    }
}
