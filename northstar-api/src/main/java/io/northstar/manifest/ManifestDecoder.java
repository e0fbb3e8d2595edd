package io.northstar.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.common.InvalidValueException;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.Version;
import io.northstar.common.VersionReq;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link Doc} to {@link Manifest} with Northstar's deserialization rules
 * (unknown keys, duplicates, sets, integer ranges, enum forms). No validation (docs/manifest.md, "Validation")
 * here; see {@link ManifestValidator}.
 */
final class ManifestDecoder {
    private static final String[] TOP_LEVEL = {"name", "version", "console", "init", "args", "env", "uid", "gid",
        "sched", "mounts", "autostart", "cgroups", "network", "seccomp", "selinux", "capabilities", "suppl_groups",
        "rlimits", "sockets", "io", "custom"};

    private final DocDecoder d;

    private ManifestDecoder(DocDecoder.Dialect dialect) {
        this.d = new DocDecoder(dialect);
    }

    static Manifest decode(Doc doc, DocDecoder.Dialect dialect) {
        return new ManifestDecoder(dialect).manifest(doc);
    }

    private Manifest manifest(Doc doc) {
        DocFields f = DocFields.read(d, d.mapping(doc, ""), "", true, TOP_LEVEL);
        Name name = parsed(f.required(d, "name"), "name", Name::of);
        Version version = parsed(f.required(d, "version"), "version", Version::parse);
        Optional<Console> console = opt(f, "console").map(v -> console(v, "console"));
        Optional<NonNulString> init = opt(f, "init").map(v -> d.nonNul(v, "init"));
        List<NonNulString> args = f.get("args") == null ? List.of() : nonNulList(f.get("args"), "args");
        Map<NonNulString, NonNulString> env = f.get("env") == null ? Map.of() : stringMap(f.get("env"), "env");
        int uid = d.u16(f.required(d, "uid"), "uid");
        int gid = d.u16(f.required(d, "gid"), "gid");
        Optional<Sched> sched = opt(f, "sched").map(v -> sched(v, "sched"));
        Map<NonNulString, Mount> mounts = f.get("mounts") == null ? Map.of() : mounts(f.get("mounts"), "mounts");
        Optional<Autostart> autostart = opt(f, "autostart").map(v -> autostart(v, "autostart"));
        Optional<CGroups> cgroups = opt(f, "cgroups").map(v -> cgroups(v, "cgroups"));
        Optional<Network> network = opt(f, "network").map(v -> network(v, "network"));
        Optional<Seccomp> seccomp = opt(f, "seccomp").map(v -> seccomp(v, "seccomp"));
        Optional<Selinux> selinux = opt(f, "selinux").map(v -> selinux(v, "selinux"));
        Set<Capability> capabilities = f.get("capabilities") == null ? Set.of() : capabilities(f.get("capabilities"), "capabilities");
        Set<NonNulString> supplGroups = f.get("suppl_groups") == null ? Set.of() : supplGroups(f.get("suppl_groups"), "suppl_groups");
        Map<RLimitResource, RLimitValue> rlimits = f.get("rlimits") == null ? Map.of() : rlimits(f.get("rlimits"), "rlimits");
        Map<NonNulString, Socket> sockets = f.get("sockets") == null ? Map.of() : sockets(f.get("sockets"), "sockets");
        Optional<Io> io = opt(f, "io").map(v -> io(v, "io"));
        Optional<JsonNode> custom = opt(f, "custom").map(v -> d.json(v, "custom"));
        return new Manifest(name, version, console, init, args, env, uid, gid, sched, mounts, autostart, cgroups,
                network, seccomp, selinux, capabilities, supplGroups, rlimits, sockets, io, custom);
    }

    private Optional<Doc> opt(DocFields f, String key) {
        return DocDecoder.optional(d, f.get(key));
    }

    /** The string at {@code path} read by {@code parse}, whose complaint becomes the error at {@code path}. */
    private <T> T parsed(Doc v, String path, Function<String, T> parse) {
        String s = d.string(v, path);
        try {
            return parse.apply(s);
        } catch (InvalidValueException e) {
            throw d.error(path, v, e.getMessage());
        }
    }

    private List<NonNulString> nonNulList(Doc v, String path) {
        List<Doc> items = d.sequence(v, path);
        List<NonNulString> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(d.nonNul(items.get(i), DocDecoder.index(path, i)));
        }
        return out;
    }

    /** A map of strings; a repeated key replaces the earlier value (serde's HashMap). */
    private Map<NonNulString, NonNulString> stringMap(Doc v, String path) {
        return nameMap(v, path, d::nonNul);
    }

    /**
     * A mapping keyed by strings without NUL, each value read by {@code value} at its own path; in document order,
     * a repeated key replacing the earlier value (serde's HashMap).
     */
    private <V> Map<NonNulString, V> nameMap(Doc v, String path, BiFunction<Doc, String, V> value) {
        Map<NonNulString, V> out = new LinkedHashMap<>();
        for (Doc.Entry e : d.mapping(v, path).entries()) {
            NonNulString k = d.nonNulKey(e.key(), path);
            out.put(k, value.apply(e.value(), DocDecoder.join(path, k.value())));
        }
        return out;
    }

    private Map<String, String> attrs(Doc v, String path) {
        if (v == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Doc.Entry e : d.mapping(v, path).entries()) {
            String k = d.key(e.key(), path);
            out.put(k, d.string(e.value(), DocDecoder.join(path, k)));
        }
        return out;
    }

    private Console console(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, true, "permissions");
        String p = f.path("permissions");
        Doc perms = f.required(d, "permissions");
        if (perms instanceof Doc.Sequence sequence) {
            Set<ConsolePermission> set = new LinkedHashSet<>();
            List<Doc> items = sequence.items();
            for (int i = 0; i < items.size(); i++) {
                Doc item = items.get(i);
                String ip = DocDecoder.index(p, i);
                String s = d.string(item, ip);
                set.add(ConsolePermission.fromWireName(s).orElseThrow(() ->
                        d.error(ip, item, "invalid console permission: " + s)));
            }
            return new Console(set);
        }
        String s = d.string(perms, p);
        if (!s.trim().equals("full")) {
            throw d.error(p, perms, "invalid console permission: " + s);
        }
        return new Console(EnumSet.allOf(ConsolePermission.class));
    }

    private Sched sched(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, false, "policy");
        String p = f.path("policy");
        Doc pv = f.required(d, "policy");
        DocDecoder.Variant var = d.variant(pv, p);
        String vp = DocDecoder.join(p, var.name());
        switch (var.name()) {
            case "other":
                return new Sched(new SchedPolicy.Other(d.i8(field(var, vp, "{nice: N}", "nice"), vp + ".nice")));
            case "batch":
                return new Sched(new SchedPolicy.Batch(d.i8(field(var, vp, "{nice: N}", "nice"), vp + ".nice")));
            case "fifo":
                return new Sched(new SchedPolicy.Fifo(d.u32(field(var, vp, "{priority: P}", "priority"), vp + ".priority")));
            case "round_robin":
                return new Sched(new SchedPolicy.RoundRobin(d.u32(field(var, vp, "{priority: P}", "priority"), vp + ".priority")));
            case "idle":
                return new Sched(d.unit(var, p, new SchedPolicy.Idle()));
            case "deadline":
                return new Sched(d.unit(var, p, new SchedPolicy.Deadline()));
            default:
                throw d.unknownVariant(var, p, "one of `other`, `fifo`, `round_robin`, `batch`, `idle`, `deadline`");
        }
    }

    /** The single field of a struct variant (unknown keys ignored, as serde does for enum struct variants). */
    private Doc field(DocDecoder.Variant var, String path, String hint, String key) {
        Doc data = d.requireData(var, path, hint);
        DocFields f = DocFields.read(d, d.mapping(data, path), path, false, key);
        return f.required(d, key);
    }

    private Autostart autostart(Doc v, String path) {
        return d.wireEnum(v, path, Autostart.class, "`relaxed` or `critical`");
    }

    private Io.Output output(Doc v, String path) {
        return d.wireEnum(v, path, Io.Output.class, "one of `discard`, `pipe`, `inherit`");
    }

    private Io io(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, true, "stdout", "stderr");
        return new Io(output(f.required(d, "stdout"), f.path("stdout")), output(f.required(d, "stderr"), f.path("stderr")));
    }

    private Network network(Doc v, String path) {
        DocDecoder.Variant var = d.variant(v, path);
        return switch (var.name()) {
            case "host" -> d.unit(var, path, new Network.Host());
            case "namespace" ->
                    new Network.Namespace(d.nonNul(d.requireData(var, path, "<name>"), DocDecoder.join(path, "namespace")));
            default -> throw d.unknownVariant(var, path, "`host` or `namespace`");
        };
    }

    private Seccomp seccomp(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, true, "profile", "allow");
        Optional<SeccompProfile> profile =
                opt(f, "profile").map(p -> d.wireEnum(p, f.path("profile"), SeccompProfile.class, "`default`"));
        Optional<Map<NonNulString, SyscallRule>> allow =
                opt(f, "allow").map(a -> nameMap(a, f.path("allow"), this::syscallRule));
        return new Seccomp(profile, allow);
    }

    private SyscallRule syscallRule(Doc v, String path) {
        DocDecoder.Variant var = d.variant(v, path);
        return switch (var.name()) {
            case "any" -> d.unit(var, path, new SyscallRule.Any());
            case "args" -> args(var, DocDecoder.join(path, "args"));
            default -> throw d.unknownVariant(var, path, "`any` or `args`");
        };
    }

    /** The data of {@code !args} at {@code path}: an index and the values or mask its argument must match. */
    private SyscallRule.Args args(DocDecoder.Variant var, String path) {
        Doc data = d.requireData(var, path, "{index: N, values: [..], mask: M}");
        DocFields f = DocFields.read(d, d.mapping(data, path), path, true, "index", "values", "mask");
        long index = d.u64(f.required(d, "index"), f.path("index"));
        Optional<List<Long>> values = opt(f, "values").map(vs -> {
            List<Doc> items = d.sequence(vs, f.path("values"));
            List<Long> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(d.u64(items.get(i), DocDecoder.index(f.path("values"), i)));
            }
            return out;
        });
        OptionalLong mask = opt(f, "mask").map(m -> OptionalLong.of(d.u64(m, f.path("mask")))).orElse(OptionalLong.empty());
        return new SyscallRule.Args(index, values, mask);
    }

    private Selinux selinux(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, true, "mount_context", "exec");
        return new Selinux(opt(f, "mount_context").map(c -> d.nonNul(c, f.path("mount_context"))),
                opt(f, "exec").map(c -> d.nonNul(c, f.path("exec"))));
    }

    private Set<Capability> capabilities(Doc v, String path) {
        List<Doc> items = d.sequence(v, path);
        Set<Capability> out = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String p = DocDecoder.index(path, i);
            Doc item = items.get(i);
            String s = d.string(item, p);
            Capability c = Capability.fromWireName(s).orElseThrow(() ->
                    d.error(p, item, "unknown capability `" + s + "`"));
            if (!out.add(c)) {
                throw d.error(p, item, "invalid entry: found duplicate value " + s);
            }
        }
        return out;
    }

    private Set<NonNulString> supplGroups(Doc v, String path) {
        List<Doc> items = d.sequence(v, path);
        Set<NonNulString> out = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String p = DocDecoder.index(path, i);
            NonNulString g = d.nonNul(items.get(i), p);
            if (!out.add(g)) {
                throw d.error(p, items.get(i), "invalid entry: found duplicate value " + DocDecoder.quote(g.value()));
            }
        }
        return out;
    }

    private Map<RLimitResource, RLimitValue> rlimits(Doc v, String path) {
        Map<RLimitResource, RLimitValue> out = new LinkedHashMap<>();
        for (Doc.Entry e : d.mapping(v, path).entries()) {
            String k = d.key(e.key(), path);
            String p = DocDecoder.join(path, k);
            RLimitResource r = RLimitResource.fromWireName(k).orElseThrow(() ->
                    d.error(p, e.key(), "unknown rlimit resource `" + k + "`"));
            if (out.containsKey(r)) {
                throw d.error(p, e.key(), "invalid entry: found duplicate key");
            }
            DocFields f = DocFields.read(d, d.mapping(e.value(), p), p, false, "soft", "hard");
            OptionalLong soft = opt(f, "soft").map(s -> OptionalLong.of(d.u64(s, f.path("soft")))).orElse(OptionalLong.empty());
            OptionalLong hard = opt(f, "hard").map(s -> OptionalLong.of(d.u64(s, f.path("hard")))).orElse(OptionalLong.empty());
            out.put(r, new RLimitValue(soft, hard));
        }
        return out;
    }

    private Map<NonNulString, Socket> sockets(Doc v, String path) {
        return nameMap(v, path, this::socket);
    }

    private Socket socket(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, true, "type", "mode", "uid", "gid", "passcred");
        SocketType type = d.wireEnum(f.required(d, "type"), f.path("type"), SocketType.class,
                "one of `stream`, `datagram`, `seq_packet`");
        long mode = d.u32(f.required(d, "mode"), f.path("mode"));
        OptionalLong uid = opt(f, "uid").map(x -> OptionalLong.of(d.u32(x, f.path("uid")))).orElse(OptionalLong.empty());
        OptionalLong gid = opt(f, "gid").map(x -> OptionalLong.of(d.u32(x, f.path("gid")))).orElse(OptionalLong.empty());
        Optional<Boolean> passcred = opt(f, "passcred").map(x -> d.bool(x, f.path("passcred")));
        return new Socket(type, mode, uid, gid, passcred);
    }

    private Map<NonNulString, Mount> mounts(Doc v, String path) {
        Map<NonNulString, Mount> out = new LinkedHashMap<>();
        for (Doc.Entry e : d.mapping(v, path).entries()) {
            NonNulString point = d.nonNulKey(e.key(), path);
            String p = DocDecoder.join(path, point.value());
            if (out.containsKey(point)) {
                throw d.error(p, e.key(), "invalid entry: found duplicate key (mount point defined twice)");
            }
            out.put(point, mount(e.value(), p));
        }
        return out;
    }

    private Mount mount(Doc v, String path) {
        Doc.Mapping m = d.mapping(v, path);
        Doc typeDoc = null;
        List<Doc.Entry> rest = new ArrayList<>();
        for (Doc.Entry e : m.entries()) {
            if (d.key(e.key(), path).equals("type")) {
                if (typeDoc != null) {
                    throw d.error(DocDecoder.join(path, "type"), e.key(), "duplicate field `type`");
                }
                typeDoc = e.value();
            } else {
                rest.add(e);
            }
        }
        if (typeDoc == null) {
            throw d.error(path, v, "missing field `type`");
        }
        String type = d.string(typeDoc, DocDecoder.join(path, "type"));
        Doc.Mapping body = new Doc.Mapping(rest, null, m.position());
        switch (type) {
            case "bind": {
                DocFields f = DocFields.read(d, body, path, true, "host", "options");
                return new Mount.Bind(d.nonNul(f.required(d, "host"), f.path("host")), options(f.get("options"), f.path("options")));
            }
            case "resource": {
                DocFields f = DocFields.read(d, body, path, true, "name", "version", "dir", "options");
                return new Mount.Resource(parsed(f.required(d, "name"), f.path("name"), Name::of),
                        parsed(f.required(d, "version"), f.path("version"), VersionReq::parse),
                        d.nonNul(f.required(d, "dir"), f.path("dir")),
                        options(f.get("options"), f.path("options")));
            }
            case "tmpfs": {
                DocFields f = DocFields.read(d, body, path, true, "size");
                return new Mount.Tmpfs(tmpfsSize(f.required(d, "size"), f.path("size")));
            }
            case "dev":
                return new Mount.Dev();
            case "proc":
                return new Mount.Proc();
            case "sysfs":
                return new Mount.Sysfs();
            case "persist":
                return new Mount.Persist();
            case "sockets":
                return new Mount.Sockets();
            default:
                throw d.error(DocDecoder.join(path, "type"), typeDoc, "unknown variant `" + type
                        + "`, expected one of `bind`, `dev`, `persist`, `proc`, `resource`, `sockets`, `sysfs`, `tmpfs`");
        }
    }

    private Set<MountOption> options(Doc v, String path) {
        if (v == null) {
            return Set.of();
        }
        if (!(v instanceof Doc.Scalar)) {
            throw d.error(path, v, "expected comma separated mount options, found " + DocDecoder.describe(v));
        }
        String s = d.string(v, path).trim();
        Set<MountOption> out = new LinkedHashSet<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String item : s.split(",", -1)) {
            String o = item.trim();
            out.add(MountOption.fromWireName(o).orElseThrow(() -> d.error(path, v, "invalid mount option " + o)));
        }
        return out;
    }

    private long tmpfsSize(Doc v, String path) {
        BigInteger n = d.integerOrNull(v);
        if (n != null) {
            if (n.signum() < 0 || n.compareTo(DocDecoder.U64_MAX) > 0) {
                throw d.error(path, v, "invalid type: integer " + n + ", expected a number of bytes or a string with the size (e.g. 25M)");
            }
            return n.longValue();
        }
        if (v instanceof Doc.Scalar s) {
            boolean isString = s.kind() == Doc.ScalarKind.STRING
                    || (s.kind() == Doc.ScalarKind.PLAIN && YamlScalars.resolve(s.text()) == YamlScalars.Type.STRING);
            if (isString && s.tag() == null) {
                try {
                    return TmpfsSize.parse(s.text());
                } catch (IllegalArgumentException e) {
                    throw d.error(path, v, e.getMessage());
                }
            }
        }
        throw d.error(path, v, "invalid type: " + DocDecoder.describe(v) + ", expected a number of bytes or a string with the size (e.g. 25M)");
    }

    private CGroups cgroups(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, false, "parent", "blkio", "cpu", "memory", "pids");
        Optional<String> parent = opt(f, "parent").map(p -> d.string(p, f.path("parent")));
        Optional<CGroups.BlkIo> blkio = opt(f, "blkio").map(b -> blkio(b, f.path("blkio")));
        Optional<CGroups.Cpu> cpu = opt(f, "cpu").map(c -> cpu(c, f.path("cpu")));
        Optional<CGroups.Memory> memory = opt(f, "memory").map(m -> memory(m, f.path("memory")));
        Optional<CGroups.Pids> pids = opt(f, "pids").map(p -> pids(p, f.path("pids")));
        return new CGroups(parent, blkio, cpu, memory, pids);
    }

    private CGroups.Pids pids(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, false, "max");
        return new CGroups.Pids(d.i64(f.required(d, "max"), f.path("max")));
    }

    private OptionalLong optI64(DocFields f, String key) {
        return opt(f, key).map(x -> OptionalLong.of(d.i64(x, f.path(key)))).orElse(OptionalLong.empty());
    }

    private OptionalLong optU64(DocFields f, String key) {
        return opt(f, key).map(x -> OptionalLong.of(d.u64(x, f.path(key)))).orElse(OptionalLong.empty());
    }

    private OptionalInt optU16(DocFields f, String key) {
        return opt(f, key).map(x -> OptionalInt.of(d.u16(x, f.path(key)))).orElse(OptionalInt.empty());
    }

    private CGroups.Memory memory(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, false, "oom_monitor", "kernel_memory_limit",
                "memory_hard_limit", "memory_soft_limit", "kernel_tcp_memory_limit", "memory_swap_limit", "swappiness", "attrs");
        boolean oom = f.get("oom_monitor") != null && d.bool(f.get("oom_monitor"), f.path("oom_monitor"));
        return new CGroups.Memory(oom, optI64(f, "kernel_memory_limit"), optI64(f, "memory_hard_limit"),
                optI64(f, "memory_soft_limit"), optI64(f, "kernel_tcp_memory_limit"), optI64(f, "memory_swap_limit"),
                optU64(f, "swappiness"), attrs(f.get("attrs"), f.path("attrs")));
    }

    private CGroups.Cpu cpu(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, false, "cpus", "mems", "shares", "quota", "period",
                "realtime_runtime", "realtime_period", "attrs");
        return new CGroups.Cpu(opt(f, "cpus").map(x -> d.string(x, f.path("cpus"))),
                opt(f, "mems").map(x -> d.string(x, f.path("mems"))),
                optU64(f, "shares"), optI64(f, "quota"), optU64(f, "period"), optI64(f, "realtime_runtime"),
                optU64(f, "realtime_period"), attrs(f.get("attrs"), f.path("attrs")));
    }

    private CGroups.BlkIo blkio(Doc v, String path) {
        DocFields f = DocFields.read(d, d.mapping(v, path), path, false, "weight", "leaf_weight", "weight_device",
                "throttle_read_bps_device", "throttle_read_iops_device", "throttle_write_bps_device",
                "throttle_write_iops_device", "attrs");
        List<CGroups.BlkIoDevice> weights = new ArrayList<>();
        List<Doc> items = d.sequence(f.required(d, "weight_device"), f.path("weight_device"));
        for (int i = 0; i < items.size(); i++) {
            String p = DocDecoder.index(f.path("weight_device"), i);
            DocFields w = DocFields.read(d, d.mapping(items.get(i), p), p, false, "major", "minor", "weight", "leaf_weight");
            weights.add(new CGroups.BlkIoDevice(d.u64(w.required(d, "major"), w.path("major")),
                    d.u64(w.required(d, "minor"), w.path("minor")), optU16(w, "weight"), optU16(w, "leaf_weight")));
        }
        return new CGroups.BlkIo(optU16(f, "weight"), optU16(f, "leaf_weight"), weights,
                throttles(f, "throttle_read_bps_device"), throttles(f, "throttle_read_iops_device"),
                throttles(f, "throttle_write_bps_device"), throttles(f, "throttle_write_iops_device"),
                attrs(f.get("attrs"), f.path("attrs")));
    }

    private List<CGroups.BlkIoThrottle> throttles(DocFields f, String key) {
        List<CGroups.BlkIoThrottle> out = new ArrayList<>();
        List<Doc> items = d.sequence(f.required(d, key), f.path(key));
        for (int i = 0; i < items.size(); i++) {
            String p = DocDecoder.index(f.path(key), i);
            DocFields t = DocFields.read(d, d.mapping(items.get(i), p), p, false, "major", "minor", "rate");
            out.add(new CGroups.BlkIoThrottle(d.u64(t.required(d, "major"), t.path("major")),
                    d.u64(t.required(d, "minor"), t.path("minor")), d.u64(t.required(d, "rate"), t.path("rate"))));
        }
        return out;
    }
}
