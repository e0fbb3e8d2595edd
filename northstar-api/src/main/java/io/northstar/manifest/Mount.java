package io.northstar.manifest;

import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.VersionReq;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** One entry of {@code mounts}; internally tagged by {@code type}. */
public sealed interface Mount {
    enum Type {
        BIND("bind"), DEV("dev"), PERSIST("persist"), PROC("proc"), RESOURCE("resource"), SOCKETS("sockets"),
        SYSFS("sysfs"), TMPFS("tmpfs");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    Type type();

    /** Bind mount of {@code host}; read-only unless {@code rw}. */
    record Bind(NonNulString host, Set<MountOption> options) implements Mount {
        public Bind {
            Objects.requireNonNull(host, "host");
            options = Immutables.set(options, "options");
        }

        public Type type() {
            return Type.BIND;
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

        public Type type() {
            return Type.RESOURCE;
        }
    }

    /** tmpfs of {@code size} bytes (u64, read unsigned). */
    record Tmpfs(long size) implements Mount {
        public Type type() {
            return Type.TMPFS;
        }
    }

    /** Minimal /dev (nodes created by the packer). */
    record Dev() implements Mount {
        public Type type() {
            return Type.DEV;
        }
    }

    record Proc() implements Mount {
        public Type type() {
            return Type.PROC;
        }
    }

    record Sysfs() implements Mount {
        public Type type() {
            return Type.SYSFS;
        }
    }

    /** Per-container read-write data directory. */
    record Persist() implements Mount {
        public Type type() {
            return Type.PERSIST;
        }
    }

    /** The runtime's socket directory. */
    record Sockets() implements Mount {
        public Type type() {
            return Type.SOCKETS;
        }
    }

    /** Options as written in manifests: comma-joined in set order, empty when none. */
    static String joinOptions(Set<MountOption> options) {
        return options.stream().map(MountOption::wireName).collect(Collectors.joining(","));
    }
}
