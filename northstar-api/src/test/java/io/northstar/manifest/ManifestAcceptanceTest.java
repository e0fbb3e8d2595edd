package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.Version;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lenient corners of the format that Northstar accepts, and properties of the model. */
class ManifestAcceptanceTest {
    static final String H = AcceptedRejectedTableTest.H;

    static NonNulString nn(String s) {
        return NonNulString.of(s);
    }

    @Test
    void keysIgnoredWhereSerdeIgnoresThem() {
        Manifest m = Manifest.parse(H + """
                sched: {policy: idle, priority: 3}
                cgroups: {x: 1, memory: {y: 2, oom_monitor: true}, cpu: {z: 3}, blkio: {weight_device: [{major: 1, minor: 2, w: 1}],
                  throttle_read_bps_device: [], throttle_read_iops_device: [], throttle_write_bps_device: [], throttle_write_iops_device: [], q: 1}}
                rlimits: {nofile: {soft: 1, comment: x}}
                mounts: {/dev: {type: dev, extra: 1}, /proc: {type: proc, x: y}}
                """);
        assertEquals(new SchedPolicy.Idle(), m.sched().orElseThrow().policy());
        assertTrue(m.cgroups().orElseThrow().memory().orElseThrow().oomMonitor());
        assertEquals(new RLimitValue(OptionalLong.of(1), OptionalLong.empty()), m.rlimits().get(RLimitResource.NOFILE));
        assertEquals(new Mount.Dev(), m.mounts().get(nn("/dev")));
    }

    /** {@code cgroups.pids}, this runtime's extension: YAML, JSON and TOML, canonical YAML, console JSON. */
    @Test
    void cgroupsPidsExtension() {
        Manifest yaml = Manifest.parse(H + "cgroups:\n  pids:\n    max: 64\n");
        assertEquals(java.util.Optional.of(new CGroups.Pids(64)), yaml.cgroups().orElseThrow().pids());
        assertTrue(yaml.toYaml().contains("cgroups:\n  pids:\n    max: 64\n"), yaml.toYaml());
        assertEquals(yaml, Manifest.parse(yaml.toYaml()));
        assertEquals(64, yaml.toJson().get("cgroups").get("pids").get("max").asLong());
        assertEquals(yaml, Manifest.parse(yaml.toJson().toString()));
        Manifest toml = Manifest.parse("name = \"hello\"\nversion = \"0.0.1\"\nuid = 1000\ngid = 1000\n"
                + "init = \"/binary\"\n[cgroups.pids]\nmax = -1\n");
        assertEquals(java.util.Optional.of(new CGroups.Pids(-1)), toml.cgroups().orElseThrow().pids());
        assertEquals(java.util.Optional.empty(), Manifest.parse(H + "cgroups: {memory: {}}\n").cgroups().orElseThrow().pids());
    }

    @Test
    void yamlIntegerForms() {
        assertEquals(1000, Manifest.parse(H.replace("uid: 1000", "uid: 0x3E8")).uid());
        assertEquals(1000, Manifest.parse(H.replace("uid: 1000", "uid: 0o1750")).uid());
        assertEquals(5, Manifest.parse(H.replace("uid: 1000", "uid: 0b101")).uid());
        assertEquals(1000, Manifest.parse(H.replace("uid: 1000", "uid: +1000")).uid());
        assertEquals(0666, Manifest.parse(H + "sockets: {s: {type: stream, mode: 0o666}}").sockets().get(nn("s")).mode());
    }

    @Test
    void anyScalarIsAStringWhereAStringIsExpected() {
        Manifest m = Manifest.parse(H + "env: {A: 4, B: true, C: null, D: ~, E: 1.5, F: 0x10}\nargs: [1, false]\n");
        assertEquals(Map.of(nn("A"), nn("4"), nn("B"), nn("true"), nn("C"), nn("null"), nn("D"), nn("~"),
                nn("E"), nn("1.5"), nn("F"), nn("0x10")), m.env());
        assertEquals(List.of(nn("1"), nn("false")), m.args());
        assertTrue(m.toYaml().contains("  A: '4'\n"), m.toYaml());
        assertEquals(m, Manifest.parse(m.toYaml()));
    }

    @Test
    void emptyPlainValueIsAnEmptyCollection() {
        // The same manifest as one without these keys, where they are empty.
        assertEquals(Manifest.parse(H), Manifest.parse(H + "args:\nenv:\nmounts:\n"));
        assertTrue(Manifest.parse(H).mounts().isEmpty());
    }

    @Test
    void nullOptionalsAreAbsent() {
        // The same manifest as one without these keys, where they are absent.
        assertEquals(Manifest.parse(H), Manifest.parse(H + "console: null\nsched: ~\nnetwork:\ncustom: null\nio: null\n"));
        assertTrue(Manifest.parse(H).custom().isEmpty());
        Manifest r = Manifest.parse(H.replace("init: /binary", "init: ~"));
        assertTrue(r.isResource());
    }

    @Test
    void anchorsAndAliases() {
        Manifest m = Manifest.parse(H + "env: {A: &v value, B: *v}\nmounts:\n  /lib: &lib {type: bind, host: /lib}\n  /usr/lib: *lib\n");
        assertEquals(nn("value"), m.env().get(nn("B")));
        assertEquals(m.mounts().get(nn("/lib")), m.mounts().get(nn("/usr/lib")));
    }

    @Test
    void setsMergeWhereNorthstarMerges() {
        Manifest m = Manifest.parse(H + "console: {permissions: [list, list, ident]}\n"
                + "mounts: {/a: {type: bind, host: /a, options: ' nodev , nodev,rw '}}\n");
        assertEquals(Set.of(ConsolePermission.LIST, ConsolePermission.IDENT), m.console().orElseThrow().permissions());
        Mount.Bind bind = (Mount.Bind) m.mounts().get(nn("/a"));
        assertEquals(EnumSet.of(MountOption.NODEV, MountOption.RW), bind.options());
        assertTrue(bind.isReadWrite());
        assertEquals("nodev,rw", Mount.joinOptions(bind.options()));
        assertTrue(Manifest.parse(H + "console: {permissions: ' full '}").console().orElseThrow().isFull());
        assertTrue(Manifest.parse(H + "console: {permissions: [" + String.join(",", allPermissions()) + "]}")
                .toYaml().contains("console:\n  permissions: full\n"));
        assertTrue(Manifest.parse(H + "console: {permissions: []}").console().orElseThrow().permissions().isEmpty());
        assertTrue(Manifest.parse(H + "mounts: {/a: {type: bind, host: /a, options: '  '}}").mounts().values().stream()
                .allMatch(x -> ((Mount.Bind) x).options().isEmpty()));
    }

    private static List<String> allPermissions() {
        return EnumSet.allOf(ConsolePermission.class).stream().map(ConsolePermission::wireName).toList();
    }

    @Test
    void repeatedKeysInPlainMapsKeepTheLastValue() {
        Manifest m = Manifest.parse(H + "env: {A: 1, A: 2}\nsockets: {s: {type: stream, mode: 1}, s: {type: datagram, mode: 2}}\n"
                + "seccomp: {allow: {read: any, read: !args {index: 0, mask: 1}}}\n");
        assertEquals(nn("2"), m.env().get(nn("A")));
        assertEquals(SocketType.DATAGRAM, m.sockets().get(nn("s")).type());
        assertInstanceOf(SyscallRule.Args.class, m.seccomp().orElseThrow().allow().orElseThrow().get(nn("read")));
    }

    @Test
    void quirkOnlyAdjacentBindMountsAreComparedForOverlap() {
        Manifest m = Manifest.parse(H + "mounts: {/a: {type: bind, host: /a}, /a-b: {type: bind, host: /b}, /a/c: {type: bind, host: /c}}\n");
        assertEquals(3, m.mounts().size());
        // Non-bind mounts are not checked at all.
        Manifest n = Manifest.parse(H + "mounts: {tmp: {type: tmpfs, size: 1}, /a: {type: bind, host: /a}, /a/b: {type: tmpfs, size: 1}}\n");
        assertEquals(3, n.mounts().size());
        // A bind mount on / never overlaps.
        assertEquals(2, Manifest.parse(H + "mounts: {/: {type: bind, host: /}, /a: {type: bind, host: /a}}\n").mounts().size());
    }

    @Test
    void tmpfsSizes() {
        String m = H + "mounts: {/a: {type: tmpfs, size: '20M'}, /b: {type: tmpfs, size: 10MiB}, /c: {type: tmpfs, size: ' 5 kb '},"
                + " /d: {type: tmpfs, size: '100'}, /e: {type: tmpfs, size: 1Ki}, /f: {type: tmpfs, size: 18446744073709551615},"
                + " /g: {type: tmpfs, size: 2b}, /h: {type: tmpfs, size: 1EB}, /i: {type: tmpfs, size: 15EiB}}";
        Map<NonNulString, Mount> mounts = Manifest.parse(m).mounts();
        assertEquals(new Mount.Tmpfs(20_000_000), mounts.get(nn("/a")));
        assertEquals(new Mount.Tmpfs(10_485_760), mounts.get(nn("/b")));
        assertEquals(new Mount.Tmpfs(5_000), mounts.get(nn("/c")));
        assertEquals(new Mount.Tmpfs(100), mounts.get(nn("/d")));
        assertEquals(new Mount.Tmpfs(1024), mounts.get(nn("/e")));
        assertEquals(new Mount.Tmpfs(-1L), mounts.get(nn("/f")), "u64 max, kept as the unsigned bit pattern");
        assertEquals(new Mount.Tmpfs(2), mounts.get(nn("/g")));
        assertEquals(new Mount.Tmpfs(1_000_000_000_000_000_000L), mounts.get(nn("/h")));
        assertEquals(new Mount.Tmpfs(15L << 60), mounts.get(nn("/i")));
        assertTrue(Manifest.parse(m).toYaml().contains("size: 18446744073709551615\n"));
    }

    @Test
    void resourceContainerMayHaveEverythingElse() {
        Manifest m = Manifest.parse("""
                name: res
                version: 0.0.1
                uid: 1
                gid: 1
                console: {permissions: full}
                sched: {policy: idle}
                mounts: {/a: {type: bind, host: /a}}
                network: host
                selinux: {exec: a}
                rlimits: {nofile: {soft: 1}}
                sockets: {s: {type: stream, mode: 0}}
                custom: [1, 2]
                """);
        assertTrue(m.isResource());
    }

    @Test
    void jsonFallbackForYamlIncompatibleEnumForms() {
        String json = "{\"name\":\"hello\",\"version\":\"0.0.0\",\"init\":\"/binary\",\"uid\":1000,\"gid\":1001,"
                + "\"network\":{\"namespace\":\"container\"},\"seccomp\":{\"allow\":{\"x\":{\"args\":{\"index\":1,\"values\":[1],\"mask\":6}}}}}";
        Manifest m = Manifest.parse(json);
        assertEquals(new Network.Namespace(nn("container")), m.network().orElseThrow());
        assertTrue(m.toYaml().contains("network: !namespace container\n"));
        assertTrue(m.toYaml().contains("    x: !args\n      index: 1\n      values:\n      - 1\n      mask: 6\n"), m.toYaml());
    }

    @Test
    void jsonDuplicateKeysInPlainMapsKeepTheLastValue() {
        Manifest m = Manifest.parse("{\"name\":\"a\",\"version\":\"0.0.1\",\"init\":\"/a\",\"uid\":1,\"gid\":1,"
                + "\"sched\":{\"policy\":{\"fifo\":{\"priority\":1}}},\"env\":{\"A\":\"1\",\"A\":\"2\"}}");
        assertEquals(nn("2"), m.env().get(nn("A")));
    }

    @Test
    void deepNestingIsAnErrorNotACrash() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(H + "custom: " + deep + "\n"));
        assertEquals(ManifestException.Stage.PARSE, e.stage());
        String json = "{\"name\":\"a\",\"version\":\"0.0.1\",\"uid\":1,\"gid\":1,\"custom\":" + deep + "}";
        assertThrows(ManifestException.class, () -> Manifest.parse(json));
    }

    @Test
    void aliasBombIsRejected() {
        StringBuilder b = new StringBuilder(H).append("custom:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            b.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 10; k++) {
                b.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(b.toString()));
        assertEquals(ManifestException.Stage.PARSE, e.stage());
    }

    @Test
    void modelIsImmutable() {
        Manifest m = Manifest.parse(ExamplesTest.resource("fixtures/everything.yaml"));
        assertThrows(UnsupportedOperationException.class, () -> m.args().add(nn("x")));
        assertThrows(UnsupportedOperationException.class, () -> m.env().clear());
        assertThrows(UnsupportedOperationException.class, () -> m.mounts().clear());
        assertThrows(UnsupportedOperationException.class, () -> m.capabilities().clear());
        assertThrows(UnsupportedOperationException.class, () -> m.console().orElseThrow().permissions().clear());
        assertThrows(UnsupportedOperationException.class, () -> m.seccomp().orElseThrow().allow().orElseThrow().clear());
        ((ObjectNode) m.custom().orElseThrow()).put("string", "changed");
        assertEquals("text", m.custom().orElseThrow().get("string").textValue());
        ObjectNode json = m.toJson();
        json.put("name", "changed");
        assertEquals("everything", m.toJson().get("name").textValue());
    }

    @Test
    void builderAndValidate() {
        Manifest m = Manifest.builder(Name.of("b"), Version.of(1, 0, 0), 1, 1).init("/b")
                .mounts(Map.of(nn("/p"), new Mount.Proc())).io(new Io(Io.Output.PIPE, Io.Output.INHERIT))
                .sched(new SchedPolicy.Fifo(5)).network(new Network.Host()).build();
        assertEquals(m, Manifest.parse(m.toYaml()));
        assertEquals(m, ManifestJson.fromJson(m.toJson()));
        Manifest bad = m.toBuilder().uid(0).build();
        ManifestException e = assertThrows(ManifestException.class, bad::validate);
        assertEquals("invalid manifest: uid: uid must be greater than 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.toBuilder().uid(65536).build());
        assertFalse(m.isResource());
        assertEquals("b:1.0.0", m.container().toString());
    }

    @Test
    void jacksonModuleEmbedsTheManifestByteExactly() throws Exception {
        record Data(String container, Manifest manifest, String repository) {
        }
        ObjectMapper mapper = new ObjectMapper().registerModule(ManifestJson.module());
        String helloWorld = ExamplesTest.resource("examples/hello-world.json").trim();
        String line = "{\"container\":\"hello-world:0.0.1\",\"manifest\":" + helloWorld + ",\"repository\":\"mem\"}";
        Data d = mapper.readValue(line, Data.class);
        assertEquals("hello-world", d.manifest().name().value());
        assertEquals(line, mapper.writeValueAsString(d));
        JsonNode tree = mapper.readTree(line);
        assertEquals(line, mapper.writeValueAsString(mapper.treeToValue(tree, Data.class)));
        String invalid = line.replace("\"uid\":1000", "\"uid\":0");
        Exception e = assertThrows(Exception.class, () -> mapper.readValue(invalid, Data.class));
        assertTrue(e.getMessage().contains("uid must be greater than 0"), e.getMessage());
    }

    @Test
    void unitVariantsAndUnsignedValuesInJson() {
        Manifest m = Manifest.parse(ExamplesTest.resource("fixtures/everything.yaml"));
        JsonNode j = m.toJson();
        assertEquals("18446744073709551615", j.get("cgroups").get("memory").get("swappiness").asText());
        assertEquals("host", j.get("network").textValue());
        assertEquals("critical", j.get("autostart").textValue());
        assertTrue(j.get("selinux").get("mount_context").isNull());
        assertTrue(j.get("rlimits").get("nofile").get("hard").isNull());
    }
}
