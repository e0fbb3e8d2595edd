package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.northstar.common.Container;
import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.VersionReq;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accepted/rejected table of spec §8, one case (or more) per row. Row
 * numbers are the table's; a row with several inputs has a case per input.
 */
class AcceptedRejectedTableTest {
    /** The header "H" of the table. */
    static final String H = "name: hello\nversion: 0.0.0\ninit: /binary\nuid: 1000\ngid: 1001\n";

    sealed interface Expect {
    }

    record Accept(Consumer<Manifest> check) implements Expect {
    }

    record Reject(ManifestException.Stage stage, String field, String reason) implements Expect {
    }

    /** Input that is not a manifest (container ids): the action must throw InvalidValueException. */
    record RejectValue(String input) implements Expect {
    }

    static Accept accepted() {
        return new Accept(m -> { });
    }

    static Accept accepted(Consumer<Manifest> check) {
        return new Accept(check);
    }

    static Reject parseError(String field, String reason) {
        return new Reject(ManifestException.Stage.PARSE, field, reason);
    }

    static Reject invalid(String field, String reason) {
        return new Reject(ManifestException.Stage.VALIDATION, field, reason);
    }

    static NonNulString nn(String s) {
        return NonNulString.of(s);
    }

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        rows.add(Arguments.of("1 full example", """
                name: hello
                version: 0.0.0
                init: /binary
                args:
                  - one
                  - two
                env:
                  LD_LIBRARY_PATH: /lib
                uid: 1000
                gid: 1001
                sched:
                  policy: !other
                    nice: 10
                suppl_groups:
                  - inet
                  - log
                capabilities:
                  - CAP_NET_RAW
                  - CAP_MKNOD
                  - CAP_SYS_TIME
                rlimits:
                  nproc:
                    soft: 1000
                    hard: 1000
                mounts:
                  /dev:
                    type: dev
                  /tmp:
                    type: tmpfs
                    size: 42
                  /lib:
                    type: bind
                    host: /lib
                    options: rw
                  /data:
                    type: persist
                  /resource:
                    type: resource
                    name: bla-blah.foo
                    version: '>=1.0.0'
                    dir: /bin/foo
                    options: noexec
                autostart: critical
                seccomp:
                  allow:
                    fork: any
                    waitpid: any
                sockets:
                  foo:
                    type: stream
                    mode: 0o600
                    uid: 100
                    gid: 1000
                  bar:
                    type: datagram
                    mode: 0o600
                    uid: 100
                    gid: 1000
                  baz:
                    type: seq_packet
                    mode: 0o600
                    uid: 100
                    gid: 1000
                cgroups:
                    memory:
                      oom_monitor: true
                      memory_hard_limit: 1000000
                      memory_soft_limit: 1000000
                      swappiness: 0
                      attrs: {}
                    cpu:
                      cpus: 0,1
                      shares: 1024
                      attrs: {}
                """, accepted(m -> {
                    assertEquals(Name.of("hello"), m.name());
                    assertEquals("/binary", m.init().orElseThrow().value());
                    assertEquals(List.of(nn("one"), nn("two")), m.args());
                    assertEquals(Map.of(nn("LD_LIBRARY_PATH"), nn("/lib")), m.env());
                    assertEquals(1000, m.uid());
                    assertEquals(1001, m.gid());
                    assertEquals(new SchedPolicy.Other(10), m.sched().orElseThrow().policy());
                    assertEquals(Set.of(nn("inet"), nn("log")), m.supplGroups());
                    assertEquals(Set.of(Capability.CAP_NET_RAW, Capability.CAP_MKNOD, Capability.CAP_SYS_TIME), m.capabilities());
                    assertEquals(Map.of(RLimitResource.NPROC, new RLimitValue(OptionalLong.of(1000), OptionalLong.of(1000))), m.rlimits());
                    assertEquals(Map.of(
                            nn("/dev"), new Mount.Dev(),
                            nn("/tmp"), new Mount.Tmpfs(42),
                            nn("/lib"), new Mount.Bind(nn("/lib"), Set.of(MountOption.RW)),
                            nn("/data"), new Mount.Persist(),
                            nn("/resource"), new Mount.Resource(Name.of("bla-blah.foo"), VersionReq.parse(">=1.0.0"),
                                    nn("/bin/foo"), Set.of(MountOption.NOEXEC))), m.mounts());
                    assertEquals(Autostart.CRITICAL, m.autostart().orElseThrow());
                    assertEquals(new Seccomp(java.util.Optional.empty(), java.util.Optional.of(Map.of(
                            nn("fork"), new SyscallRule.Any(), nn("waitpid"), new SyscallRule.Any()))), m.seccomp().orElseThrow());
                    assertEquals(new Socket(SocketType.STREAM, 0600, OptionalLong.of(100), OptionalLong.of(1000), java.util.Optional.empty()),
                            m.sockets().get(nn("foo")));
                    assertEquals(SocketType.DATAGRAM, m.sockets().get(nn("bar")).type());
                    assertEquals(SocketType.SEQ_PACKET, m.sockets().get(nn("baz")).type());
                    CGroups cg = m.cgroups().orElseThrow();
                    assertTrue(cg.memory().orElseThrow().oomMonitor());
                    assertEquals(OptionalLong.of(1000000), cg.memory().orElseThrow().memoryHardLimit());
                    assertEquals(OptionalLong.of(0), cg.memory().orElseThrow().swappiness());
                    assertEquals("0,1", cg.cpu().orElseThrow().cpus().orElseThrow());
                    assertEquals(OptionalLong.of(1024), cg.cpu().orElseThrow().shares());
                })));
        rows.add(Arguments.of("2 init empty", "name: hello\nversion: 0.0.0\ninit: \"\"\nuid: 1\ngid: 1\n",
                invalid("init", "length must be between 1 and 4096 bytes (is 0)")));
        rows.add(Arguments.of("3 init 4097 bytes", "name: hello\nversion: 0.0.0\ninit: " + "b".repeat(4097) + "\nuid: 1\ngid: 1\n",
                invalid("init", "length must be between 1 and 4096 bytes (is 4097)")));
        rows.add(Arguments.of("4 uid 0", "name: hello\nversion: 0.0.0\ninit: /binary\nuid: 0\ngid: 1001",
                invalid("uid", "uid must be greater than 0")));
        rows.add(Arguments.of("5 gid 0", "name: hello\nversion: 0.0.0\ninit: /binary\nuid: 1\ngid: 0",
                invalid("gid", "gid must be greater than 0")));
        rows.add(Arguments.of("6 selinux mount_context with @", H + "selinux: {mount_context: fo@o}\n",
                invalid("selinux.mount_context", "Selinux context must consist of alphanumeric ASCII characters, ':' or '_'")));
        rows.add(Arguments.of("6 (Rust test text: selinux_context key)", H + "selinux_context: fo@o\n",
                parseError("selinux_context", "unknown field `selinux_context`")));
        rows.add(Arguments.of("7 suppl group with a raw NUL", H + "suppl_groups: [fo\0o]\n",
                parseError("", "special characters are not allowed")));
        rows.add(Arguments.of("7 suppl group with an escaped NUL", H + "suppl_groups: [\"fo\\0o\"]\n",
                parseError("suppl_groups[0]", "string contains a NUL byte at position 2")));
        rows.add(Arguments.of("8 suppl group name of 101 bytes", H + "suppl_groups: [l" + "o".repeat(99) + "ng]\n",
                invalid("suppl_groups", "supplementary group name exceeds max length (64 bytes)")));
        rows.add(Arguments.of("9 duplicate suppl group", H + "suppl_groups: [foo, foo]\n",
                parseError("suppl_groups[1]", "found duplicate value \"foo\"")));
        rows.add(Arguments.of("10 duplicate mount point", H + "mounts:\n  /dev:\n    type: dev\n  /dev:\n    type: dev\n",
                parseError("mounts./dev", "duplicate key")));
        rows.add(Arguments.of("11 overlapping bind mounts", H + """
                mounts:
                  /lib/overlapping:
                    type: bind
                    host: /lib
                  /lib/non_overlapping1:
                    type: bind
                    host: /lib
                  /lib/non_overlapping2:
                    type: bind
                    host: /lib
                  /lib/overlapping/foo:
                    type: bind
                    host: /lib
                """, invalid("mounts./lib/overlapping/foo", "mount points must not overlap (/lib/overlapping is a prefix of /lib/overlapping/foo)")));
        rows.add(Arguments.of("12 non-overlapping bind mounts", H + """
                mounts:
                  /other_lib1:
                    type: bind
                    host: /lib
                  /lib/non_overlapping1:
                    type: bind
                    host: /lib
                  /other_lib2:
                    type: bind
                    host: /lib
                  /lib/non_overlapping2:
                    type: bind
                    host: /lib
                """, accepted(m -> assertEquals(4, m.mounts().size()))));
        rows.add(Arguments.of("13 resource dir relative", H + """
                mounts:
                  /resource:
                    type: resource
                    name: bla-blah.foo
                    version: '>=1.0.0'
                    dir: bin/foo
                """, invalid("mounts./resource.dir", "resource directory options must be absolute")));
        rows.add(Arguments.of("14 resource dir absolute", H + """
                mounts:
                  /resource:
                    type: resource
                    name: bla-blah.foo
                    version: '>=1.0.0'
                    dir: /bin/foo
                """, accepted(m -> assertEquals(new Mount.Resource(Name.of("bla-blah.foo"), VersionReq.parse(">=1.0.0"),
                        nn("/bin/foo"), Set.of()), m.mounts().get(nn("/resource"))))));
        rows.add(Arguments.of("15 tmpfs sizes", H + """
                mounts:
                  /a:
                    type: tmpfs
                    size: 100
                  /b:
                    type: tmpfs
                    size: 100kB
                  /c:
                    type: tmpfs
                    size: 100MB
                  /d:
                    type: tmpfs
                    size: 100GB
                """, accepted(m -> {
                    assertEquals(new Mount.Tmpfs(100), m.mounts().get(nn("/a")));
                    assertEquals(new Mount.Tmpfs(100_000), m.mounts().get(nn("/b")));
                    assertEquals(new Mount.Tmpfs(100_000_000), m.mounts().get(nn("/c")));
                    assertEquals(new Mount.Tmpfs(100_000_000_000L), m.mounts().get(nn("/d")));
                })));
        rows.add(Arguments.of("16 broken indentation", "name: hello\nversion: 0.0.0\ninit: /binary\n uid: 1000\ngid: 1001\n"
                + "mounts:\n  /tmp:\n    type: tmpfs\n    size: 100MB\n",
                parseError("", "invalid YAML")));
        rows.add(Arguments.of("17 minimal dev", H + "mounts:\n  /dev:\n    type: dev",
                accepted(m -> assertEquals(Map.of(nn("/dev"), new Mount.Dev()), m.mounts()))));
        rows.add(Arguments.of("18 resource with rw,noexec,nosuid", H + """
                mounts:
                  /foo:
                    type: resource
                    name: foo-bar.qwerty12
                    version: '>=0.0.1'
                    dir: /
                    options: rw,noexec,nosuid
                """, accepted(m -> assertEquals(EnumSet.of(MountOption.RW, MountOption.NOEXEC, MountOption.NOSUID),
                        ((Mount.Resource) m.mounts().get(nn("/foo"))).options()))));
        rows.add(Arguments.of("19 round trip", ExamplesTest.resource("examples/roundtrip.yaml"), accepted(m -> {
            assertEquals(m, Manifest.parse(m.toYaml()), "YAML -> YAML");
            assertEquals(m, Manifest.parse(m.toJson().toString()), "YAML -> JSON -> JSON");
            assertEquals(m, Manifest.parse(ExamplesTest.resource("fixtures/roundtrip.toml")), "the same manifest in TOML");
        })));
        rows.add(Arguments.of("20 env", H + "env: {LD_LIBRARY_PATH: /lib, PATH: /bin}\n",
                accepted(m -> assertEquals(Map.of(nn("LD_LIBRARY_PATH"), nn("/lib"), nn("PATH"), nn("/bin")), m.env()))));
        for (String reserved : List.of("NORTHSTAR_CONSOLE", "NORTHSTAR_NAME", "NORTHSTAR_CONTAINER", "NORTHSTAR_VERSION")) {
            rows.add(Arguments.of("21 reserved env " + reserved, H + "env:\n  " + reserved + ": foo\n",
                    invalid("env." + reserved, "reserved env variable name")));
        }
        rows.add(Arguments.of("22 console full", H + "console: {permissions: full}\n",
                accepted(m -> assertEquals(EnumSet.allOf(ConsolePermission.class), m.console().orElseThrow().permissions()))));
        rows.add(Arguments.of("23 no console", H, accepted(m -> assertTrue(m.console().isEmpty()))));
        rows.add(Arguments.of("24 console shutdown, start", H + "console: {permissions: [shutdown, start]}\n",
                accepted(m -> assertEquals(Set.of(ConsolePermission.SHUTDOWN, ConsolePermission.START),
                        m.console().orElseThrow().permissions()))));
        for (int nice : new int[] {0, 10}) {
            rows.add(Arguments.of("25 other nice " + nice, H + "sched: {policy: !other {nice: " + nice + "}}\n",
                    accepted(m -> assertEquals(new SchedPolicy.Other(nice), m.sched().orElseThrow().policy()))));
        }
        for (int nice : new int[] {55, -40}) {
            rows.add(Arguments.of("26 other nice " + nice, H + "sched: {policy: !other {nice: " + nice + "}}\n",
                    invalid("sched.policy.other.nice", "nice value must be between -20 and 19 (is " + nice + ")")));
        }
        rows.add(Arguments.of("27 fifo 10", H + "sched: {policy: !fifo {priority: 10}}\n",
                accepted(m -> assertEquals(new SchedPolicy.Fifo(10), m.sched().orElseThrow().policy()))));
        for (int prio : new int[] {0, 200}) {
            rows.add(Arguments.of("28 fifo " + prio, H + "sched: {policy: !fifo {priority: " + prio + "}}\n",
                    invalid("sched.policy.fifo.priority", "fifo priority must be between 1 and 99 (is " + prio + ")")));
        }
        for (int prio : new int[] {0, 200, 10}) {
            rows.add(Arguments.of("29 round_robin " + prio + (prio == 10 ? " (QUIRK: always rejected)" : ""),
                    H + "sched: {policy: !round_robin {priority: " + prio + "}}\n",
                    invalid("sched.policy.round_robin.priority", "round robing priority must be between 1 and 99")));
        }
        rows.add(Arguments.of("29 sched JSON fifo via JSON fallback",
                "{\"name\":\"hello\",\"version\":\"0.0.0\",\"init\":\"/binary\",\"uid\":1000,\"gid\":1001,"
                        + "\"sched\":{\"policy\":{\"fifo\":{\"priority\":10}}}}",
                accepted(m -> assertEquals(new SchedPolicy.Fifo(10), m.sched().orElseThrow().policy()))));
        rows.add(Arguments.of("29 sched JSON idle via JSON fallback",
                "{\"name\":\"hello\",\"version\":\"0.0.0\",\"init\":\"/binary\",\"uid\":1000,\"gid\":1001,\"sched\":{\"policy\":\"idle\"}}",
                accepted(m -> assertEquals(new SchedPolicy.Idle(), m.sched().orElseThrow().policy()))));
        rows.add(Arguments.of("30 selinux context", H + "selinux:\n  mount_context: system_u:object_r:container_file_t:s0\n"
                + "  exec: system_u:object_r:container_file_t:s0\n",
                accepted(m -> assertEquals("system_u:object_r:container_file_t:s0",
                        m.selinux().orElseThrow().mountContext().orElseThrow().value()))));
        rows.add(Arguments.of("31 selinux context with @", H + "selinux: {exec: 'fo@o'}\n",
                invalid("selinux.exec", "Selinux context must consist of alphanumeric ASCII characters, ':' or '_' (found \"@\" at position 2)")));
        rows.add(Arguments.of("31 selinux context with a space", H + "selinux: {exec: 'system_u:object_r: s0'}\n",
                invalid("selinux.exec", "(found \" \" at position 18)")));
        rows.add(Arguments.of("31 selinux context empty", H + "selinux: {mount_context: ''}\n",
                invalid("selinux.mount_context", "Selinux context must not be empty")));
        rows.add(Arguments.of("32 selinux JSON with unknown key",
                "{\"name\":\"hello\",\"version\":\"0.0.0\",\"init\":\"/binary\",\"uid\":1000,\"gid\":1001,"
                        + "\"selinux\":{\"mount_context\":\"system_u:object_r:container_file_t:s0\",\"unknown\":\"x\"}}",
                parseError("selinux.unknown", "unknown field `unknown`, expected one of `mount_context`, `exec`")));
        rows.add(Arguments.of("33 sockets mode 0o777 and 0", H + """
                sockets:
                  a:
                    type: stream
                    mode: 0o777
                    uid: 1000
                    gid: 100
                  b:
                    type: stream
                    mode: 0
                    uid: 1000
                    gid: 100
                """, accepted(m -> {
                    assertEquals(0777, m.sockets().get(nn("a")).mode());
                    assertEquals(0, m.sockets().get(nn("b")).mode());
                })));
        Map<String, String> badNames = new java.util.LinkedHashMap<>();
        badNames.put("empty", "\"\"");
        badNames.put("2000 bytes", "a".repeat(2000));
        badNames.put("a%", "a%");
        badNames.put("^foo", "'^foo'");
        badNames.put("test*", "test*");
        badNames.put("NUL", "\"\\0\"");
        badNames.put("a NUL b", "\"a\\0b\"");
        badNames.put("test/../test", "test/../test");
        badNames.forEach((label, yaml) -> rows.add(Arguments.of("34 name " + label,
                "name: " + yaml + "\nversion: 0.0.0\ninit: /binary\nuid: 1000\ngid: 1001\n",
                parseError("name", "invalid name"))));
        rows.add(Arguments.of("35 name of 1024 bytes", "name: " + "a".repeat(1024) + "\nversion: 0.0.0\ninit: /binary\nuid: 1000\ngid: 1001\n",
                accepted(m -> assertEquals(1024, m.name().value().length()))));
        rows.add(Arguments.of("36 container id test\\0:0.0.1", null, new RejectValue("test\0:0.0.1")));
        rows.add(Arguments.of("36 container id tes%t:0.0.1", null, new RejectValue("tes%t:0.0.1")));
        return rows.stream();
    }

    @ParameterizedTest(name = "row {0}")
    @MethodSource("rows")
    void row(String row, String text, Expect expect) {
        switch (expect.getClass().getSimpleName()) {
            case "Accept": {
                Manifest m = Manifest.parse(text);
                ((Accept) expect).check().accept(m);
                break;
            }
            case "Reject": {
                Reject r = (Reject) expect;
                ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(text));
                assertEquals(r.stage(), e.stage(), e.getMessage());
                assertEquals(r.field(), e.field(), e.getMessage());
                assertTrue(e.reason().contains(r.reason()), "reason of: " + e.getMessage());
                String prefix = r.stage() == ManifestException.Stage.VALIDATION ? "invalid manifest: " : "failed to parse manifest: ";
                assertTrue(e.getMessage().startsWith(prefix + (r.field().isEmpty() ? "" : r.field() + ": ")), e.getMessage());
                break;
            }
            case "RejectValue": {
                String input = ((RejectValue) expect).input();
                InvalidValueException e = assertThrows(InvalidValueException.class, () -> Container.parse(input));
                assertFalse(e.getMessage().isEmpty());
                break;
            }
            default:
                fail("unknown expectation " + expect);
        }
    }
}
