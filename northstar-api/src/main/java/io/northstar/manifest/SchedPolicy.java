package io.northstar.manifest;

/**
 * {@code sched.policy}: an externally tagged enum. YAML writes the variants with
 * data as tags ({@code !fifo {priority: 10}}), JSON as single-key objects.
 */
public sealed interface SchedPolicy {
    enum Kind {
        OTHER("other", 0), FIFO("fifo", 1), ROUND_ROBIN("round_robin", 2), BATCH("batch", 3), IDLE("idle", 5), DEADLINE("deadline", 6);

        private final String wireName;
        private final int linuxPolicy;

        Kind(String wireName, int linuxPolicy) {
            this.wireName = wireName;
            this.linuxPolicy = linuxPolicy;
        }

        public String wireName() {
            return wireName;
        }

        /** The {@code SCHED_*} constant for sched_setscheduler(2). */
        public int linuxPolicy() {
            return linuxPolicy;
        }
    }

    Kind kind();

    /** SCHED_OTHER with a nice value (i8 on the wire; validation wants −20..19). */
    record Other(int nice) implements SchedPolicy {
        public Kind kind() {
            return Kind.OTHER;
        }
    }

    /** SCHED_FIFO with a priority (u32 on the wire; validation wants 1..99). */
    record Fifo(long priority) implements SchedPolicy {
        public Kind kind() {
            return Kind.FIFO;
        }
    }

    /** SCHED_RR; Northstar 0.9 rejects every instance in validation (QUIRK, kept). */
    record RoundRobin(long priority) implements SchedPolicy {
        public Kind kind() {
            return Kind.ROUND_ROBIN;
        }
    }

    /** SCHED_BATCH with a nice value. */
    record Batch(int nice) implements SchedPolicy {
        public Kind kind() {
            return Kind.BATCH;
        }
    }

    record Idle() implements SchedPolicy {
        public Kind kind() {
            return Kind.IDLE;
        }
    }

    record Deadline() implements SchedPolicy {
        public Kind kind() {
            return Kind.DEADLINE;
        }
    }
}
