package io.northstar.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.northstar.common.Container;
import io.northstar.console.CgroupNotification;
import io.northstar.console.Notification;
import org.junit.jupiter.api.Test;

class MemoryEventTest {

    @Test
    void v2EventBecomesTheCgroupNotificationOfTheSpec() {
        MemoryEvent e = new MemoryEvent(0L, 0L, 3L, 1L, 1L);
        assertEquals("{\"low\":0,\"high\":0,\"max\":3,\"oom\":1,\"oom_kill\":1}", e.toNotification().toJson().toString());
    }

    @Test
    void v1EventHasNullsForUnknownCounters() {
        MemoryEvent e = new MemoryEvent(null, null, null, 1L, 1L);
        assertEquals("{\"memory\":{\"low\":null,\"high\":null,\"max\":null,\"oom\":1,\"oom_kill\":1}}",
                new CgroupNotification.Memory(e.toNotification()).toJson().toString());
    }

    @Test
    void wholeNotificationLine() {
        MemoryEvent e = new MemoryEvent(null, null, 3L, 1L, 1L);
        Notification n = new Notification.CGroup(Container.of("foo", "1.0.0"), new CgroupNotification.Memory(e.toNotification()));
        assertEquals("{\"c_group\":[\"foo:1.0.0\",{\"memory\":{\"low\":null,\"high\":null,\"max\":3,\"oom\":1,\"oom_kill\":1}}]}",
                n.toJson().toString());
    }
}
