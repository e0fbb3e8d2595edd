package io.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.manifest.Autostart;
import io.northstar.manifest.ConsolePermission;
import io.northstar.manifest.Io;
import io.northstar.manifest.Mount;
import io.northstar.manifest.MountOption;
import io.northstar.manifest.RLimitResource;
import io.northstar.manifest.SchedPolicy;
import io.northstar.manifest.SeccompProfile;
import io.northstar.manifest.SocketType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire names the enums had when each spelt its names out: a renamed constant must not change the wire. */
class WireNamedTest {

    private static <E extends Enum<E> & WireNamed> void spelt(Class<E> type, String... wire) {
        assertEquals(List.of(wire), Arrays.stream(type.getEnumConstants()).map(WireNamed::wireName).toList(),
                type.getName());
        for (E constant : type.getEnumConstants()) {
            assertEquals(Optional.of(constant), WireNamed.fromWireName(type, constant.wireName()));
        }
    }

    @Test
    void enumsKeepTheirWireNames() {
        spelt(Autostart.class, "relaxed", "critical");
        spelt(Io.Output.class, "discard", "pipe", "inherit");
        spelt(SeccompProfile.class, "default");
        spelt(SocketType.class, "stream", "datagram", "seq_packet");
        spelt(MountOption.class, "rw", "noexec", "nosuid", "nodev", "rec");
        spelt(Mount.Type.class, "bind", "dev", "persist", "proc", "resource", "sockets", "sysfs", "tmpfs");
        spelt(SchedPolicy.Kind.class, "other", "fifo", "round_robin", "batch", "idle", "deadline");
        spelt(RLimitResource.class, "as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
                "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
        spelt(ConsolePermission.class, "ident", "inspect", "install", "kill", "list", "logs", "notifications", "mount",
                "repositories", "shutdown", "start", "start_command", "token_create", "token_verification", "umount",
                "uninstall", "update");
    }

    @Test
    void lookupIsExactAndCaseSensitive() {
        assertEquals(Optional.of(SocketType.SEQ_PACKET), SocketType.fromWireName("seq_packet"));
        assertEquals(Optional.empty(), SocketType.fromWireName("SEQ_PACKET"));
        assertEquals(Optional.empty(), SocketType.fromWireName("seq_packet "));
        assertEquals(Optional.empty(), MountOption.fromWireName(""));
    }
}
