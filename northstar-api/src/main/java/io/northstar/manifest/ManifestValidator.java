package io.northstar.manifest;

import io.northstar.common.NonNulString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The validation rules of Northstar 0.9 (docs/manifest.md, "Validation"), in the order listed there.
 * Messages name the field and the rule; the first violation is reported.
 */
final class ManifestValidator {
    static final int MAX_INIT_LENGTH = 4096;
    static final int MAX_ENV_VARS = 64;
    static final int MAX_ENV_VAR_NAME_LENGTH = 64;
    static final int MAX_ENV_VAR_VALUE_LENGTH = 1024;
    static final int MAX_SUPPL_GROUPS = 64;
    static final int MAX_SUPPL_GROUP_LENGTH = 64;
    static final int MAX_NET_NAMESPACE_LENGTH = 256;
    static final int MAX_ARG_INDEX = 5;
    static final int MAX_ARG_VALUES = 50;
    static final int XATTR_SIZE_MAX = 65536;
    static final Set<String> RESERVED_ENV = Set.of("NORTHSTAR_NAME", "NORTHSTAR_VERSION", "NORTHSTAR_CONTAINER", "NORTHSTAR_CONSOLE");

    private ManifestValidator() {
    }

    private static ManifestException fail(String field, String reason) {
        return new ManifestException(ManifestException.Stage.VALIDATION, field, reason);
    }

    static void validate(Manifest m) {
        init(m);
        if (m.uid() < 1) {
            throw fail("uid", "uid must be greater than 0");
        }
        if (m.gid() < 1) {
            throw fail("gid", "gid must be greater than 0");
        }
        env(m.env());
        supplGroups(m.supplGroups());
        m.sched().ifPresent(s -> sched(s.policy()));
        mounts(m.mounts());
        m.network().ifPresent(ManifestValidator::network);
        m.sockets().keySet().forEach(name -> fileName("sockets." + name, name.value()));
        m.seccomp().ifPresent(ManifestValidator::seccomp);
        m.selinux().ifPresent(s -> {
            s.mountContext().ifPresent(c -> selinuxContext("selinux.mount_context", c));
            s.exec().ifPresent(c -> selinuxContext("selinux.exec", c));
        });
        resource(m);
    }

    private static void init(Manifest m) {
        m.init().ifPresent(init -> {
            int len = init.utf8Length();
            if (len < 1 || len > MAX_INIT_LENGTH) {
                throw fail("init", "length must be between 1 and " + MAX_INIT_LENGTH + " bytes (is " + len + ")");
            }
            normalized("init", init.value());
        });
    }

    /**
     * Extension (docs/compatibility.md): every path a manifest names is normalized, so that no
     * path can climb out of the root it is resolved in (a resource {@code dir} of
     * {@code /../../..} named the host's root) and no two spellings name one mount point.
     * Components must not be empty ({@code //}, a trailing {@code /}), {@code .} or {@code ..}.
     */
    static void normalized(String field, String path) {
        if (path.isEmpty()) {
            throw fail(field, "path must not be empty");
        }
        if (path.equals("/")) {
            return;
        }
        String rest = path.startsWith("/") ? path.substring(1) : path;
        for (String component : rest.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                throw fail(field, "path " + DocDecoder.quote(path) + " is not normalized (empty, '.' or '..' component)");
            }
        }
    }

    /** Extension: names that become (part of) one file name in a runtime directory. */
    private static void fileName(String field, String name) {
        if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            throw fail(field, "name " + DocDecoder.quote(name) + " must be a file name (not '.', '..', no '/')");
        }
    }

    private static void env(Map<NonNulString, NonNulString> env) {
        if (env.size() > MAX_ENV_VARS) {
            throw fail("env", "env exceeds max length (" + env.size() + " variables, at most " + MAX_ENV_VARS + ")");
        }
        for (Map.Entry<NonNulString, NonNulString> e : env.entrySet()) {
            if (e.getKey().utf8Length() > MAX_ENV_VAR_NAME_LENGTH) {
                throw fail("env." + e.getKey(), "env variable name exceeds max length (" + MAX_ENV_VAR_NAME_LENGTH + " bytes)");
            }
        }
        for (Map.Entry<NonNulString, NonNulString> e : env.entrySet()) {
            if (e.getValue().utf8Length() > MAX_ENV_VAR_VALUE_LENGTH) {
                throw fail("env." + e.getKey(), "env value exceeds max length (" + MAX_ENV_VAR_VALUE_LENGTH + " bytes)");
            }
        }
        for (NonNulString k : env.keySet()) {
            if (RESERVED_ENV.contains(k.value())) {
                throw fail("env." + k, "reserved env variable name");
            }
        }
    }

    private static void supplGroups(Set<NonNulString> groups) {
        if (groups.size() > MAX_SUPPL_GROUPS) {
            throw fail("suppl_groups", "supplementary groups exceeds max length (" + groups.size() + " groups, at most " + MAX_SUPPL_GROUPS + ")");
        }
        for (NonNulString g : groups) {
            if (g.utf8Length() > MAX_SUPPL_GROUP_LENGTH) {
                throw fail("suppl_groups", "supplementary group name exceeds max length (" + MAX_SUPPL_GROUP_LENGTH + " bytes): "
                        + DocDecoder.quote(g.value()));
            }
        }
    }

    private static void sched(SchedPolicy p) {
        switch (p) {
            case SchedPolicy.Other o -> nice("sched.policy.other.nice", o.nice());
            case SchedPolicy.Batch b -> nice("sched.policy.batch.nice", b.nice());
            case SchedPolicy.Fifo f -> {
                if (f.priority() < 1 || f.priority() > 99) {
                    throw fail("sched.policy.fifo.priority", "fifo priority must be between 1 and 99 (is " + f.priority() + ")");
                }
            }
            // Northstar 0.9's range check for round_robin cannot succeed; we keep that so
            // that manifests valid here stay valid for the Rust runtime.
            case SchedPolicy.RoundRobin r -> throw fail("sched.policy.round_robin.priority",
                    "round robing priority must be between 1 and 99 (Northstar 0.9 rejects every round_robin policy)");
            case SchedPolicy.Idle i -> { }
            case SchedPolicy.Deadline d -> { }
        }
    }

    private static void nice(String field, int nice) {
        if (nice < -20 || nice > 19) {
            throw fail(field, "nice value must be between -20 and 19 (is " + nice + ")");
        }
    }

    /**
     * Bind mount points must be absolute and must not overlap. As in Northstar,
     * each path is only compared with its predecessor in byte order (QUIRK, kept:
     * {@code /a}, {@code /a-b}, {@code /a/c} passes).
     */
    private static void mounts(Map<NonNulString, Mount> mounts) {
        List<String> binds = new ArrayList<>();
        mounts.forEach((p, m) -> {
            if (m.type() == Mount.Type.BIND) {
                binds.add(p.value());
            }
        });
        binds.sort(ManifestValidator::compareBytes);
        List<String> prev = List.of("/");
        String prevPath = "/";
        for (String p : binds) {
            if (!p.startsWith("/")) {
                throw fail("mounts." + p, "mount points must not be relative");
            }
            List<String> curr = components(p);
            boolean prevTooShort = prev.size() <= 1;
            boolean prevTooLong = prev.size() > curr.size();
            if (!prevTooShort && !prevTooLong && prev.equals(curr.subList(0, prev.size()))) {
                throw fail("mounts." + p, "mount points must not overlap (" + prevPath + " is a prefix of " + p + ")");
            }
            prev = curr;
            prevPath = p;
        }
        mounts.forEach((p, m) -> {
            if (m instanceof Mount.Resource r) {
                if (r.options().contains(MountOption.REC)) {
                    throw fail("mounts." + p + ".options", "non bind mounts must not be recursive");
                }
                if (!r.dir().value().startsWith("/")) {
                    throw fail("mounts." + p + ".dir", "resource directory options must be absolute");
                }
            }
        });
        mounts.forEach((p, m) -> {
            // relative non-bind mount points stay accepted (Northstar does): they are taken from the root
            normalized("mounts." + p, p.value());
            switch (m) {
                case Mount.Bind b -> normalized("mounts." + p + ".host", b.host().value());
                case Mount.Resource r -> normalized("mounts." + p + ".dir", r.dir().value());
                default -> {
                }
            }
        });
    }

    /** Components of an absolute path as Rust's Path::components yields them: root, then non-empty, non-"." segments. */
    private static List<String> components(String absolute) {
        List<String> out = new ArrayList<>();
        out.add("/");
        for (String seg : absolute.split("/")) {
            if (!seg.isEmpty() && !seg.equals(".")) {
                out.add(seg);
            }
        }
        return out;
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void network(Network n) {
        if (n instanceof Network.Namespace namespace) {
            NonNulString name = namespace.name();
            if (name.utf8Length() > MAX_NET_NAMESPACE_LENGTH) {
                throw fail("network.namespace", "network namespace exceeds max length (" + MAX_NET_NAMESPACE_LENGTH + " bytes)");
            }
            // the name becomes /run/netns/<name>
            fileName("network.namespace", name.value());
        }
    }

    private static void seccomp(Seccomp s) {
        s.allow().ifPresent(allow -> allow.forEach((name, rule) -> {
            if (!(rule instanceof SyscallRule.Args args)) {
                return;
            }
            String field = "seccomp.allow." + name + ".args";
            if (Long.compareUnsigned(args.index(), MAX_ARG_INDEX) > 0) {
                throw fail(field + ".index", "Seccomp syscall argument index must be MAX_ARG_INDEX or less (index "
                        + Long.toUnsignedString(args.index()) + ", MAX_ARG_INDEX = " + MAX_ARG_INDEX + ")");
            }
            if (args.values().isEmpty() && args.mask().isEmpty()) {
                throw fail(field, "Either 'values' or 'mask' must be defined in seccomp syscall argument filter");
            }
            if (args.values().isPresent() && args.values().get().size() > MAX_ARG_VALUES) {
                throw fail(field + ".values", "Seccomp syscall argument cannot have more than MAX_ARG_VALUES allowed values ("
                        + args.values().get().size() + " values, MAX_ARG_VALUES = " + MAX_ARG_VALUES + ")");
            }
        }));
    }

    private static void selinuxContext(String field, NonNulString context) {
        String c = context.value();
        if (c.isEmpty()) {
            throw fail(field, "Selinux context must not be empty");
        }
        if (context.utf8Length() >= XATTR_SIZE_MAX) {
            throw fail(field, "Selinux context too long (at most " + (XATTR_SIZE_MAX - 1) + " bytes)");
        }
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == ':' || ch == '_';
            if (!ok) {
                throw fail(field, "Selinux context must consist of alphanumeric ASCII characters, ':' or '_' (found "
                        + DocDecoder.quote(String.valueOf(ch)) + " at position " + i + ")");
            }
        }
    }

    /** A manifest entry by its wire name, and whether a manifest defines it. */
    private record Entry(String name, Predicate<Manifest> isSet) {
    }

    /** What a resource container (no init) must not define, in the order its error names them. */
    private static final List<Entry> NOT_FOR_RESOURCES = List.of(
            new Entry("args", m -> !m.args().isEmpty()),
            new Entry("env", m -> !m.env().isEmpty()),
            new Entry("autostart", m -> m.autostart().isPresent()),
            new Entry("cgroups", m -> m.cgroups().isPresent()),
            new Entry("seccomp", m -> m.seccomp().isPresent()),
            new Entry("capabilities", m -> !m.capabilities().isEmpty()),
            new Entry("suppl_groups", m -> !m.supplGroups().isEmpty()),
            new Entry("io", m -> m.io().isPresent()));

    private static void resource(Manifest m) {
        if (!m.isResource()) {
            return;
        }
        List<String> offending = NOT_FOR_RESOURCES.stream().filter(e -> e.isSet().test(m)).map(Entry::name).toList();
        if (!offending.isEmpty()) {
            throw fail(String.join(", ", offending), "resource containers (no init) must not define any of the following "
                    + "manifest entries: " + String.join(", ", NOT_FOR_RESOURCES.stream().map(Entry::name).toList()));
        }
    }
}
