package io.northstar.manifest;

import io.northstar.common.WireNamed;

/**
 * {@code sched.policy}: an externally tagged enum. YAML writes the variants with
 * data as tags ({@code !fifo {priority: 10}}), JSON as single-key objects.
 */
public sealed interface SchedPolicy {
    enum Kind implements WireNamed {
        OTHER(0), FIFO(1), ROUND_ROBIN(2), BATCH(3), IDLE(5), DEADLINE(6);

        private final int linuxPolicy;

        Kind(int linuxPolicy) {
            this.linuxPolicy = linuxPolicy;
        }

        /** The {@code SCHED_*} constant for sched_setscheduler(2). */
        public int linuxPolicy() {
            return linuxPolicy;
        }
    }

    default Kind kind() {
        return switch (this) {
            case Other o -> Kind.OTHER;
            case Fifo f -> Kind.FIFO;
            case RoundRobin r -> Kind.ROUND_ROBIN;
            case Batch b -> Kind.BATCH;
            case Idle i -> Kind.IDLE;
            case Deadline d -> Kind.DEADLINE;
        };
    }

    /** SCHED_OTHER with a nice value (i8 on the wire; validation wants −20..19). */
    record Other(int nice) implements SchedPolicy {
    }

    /** SCHED_FIFO with a priority (u32 on the wire; validation wants 1..99). */
    record Fifo(long priority) implements SchedPolicy {
    }

    /** SCHED_RR; Northstar 0.9 rejects every instance in validation (QUIRK, kept). */
    record RoundRobin(long priority) implements SchedPolicy {
    }

    /** SCHED_BATCH with a nice value. */
    record Batch(int nice) implements SchedPolicy {
    }

    record Idle() implements SchedPolicy {
    }

    record Deadline() implements SchedPolicy {
    }
}
