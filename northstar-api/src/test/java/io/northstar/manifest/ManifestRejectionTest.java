package io.northstar.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input of every kind: a ManifestException naming the field and the rule, never a manifest. */
class ManifestRejectionTest {
    static final String H = AcceptedRejectedTableTest.H;
    static final String R = "name: res\nversion: 0.0.1\nuid: 1\ngid: 1\n";
    static final String J = "{\"name\":\"hello\",\"version\":\"0.0.0\",\"init\":\"/binary\",\"uid\":1000,\"gid\":1001";

    static Arguments parse(String label, String text, String field, String reason) {
        return Arguments.of(label, text, ManifestException.Stage.PARSE, field, reason);
    }

    static Arguments invalid(String label, String text, String field, String reason) {
        return Arguments.of(label, text, ManifestException.Stage.VALIDATION, field, reason);
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // document level
        c.add(parse("empty text", "", "", "missing field `name`"));
        c.add(parse("only a document marker", "---\n", "", "missing field `name`"));
        c.add(parse("two documents", H + "---\n" + H, "", "expected a single document"));
        c.add(parse("a scalar document", "hello", "", "expected a map"));
        c.add(parse("a sequence document", "- a\n- b\n", "", "expected a map, found a sequence"));
        c.add(parse("syntax error has a position", "name: [\n", "", "line"));
        c.add(parse("recursive alias", H + "custom: &x [1, *x]\n", "", "recursive"));
        c.add(parse("undefined alias", H + "custom: *nothing\n", "", "invalid YAML"));
        c.add(parse("tab indentation", "name: hello\n\tversion: 0.0.1\n", "", "invalid YAML"));
        // unknown keys where serde denies them
        c.add(parse("unknown top-level key", H + "nmae: x\n", "nmae", "unknown field `nmae`, expected one of `name`, `version`"));
        c.add(parse("unknown console key", H + "console: {permissions: full, extra: 1}\n", "console.extra", "unknown field `extra`"));
        c.add(parse("unknown io key", H + "io: {stdout: pipe, stderr: pipe, stdin: pipe}\n", "io.stdin", "unknown field `stdin`"));
        c.add(parse("unknown bind key", H + "mounts: {/a: {type: bind, host: /a, mode: 1}}\n", "mounts./a.mode", "unknown field `mode`, expected one of `host`, `options`"));
        c.add(parse("unknown resource key", H + "mounts: {/a: {type: resource, name: r, version: '*', dir: /, x: 1}}\n", "mounts./a.x", "unknown field `x`"));
        c.add(parse("unknown tmpfs key", H + "mounts: {/a: {type: tmpfs, size: 1, mode: 1777}}\n", "mounts./a.mode", "unknown field `mode`, expected `size`"));
        c.add(parse("unknown selinux key", H + "selinux: {context: x}\n", "selinux.context", "unknown field `context`"));
        c.add(parse("unknown socket key", H + "sockets: {s: {type: stream, mode: 1, owner: 1}}\n", "sockets.s.owner", "unknown field `owner`"));
        c.add(parse("unknown seccomp key", H + "seccomp: {deny: {}}\n", "seccomp.deny", "unknown field `deny`"));
        c.add(parse("unknown !args key", H + "seccomp: {allow: {read: !args {index: 0, mask: 1, value: 2}}}\n", "seccomp.allow.read.args.value", "unknown field `value`"));
        // duplicate fields and keys
        c.add(parse("duplicate top-level field", H + "uid: 2\n", "uid", "duplicate field `uid`"));
        c.add(parse("duplicate field in a mount", H + "mounts: {/a: {type: bind, host: /a, host: /b}}\n", "mounts./a.host", "duplicate field `host`"));
        c.add(parse("duplicate mount type", H + "mounts: {/a: {type: dev, type: proc}}\n", "mounts./a.type", "duplicate field `type`"));
        c.add(parse("duplicate rlimit", H + "rlimits: {nofile: {soft: 1}, nofile: {soft: 2}}\n", "rlimits.nofile", "duplicate key"));
        c.add(parse("duplicate capability", H + "capabilities: [CAP_KILL, CAP_CHOWN, CAP_KILL]\n", "capabilities[2]", "duplicate value CAP_KILL"));
        c.add(parse("duplicate mount point in JSON", J + ",\"mounts\":{\"/d\":{\"type\":\"dev\"},\"/d\":{\"type\":\"dev\"}}}", "mounts./d", "duplicate key"));
        // missing required keys
        c.add(parse("missing name", "version: 0.0.1\nuid: 1\ngid: 1\n", "", "missing field `name`"));
        c.add(parse("missing version", "name: a\nuid: 1\ngid: 1\n", "", "missing field `version`"));
        c.add(parse("missing uid", "name: a\nversion: 0.0.1\ngid: 1\n", "", "missing field `uid`"));
        c.add(parse("missing gid", "name: a\nversion: 0.0.1\nuid: 1\n", "", "missing field `gid`"));
        c.add(parse("missing mount type", H + "mounts: {/a: {host: /a}}\n", "mounts./a", "missing field `type`"));
        c.add(parse("missing bind host", H + "mounts: {/a: {type: bind}}\n", "mounts./a", "missing field `host`"));
        c.add(parse("missing tmpfs size", H + "mounts: {/a: {type: tmpfs}}\n", "mounts./a", "missing field `size`"));
        c.add(parse("missing socket mode", H + "sockets: {s: {type: stream}}\n", "sockets.s", "missing field `mode`"));
        c.add(parse("missing io stderr", H + "io: {stdout: pipe}\n", "io", "missing field `stderr`"));
        c.add(parse("missing console permissions", H + "console: {}\n", "console", "missing field `permissions`"));
        c.add(parse("missing sched policy", H + "sched: {}\n", "sched", "missing field `policy`"));
        c.add(parse("missing !args index", H + "seccomp: {allow: {read: !args {mask: 1}}}\n", "seccomp.allow.read.args", "missing field `index`"));
        c.add(parse("blkio without device lists", H + "cgroups: {blkio: {weight: 10}}\n", "cgroups.blkio", "missing field `weight_device`"));
        c.add(parse("pids without max (extension)", H + "cgroups: {pids: {}}\n", "cgroups.pids", "missing field `max`"));
        c.add(parse("fifo without priority", H + "sched: {policy: !fifo {}}\n", "sched.policy.fifo", "missing field `priority`"));
        // types and ranges
        c.add(parse("quoted uid", H.replace("uid: 1000", "uid: '1000'"), "uid", "expected u16, found string \"1000\""));
        c.add(parse("uid above u16", H.replace("uid: 1000", "uid: 65536"), "uid", "integer 65536 is out of range of u16"));
        c.add(parse("negative gid", H.replace("gid: 1001", "gid: -1"), "gid", "out of range of u16"));
        c.add(parse("float uid", H.replace("uid: 1000", "uid: 1.0"), "uid", "expected u16, found floating point 1.0"));
        c.add(parse("leading-zero uid is a string", H.replace("uid: 1000", "uid: 01000"), "uid", "expected u16, found string \"01000\""));
        c.add(parse("underscore uid is a string", H.replace("uid: 1000", "uid: 1_000"), "uid", "found string \"1_000\""));
        c.add(parse("version 1.0", H.replace("0.0.0", "1.0"), "version", "invalid version \"1.0\""));
        c.add(parse("version with v", H.replace("0.0.0", "v1.0.0"), "version", "invalid version"));
        c.add(parse("version with leading zero", H.replace("0.0.0", "01.0.0"), "version", "invalid version"));
        c.add(parse("invalid version requirement", H + "mounts: {/a: {type: resource, name: r, version: '>>1', dir: /}}\n", "mounts./a.version", "invalid"));
        c.add(parse("empty version requirement", H + "mounts: {/a: {type: resource, name: r, version: '', dir: /}}\n", "mounts./a.version", "invalid"));
        c.add(parse("invalid resource name", H + "mounts: {/a: {type: resource, name: r/x, version: '*', dir: /}}\n", "mounts./a.name", "invalid name"));
        c.add(parse("nice outside i8", H + "sched: {policy: !other {nice: 200}}\n", "sched.policy.other.nice", "out of range of i8"));
        c.add(parse("negative fifo priority", H + "sched: {policy: !fifo {priority: -1}}\n", "sched.policy.fifo.priority", "out of range of u32"));
        c.add(parse("socket mode above u32", H + "sockets: {s: {type: stream, mode: 4294967296}}\n", "sockets.s.mode", "out of range of u32"));
        c.add(parse("socket mode 0666 is a string", H + "sockets: {s: {type: stream, mode: 0666}}\n", "sockets.s.mode", "found string \"0666\""));
        c.add(parse("passcred yes is not a boolean", H + "sockets: {s: {type: stream, mode: 1, passcred: yes}}\n", "sockets.s.passcred", "expected a boolean"));
        c.add(parse("oom_monitor as string", H + "cgroups: {memory: {oom_monitor: 'true'}}\n", "cgroups.memory.oom_monitor", "expected a boolean"));
        c.add(parse("i64 limit overflow", H + "cgroups: {memory: {memory_hard_limit: 9223372036854775808}}\n", "cgroups.memory.memory_hard_limit", "out of range of i64"));
        c.add(parse("u64 overflow", H + "cgroups: {cpu: {shares: 18446744073709551616}}\n", "cgroups.cpu.shares", "out of range of u64"));
        c.add(parse("rlimit negative", H + "rlimits: {nofile: {soft: -1}}\n", "rlimits.nofile.soft", "out of range of u64"));
        c.add(parse("unknown rlimit", H + "rlimits: {files: {soft: 1}}\n", "rlimits.files", "unknown rlimit resource `files`"));
        c.add(parse("rlimit names are lowercase", H + "rlimits: {NOFILE: {soft: 1}}\n", "rlimits.NOFILE", "unknown rlimit resource"));
        c.add(parse("unknown capability", H + "capabilities: [CAP_SYS_MKNOD]\n", "capabilities[0]", "unknown capability `CAP_SYS_MKNOD`"));
        c.add(parse("capabilities as a string", H + "capabilities: CAP_KILL\n", "capabilities", "expected a sequence"));
        c.add(parse("args as a string", H + "args: one two\n", "args", "expected a sequence"));
        c.add(parse("env as a list", H + "env: [A=1]\n", "env", "expected a map"));
        c.add(parse("env value as a map", H + "env: {A: {b: 1}}\n", "env.A", "expected a string, found a map"));
        c.add(parse("console permission unknown", H + "console: {permissions: [ident, bogus]}\n", "console.permissions[1]", "invalid console permission: bogus"));
        c.add(parse("console permission string other than full", H + "console: {permissions: all}\n", "console.permissions", "invalid console permission: all"));
        c.add(parse("mount options as a list", H + "mounts: {/a: {type: bind, host: /a, options: [rw]}}\n", "mounts./a.options", "expected comma separated mount options"));
        c.add(parse("unknown mount option", H + "mounts: {/a: {type: bind, host: /a, options: 'rw,ro'}}\n", "mounts./a.options", "invalid mount option ro"));
        c.add(parse("empty mount option item", H + "mounts: {/a: {type: bind, host: /a, options: 'rw,,nodev'}}\n", "mounts./a.options", "invalid mount option "));
        c.add(parse("unknown mount type", H + "mounts: {/a: {type: overlay}}\n", "mounts./a.type", "unknown variant `overlay`"));
        c.add(parse("tmpfs size with decimals", H + "mounts: {/a: {type: tmpfs, size: 1.5M}}\n", "mounts./a.size", "invalid tmpfs size"));
        c.add(parse("tmpfs size negative", H + "mounts: {/a: {type: tmpfs, size: -1}}\n", "mounts./a.size", "invalid type: integer -1"));
        c.add(parse("tmpfs size float", H + "mounts: {/a: {type: tmpfs, size: 1.5}}\n", "mounts./a.size", "invalid type: floating point 1.5"));
        c.add(parse("tmpfs size unknown unit", H + "mounts: {/a: {type: tmpfs, size: 100XB}}\n", "mounts./a.size", "unknown unit \"xb\""));
        c.add(parse("tmpfs size overflow", H + "mounts: {/a: {type: tmpfs, size: 20EiB}}\n", "mounts./a.size", "overflow"));
        c.add(parse("tmpfs size above u64", H + "mounts: {/a: {type: tmpfs, size: 18446744073709551616}}\n", "mounts./a.size", "invalid type: integer 18446744073709551616"));
        c.add(parse("tmpfs size words", H + "mounts: {/a: {type: tmpfs, size: lots}}\n", "mounts./a.size", "invalid tmpfs size"));
        c.add(parse("tmpfs size with sign", H + "mounts: {/a: {type: tmpfs, size: '+5M'}}\n", "mounts./a.size", "invalid tmpfs size"));
        // enum forms
        c.add(parse("YAML map form of a variant", H + "sched: {policy: {fifo: {priority: 10}}}\n", "sched.policy", "expected a YAML tag starting with '!'"));
        c.add(parse("YAML map form of network", H + "network: {namespace: x}\n", "network", "expected a YAML tag"));
        c.add(parse("data variant written as unit", H + "sched: {policy: fifo}\n", "sched.policy.fifo", "invalid type: unit variant"));
        c.add(parse("unit variant with data", H + "network: !host yes\n", "network", "variant `host` takes no data"));
        c.add(parse("unknown sched variant", H + "sched: {policy: !rt {priority: 1}}\n", "sched.policy", "unknown variant `rt`"));
        c.add(parse("unknown autostart", H + "autostart: always\n", "autostart", "unknown variant `always`, expected `relaxed` or `critical`"));
        c.add(parse("unknown io output", H + "io: {stdout: file, stderr: pipe}\n", "io.stdout", "unknown variant `file`"));
        c.add(parse("unknown seccomp profile", H + "seccomp: {profile: strict}\n", "seccomp.profile", "unknown variant `strict`, expected `default`"));
        c.add(parse("unknown syscall rule", H + "seccomp: {allow: {read: all}}\n", "seccomp.allow.read", "unknown variant `all`"));
        c.add(parse("unknown socket type", H + "sockets: {s: {type: seqpacket, mode: 1}}\n", "sockets.s.type", "unknown variant `seqpacket`"));
        c.add(parse("JSON variant with two keys", J + ",\"network\":{\"namespace\":\"a\",\"host\":null}}", "network", "exactly one key"));
        c.add(parse("YAML tags in custom", H + "custom: {a: !tag b}\n", "custom.a", "YAML tag !tag cannot be represented as JSON"));
        // NUL bytes
        c.add(parse("NUL in init", H.replace("init: /binary", "init: \"/bin\\0ary\""), "init", "NUL byte at position 4"));
        c.add(parse("NUL in args", H + "args: [a, \"b\\0\"]\n", "args[1]", "NUL byte"));
        c.add(parse("NUL in env key", H + "env: {\"A\\0\": b}\n", "env", "key contains a NUL byte"));
        c.add(parse("NUL in env value", H + "env: {A: \"\\0\"}\n", "env.A", "NUL byte"));
        c.add(parse("NUL in mount point", H + "mounts: {\"/a\\0\": {type: dev}}\n", "mounts", "key contains a NUL byte"));
        c.add(parse("NUL in bind host", H + "mounts: {/a: {type: bind, host: \"/a\\0\"}}\n", "mounts./a.host", "NUL byte"));
        c.add(parse("NUL in resource dir", H + "mounts: {/a: {type: resource, name: r, version: '*', dir: \"/\\0\"}}\n", "mounts./a.dir", "NUL byte"));
        c.add(parse("NUL in namespace", H + "network: !namespace \"a\\0\"\n", "network.namespace", "NUL byte"));
        c.add(parse("NUL in selinux", H + "selinux: {exec: \"a\\0\"}\n", "selinux.exec", "NUL byte"));
        c.add(parse("NUL in syscall name", H + "seccomp: {allow: {\"re\\0ad\": any}}\n", "seccomp.allow", "key contains a NUL byte"));
        c.add(parse("NUL in socket name", H + "sockets: {\"s\\0\": {type: stream, mode: 1}}\n", "sockets", "key contains a NUL byte"));
        c.add(parse("NUL in JSON", J + ",\"args\":[\"a\\u0000\"]}", "args[0]", "NUL byte"));
        // JSON specifics
        c.add(parse("JSON string uid", "{\"name\":\"a\",\"version\":\"0.0.1\",\"uid\":\"1\",\"gid\":1}", "uid", "expected u16, found string \"1\""));
        c.add(parse("JSON float uid", "{\"name\":\"a\",\"version\":\"0.0.1\",\"uid\":1.0,\"gid\":1}", "uid", "expected u16, found floating point 1.0"));
        c.add(parse("JSON unknown key", J + ",\"bogus\":1}", "bogus", "unknown field `bogus`"));
        c.add(parse("JSON with trailing garbage", J + "} x", "", "invalid JSON"));
        // TOML
        c.add(parse("TOML unknown key", "name = \"a\"\nversion = \"0.0.1\"\nuid = 1\ngid = 1\nbogus = 1\n", "bogus", "unknown field `bogus`"));
        c.add(invalid("TOML validated", "name = \"a\"\nversion = \"0.0.1\"\ninit = \"/a\"\nuid = 0\ngid = 1\n", "uid", "uid must be greater than 0"));
        // validation
        c.add(invalid("env with 65 entries", H + "env:\n" + entries(65), "env", "env exceeds max length"));
        c.add(invalid("env name of 65 bytes", H + "env: {" + "K".repeat(65) + ": v}\n", "env." + "K".repeat(65), "env variable name exceeds max length"));
        c.add(invalid("env name of 33 two-byte characters", H + "env: {" + "é".repeat(33) + ": v}\n", "env." + "é".repeat(33), "env variable name exceeds max length"));
        c.add(invalid("env value of 1025 bytes", H + "env: {K: " + "v".repeat(1025) + "}\n", "env.K", "env value exceeds max length"));
        c.add(invalid("65 suppl groups", H + "suppl_groups: [" + items("g", 65) + "]\n", "suppl_groups", "supplementary groups exceeds max length"));
        c.add(invalid("namespace of 257 bytes", H + "network: !namespace " + "n".repeat(257) + "\n", "network.namespace", "network namespace exceeds max length"));
        c.add(invalid("selinux context of 65536 bytes", H + "selinux: {exec: " + "a".repeat(65536) + "}\n", "selinux.exec", "Selinux context too long"));
        c.add(invalid("relative bind mount point", H + "mounts: {lib: {type: bind, host: /lib}}\n", "mounts.lib", "mount points must not be relative"));
        c.add(invalid("bind mount point and the same with a slash", H + "mounts: {/a: {type: bind, host: /a}, /a/: {type: bind, host: /b}}\n", "mounts./a/", "mount points must not overlap"));
        c.add(invalid("bind mount point with a dot segment", H + "mounts: {/a: {type: bind, host: /a}, /a/./b: {type: bind, host: /b}}\n", "mounts./a/./b", "mount points must not overlap"));
        c.add(invalid("recursive resource", H + "mounts: {/a: {type: resource, name: r, version: '*', dir: /, options: rec}}\n", "mounts./a.options", "non bind mounts must not be recursive"));
        // extension: paths are normalized so none climbs out of the root it is resolved in
        c.add(invalid("resource dir climbing out", H + "mounts: {/a: {type: resource, name: r, version: '*', dir: /../../..}}\n", "mounts./a.dir", "is not normalized"));
        c.add(invalid("resource dir with a dot", H + "mounts: {/a: {type: resource, name: r, version: '*', dir: /x/./y}}\n", "mounts./a.dir", "is not normalized"));
        c.add(invalid("resource dir with an empty component", H + "mounts: {/a: {type: resource, name: r, version: '*', dir: /x//y}}\n", "mounts./a.dir", "is not normalized"));
        c.add(invalid("resource dir with a trailing slash", H + "mounts: {/a: {type: resource, name: r, version: '*', dir: /x/}}\n", "mounts./a.dir", "is not normalized"));
        c.add(invalid("tmpfs mount point climbing out", H + "mounts: {/a/../../etc: {type: tmpfs, size: 1}}\n", "mounts./a/../../etc", "is not normalized"));
        c.add(invalid("persist mount point ..", H + "mounts: {/..: {type: persist}}\n", "mounts./..", "is not normalized"));
        c.add(invalid("bind mount point with ..", H + "mounts: {/a/..: {type: bind, host: /a}}\n", "mounts./a/..", "is not normalized"));
        c.add(invalid("bind host with ..", H + "mounts: {/a: {type: bind, host: /lib/../etc}}\n", "mounts./a.host", "is not normalized"));
        c.add(invalid("relative tmpfs mount point with ..", H + "mounts: {../etc: {type: tmpfs, size: 1}}\n", "mounts.../etc", "is not normalized"));
        c.add(invalid("init with ..", H.replace("init: /binary", "init: /bin/../../binary"), "init", "is not normalized"));
        c.add(invalid("init with an empty component", H.replace("init: /binary", "init: /bin//binary"), "init", "is not normalized"));
        c.add(invalid("network namespace ..", H + "network: !namespace ..\n", "network.namespace", "must be a file name"));
        c.add(invalid("network namespace with a slash", H + "network: !namespace ../../proc/1/ns/net\n", "network.namespace", "must be a file name"));
        c.add(invalid("socket name with a slash", H + "sockets: {../x: {type: stream, mode: 1}}\n", "sockets.../x", "must be a file name"));
        c.add(invalid("!args index 6", H + "seccomp: {allow: {read: !args {index: 6, mask: 1}}}\n", "seccomp.allow.read.args.index", "index must be MAX_ARG_INDEX or less"));
        c.add(invalid("!args without values and mask", H + "seccomp: {allow: {read: !args {index: 1}}}\n", "seccomp.allow.read.args", "Either 'values' or 'mask' must be defined"));
        c.add(invalid("!args with 51 values", H + "seccomp: {allow: {read: !args {index: 1, values: [" + items("", 51) + "]}}}\n", "seccomp.allow.read.args.values", "more than MAX_ARG_VALUES"));
        c.add(invalid("batch nice 20", H + "sched: {policy: !batch {nice: 20}}\n", "sched.policy.batch.nice", "between -20 and 19"));
        for (String field : List.of("args: [a]", "env: {A: b}", "autostart: relaxed", "cgroups: {}", "seccomp: {}",
                "capabilities: [CAP_KILL]", "suppl_groups: [a]", "io: {stdout: pipe, stderr: pipe}")) {
            String key = field.substring(0, field.indexOf(':'));
            c.add(invalid("resource container with " + key, R + field + "\n", key, "resource containers (no init) must not define"));
        }
        c.add(invalid("resource container with several", R + "args: [a]\nio: {stdout: pipe, stderr: pipe}\n", "args, io", "must not define"));
        c.add(invalid("init: null makes a resource container", H.replace("init: /binary", "init: null") + "args: [a]\n", "args", "must not define"));
        return c.stream();
    }

    private static String entries(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("  K").append(i).append(": v\n");
        }
        return b.toString();
    }

    /** {@code prefix0, prefix1, ...}: the items of a YAML flow sequence of {@code n} entries. */
    private static String items(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.joining(", "));
    }

    /** JSON as the console delivers it (ManifestJson.fromJson): serde_json's typing, no YAML leniency. */
    static Stream<Arguments> jsonCases() {
        List<Arguments> c = new ArrayList<>();
        c.add(parse("number where a string is expected", J + ",\"env\":{\"THREADS\":4}}", "env.THREADS", "expected a string, found integer 4"));
        c.add(parse("name as number", "{\"name\":1,\"version\":\"0.0.1\",\"uid\":1,\"gid\":1}", "name", "expected a string, found integer 1"));
        c.add(parse("bool as string", J + ",\"sockets\":{\"s\":{\"type\":\"stream\",\"mode\":1,\"passcred\":\"true\"}}}", "sockets.s.passcred", "expected a boolean"));
        c.add(parse("variant as tag-less scalar of wrong type", J + ",\"autostart\":1}", "autostart", "expected a variant name"));
        c.add(parse("options as number", J + ",\"mounts\":{\"/a\":{\"type\":\"bind\",\"host\":\"/a\",\"options\":1}}}", "mounts./a.options", "expected a string"));
        c.add(parse("null for a collection", J + ",\"args\":null}", "args", "expected a sequence, found null"));
        c.add(invalid("validated", J.replace("\"uid\":1000", "\"uid\":0") + "}", "uid", "uid must be greater than 0"));
        c.add(parse("not an object", "[1]", "", "expected a map, found a sequence"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonCases")
    void rejectedFromJson(String label, String text, ManifestException.Stage stage, String field, String reason) throws Exception {
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        assertRejection(assertThrows(ManifestException.class, () -> ManifestJson.fromJson(tree)), stage, field, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected(String label, String text, ManifestException.Stage stage, String field, String reason) {
        assertRejection(assertThrows(ManifestException.class, () -> Manifest.parse(text)), stage, field, reason);
    }

    private static void assertRejection(ManifestException e, ManifestException.Stage stage, String field, String reason) {
        assertEquals(stage, e.stage(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.reason().contains(reason), "expected \"" + reason + "\" in: " + e.getMessage());
    }
}
