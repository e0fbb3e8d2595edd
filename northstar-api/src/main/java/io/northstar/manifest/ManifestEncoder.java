package io.northstar.manifest;

import io.northstar.common.NonNulString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@link Manifest} to {@link Doc} with serde's field order and omission rules
 * (Northstar's {@code skip_serializing_none} and {@code skip_serializing_if}).
 * Enum variants with data carry a tag; the JSON writer turns the tag into a
 * single-key object, the YAML writer writes it as {@code !tag}.
 */
final class ManifestEncoder {
    private ManifestEncoder() {
    }

    /** Builds an ordered mapping. */
    private static final class Obj {
        private final List<Doc.Entry> entries = new ArrayList<>();

        Obj put(String key, Doc value) {
            entries.add(new Doc.Entry(Doc.Scalar.string(key), value));
            return this;
        }

        Obj str(String key, String value) {
            return put(key, Doc.Scalar.string(value));
        }

        /** A sequence of the items' {@code text}; nothing when there are none. */
        <T> Obj strings(String key, Collection<T> items, Function<T, String> text) {
            if (!items.isEmpty()) {
                put(key, seq(items.stream().<Doc>map(i -> Doc.Scalar.string(text.apply(i))).toList()));
            }
            return this;
        }

        Obj i64(String key, OptionalLong value) {
            if (value.isPresent()) {
                put(key, Doc.Scalar.integer(Long.toString(value.getAsLong())));
            }
            return this;
        }

        Obj u64(String key, OptionalLong value) {
            if (value.isPresent()) {
                put(key, ManifestEncoder.u64(value.getAsLong()));
            }
            return this;
        }

        Obj u16(String key, OptionalInt value) {
            if (value.isPresent()) {
                put(key, Doc.Scalar.integer(Integer.toString(value.getAsInt())));
            }
            return this;
        }

        Doc.Mapping build() {
            return new Doc.Mapping(List.copyOf(entries), null, null);
        }
    }

    static Doc.Scalar u64(long v) {
        return Doc.Scalar.integer(Long.toUnsignedString(v));
    }

    static Doc.Mapping encode(Manifest m) {
        Obj o = new Obj();
        o.str("name", m.name().value());
        o.str("version", m.version().toString());
        m.console().ifPresent(c -> o.put("console", console(c)));
        m.init().ifPresent(i -> o.str("init", i.value()));
        o.strings("args", m.args(), NonNulString::value);
        if (!m.env().isEmpty()) {
            Obj env = new Obj();
            m.env().forEach((k, v) -> env.str(k.value(), v.value()));
            o.put("env", env.build());
        }
        o.put("uid", Doc.Scalar.integer(Integer.toString(m.uid())));
        o.put("gid", Doc.Scalar.integer(Integer.toString(m.gid())));
        m.sched().ifPresent(s -> o.put("sched", new Obj().put("policy", schedPolicy(s.policy())).build()));
        if (!m.mounts().isEmpty()) {
            Obj mounts = new Obj();
            m.mounts().forEach((k, v) -> mounts.put(k.value(), mount(v)));
            o.put("mounts", mounts.build());
        }
        m.autostart().ifPresent(a -> o.str("autostart", a.wireName()));
        m.cgroups().ifPresent(c -> o.put("cgroups", cgroups(c)));
        m.network().ifPresent(n -> o.put("network", network(n)));
        m.seccomp().ifPresent(s -> o.put("seccomp", seccomp(s)));
        m.selinux().ifPresent(s -> o.put("selinux", new Obj()
                .put("mount_context", s.mountContext().<Doc>map(c -> Doc.Scalar.string(c.value())).orElse(Doc.Scalar.nul()))
                .put("exec", s.exec().<Doc>map(c -> Doc.Scalar.string(c.value())).orElse(Doc.Scalar.nul()))
                .build()));
        o.strings("capabilities", m.capabilities(), Capability::name);
        o.strings("suppl_groups", m.supplGroups(), NonNulString::value);
        if (!m.rlimits().isEmpty()) {
            Obj rl = new Obj();
            m.rlimits().forEach((k, v) -> rl.put(k.wireName(), new Obj()
                    .put("soft", v.soft().isPresent() ? u64(v.soft().getAsLong()) : Doc.Scalar.nul())
                    .put("hard", v.hard().isPresent() ? u64(v.hard().getAsLong()) : Doc.Scalar.nul())
                    .build()));
            o.put("rlimits", rl.build());
        }
        if (!m.sockets().isEmpty()) {
            Obj sockets = new Obj();
            m.sockets().forEach((k, v) -> {
                Obj s = new Obj().str("type", v.type().wireName()).put("mode", u64(v.mode()));
                s.u64("uid", v.uid()).u64("gid", v.gid());
                v.passcred().ifPresent(p -> s.put("passcred", Doc.Scalar.bool(p)));
                sockets.put(k.value(), s.build());
            });
            o.put("sockets", sockets.build());
        }
        m.io().ifPresent(io -> o.put("io", new Obj().str("stdout", io.stdout().wireName())
                .str("stderr", io.stderr().wireName()).build()));
        m.custom().ifPresent(c -> o.put("custom", JsonDocReader.of(c)));
        return o.build();
    }

    private static Doc.Sequence seq(List<Doc> items) {
        return new Doc.Sequence(List.copyOf(items), null, null);
    }

    private static Doc console(Console c) {
        if (c.isFull()) {
            return new Obj().str("permissions", "full").build();
        }
        List<Doc> perms = new ArrayList<>();
        c.permissions().forEach(p -> perms.add(Doc.Scalar.string(p.wireName())));
        return new Obj().put("permissions", seq(perms)).build();
    }

    private static Doc schedPolicy(SchedPolicy p) {
        return switch (p) {
            case SchedPolicy.Other o -> new Obj().put("nice", Doc.Scalar.integer(Integer.toString(o.nice()))).build().withTag("other");
            case SchedPolicy.Batch b -> new Obj().put("nice", Doc.Scalar.integer(Integer.toString(b.nice()))).build().withTag("batch");
            case SchedPolicy.Fifo f -> new Obj().put("priority", u64(f.priority())).build().withTag("fifo");
            case SchedPolicy.RoundRobin r -> new Obj().put("priority", u64(r.priority())).build().withTag("round_robin");
            case SchedPolicy.Idle i -> Doc.Scalar.string(p.kind().wireName());
            case SchedPolicy.Deadline d -> Doc.Scalar.string(p.kind().wireName());
        };
    }

    private static Doc mount(Mount m) {
        Obj o = new Obj().str("type", m.type().wireName());
        switch (m) {
            case Mount.Bind b -> {
                o.str("host", b.host().value());
                if (!b.options().isEmpty()) {
                    o.str("options", Mount.joinOptions(b.options()));
                }
            }
            case Mount.Resource r -> {
                o.str("name", r.name().value()).str("version", r.version().toString()).str("dir", r.dir().value());
                if (!r.options().isEmpty()) {
                    o.str("options", Mount.joinOptions(r.options()));
                }
            }
            case Mount.Tmpfs t -> o.put("size", u64(t.size()));
            case Mount.Dev d -> { }
            case Mount.Proc p -> { }
            case Mount.Sysfs y -> { }
            case Mount.Persist p -> { }
            case Mount.Sockets k -> { }
        }
        return o.build();
    }

    private static Doc network(Network n) {
        return switch (n) {
            case Network.Namespace ns -> Doc.Scalar.string(ns.name().value()).withTag("namespace");
            case Network.Host h -> Doc.Scalar.string("host");
        };
    }

    private static Doc seccomp(Seccomp s) {
        Obj o = new Obj();
        s.profile().ifPresent(p -> o.str("profile", p.wireName()));
        s.allow().ifPresent(allow -> {
            Obj a = new Obj();
            allow.forEach((k, rule) -> a.put(k.value(), syscallRule(rule)));
            o.put("allow", a.build());
        });
        return o.build();
    }

    private static Doc syscallRule(SyscallRule rule) {
        return switch (rule) {
            case SyscallRule.Args args -> {
                Obj o = new Obj().put("index", u64(args.index()));
                args.values().ifPresent(vs -> {
                    List<Doc> items = new ArrayList<>();
                    vs.forEach(v -> items.add(u64(v)));
                    o.put("values", seq(items));
                });
                o.u64("mask", args.mask());
                yield o.build().withTag("args");
            }
            case SyscallRule.Any any -> Doc.Scalar.string("any");
        };
    }

    private static Doc cgroups(CGroups c) {
        Obj o = new Obj();
        c.parent().ifPresent(p -> o.str("parent", p));
        c.blkio().ifPresent(b -> {
            Obj bo = new Obj().u16("weight", b.weight()).u16("leaf_weight", b.leafWeight());
            List<Doc> weights = new ArrayList<>();
            b.weightDevice().forEach(w -> weights.add(new Obj().put("major", u64(w.major())).put("minor", u64(w.minor()))
                    .u16("weight", w.weight()).u16("leaf_weight", w.leafWeight()).build()));
            bo.put("weight_device", seq(weights));
            bo.put("throttle_read_bps_device", throttles(b.throttleReadBpsDevice()));
            bo.put("throttle_read_iops_device", throttles(b.throttleReadIopsDevice()));
            bo.put("throttle_write_bps_device", throttles(b.throttleWriteBpsDevice()));
            bo.put("throttle_write_iops_device", throttles(b.throttleWriteIopsDevice()));
            attrs(bo, b.attrs());
            o.put("blkio", bo.build());
        });
        c.cpu().ifPresent(cpu -> {
            Obj co = new Obj();
            cpu.cpus().ifPresent(v -> co.str("cpus", v));
            cpu.mems().ifPresent(v -> co.str("mems", v));
            co.u64("shares", cpu.shares()).i64("quota", cpu.quota()).u64("period", cpu.period())
                    .i64("realtime_runtime", cpu.realtimeRuntime()).u64("realtime_period", cpu.realtimePeriod());
            attrs(co, cpu.attrs());
            o.put("cpu", co.build());
        });
        c.memory().ifPresent(mem -> {
            Obj mo = new Obj().put("oom_monitor", Doc.Scalar.bool(mem.oomMonitor()));
            mo.i64("kernel_memory_limit", mem.kernelMemoryLimit()).i64("memory_hard_limit", mem.memoryHardLimit())
                    .i64("memory_soft_limit", mem.memorySoftLimit()).i64("kernel_tcp_memory_limit", mem.kernelTcpMemoryLimit())
                    .i64("memory_swap_limit", mem.memorySwapLimit()).u64("swappiness", mem.swappiness());
            attrs(mo, mem.attrs());
            o.put("memory", mo.build());
        });
        c.pids().ifPresent(p -> o.put("pids", new Obj().i64("max", OptionalLong.of(p.max())).build()));
        return o.build();
    }

    private static Doc throttles(List<CGroups.BlkIoThrottle> list) {
        List<Doc> items = new ArrayList<>();
        list.forEach(t -> items.add(new Obj().put("major", u64(t.major())).put("minor", u64(t.minor()))
                .put("rate", u64(t.rate())).build()));
        return seq(items);
    }

    private static void attrs(Obj o, Map<String, String> attrs) {
        if (!attrs.isEmpty()) {
            Obj a = new Obj();
            attrs.forEach(a::str);
            o.put("attrs", a.build());
        }
    }
}
