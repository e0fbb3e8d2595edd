package io.northstar.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.Utf8;
import io.northstar.common.Version;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Northstar 0.9 container manifest.
 *
 * <p>The constructor only checks structure (non-null, u16 ids); the rules of docs/manifest.md, "Validation" are
 * applied by {@link #validate()}, and every parse method ({@link #parse}, {@link ManifestJson#fromJson}) returns
 * validated manifests only.
 *
 * <p>Maps and sets keep document order (Rust uses hash order): a manifest
 * re-encodes to the same key order it was read with, and output is deterministic.
 * Equality ignores that order.
 */
public record Manifest(
        Name name,
        Version version,
        Optional<Console> console,
        Optional<NonNulString> init,
        List<NonNulString> args,
        Map<NonNulString, NonNulString> env,
        int uid,
        int gid,
        Optional<Sched> sched,
        Map<NonNulString, Mount> mounts,
        Optional<Autostart> autostart,
        Optional<CGroups> cgroups,
        Optional<Network> network,
        Optional<Seccomp> seccomp,
        Optional<Selinux> selinux,
        Set<Capability> capabilities,
        Set<NonNulString> supplGroups,
        Map<RLimitResource, RLimitValue> rlimits,
        Map<NonNulString, Socket> sockets,
        Optional<Io> io,
        Optional<JsonNode> custom) {

    public Manifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(init, "init");
        args = Immutables.list(args, "args");
        env = Immutables.map(env, "env");
        if (uid < 0 || uid > 0xffff) {
            throw new IllegalArgumentException("uid " + uid + " is not a u16");
        }
        if (gid < 0 || gid > 0xffff) {
            throw new IllegalArgumentException("gid " + gid + " is not a u16");
        }
        Objects.requireNonNull(sched, "sched");
        mounts = Immutables.map(mounts, "mounts");
        Objects.requireNonNull(autostart, "autostart");
        Objects.requireNonNull(cgroups, "cgroups");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(seccomp, "seccomp");
        Objects.requireNonNull(selinux, "selinux");
        capabilities = Immutables.set(capabilities, "capabilities");
        supplGroups = Immutables.set(supplGroups, "suppl_groups");
        rlimits = Immutables.map(rlimits, "rlimits");
        sockets = Immutables.map(sockets, "sockets");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(custom, "custom");
        // Some(null) cannot exist in Northstar (an Option reads null as None); keep one form.
        custom = custom.filter(c -> !c.isNull()).map(CustomData::canonical);
    }

    /** A minimal application manifest; use {@link #toBuilder()} for the rest. */
    public static Builder builder(Name name, Version version, int uid, int gid) {
        return new Builder(name, version, uid, gid);
    }

    /**
     * Parses manifest text as Northstar does: YAML, else JSON, else TOML; then
     * validates. Throws {@link ManifestException} naming the field and rule.
     */
    public static Manifest parse(String text) {
        return ManifestParser.parse(text);
    }

    /**
     * Parses manifest bytes (e.g. {@code manifest.yaml} of an NPK), which must be
     * UTF-8; see {@link #parse(String)}.
     */
    public static Manifest parse(byte[] utf8) {
        String text;
        try {
            text = Utf8.decode(utf8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ManifestException(ManifestException.Stage.PARSE, "", "manifest is not valid UTF-8", e);
        }
        return parse(text);
    }

    /** Canonical YAML as the Rust packer writes it into an NPK ({@code serde_yaml::to_string}). */
    public String toYaml() {
        return YamlWriter.write(ManifestEncoder.encode(this));
    }

    /** JSON form of the console's inspect response; key order as Rust writes it. */
    public ObjectNode toJson() {
        return ManifestJson.toJson(this);
    }

    /** Applies the rules of docs/manifest.md, "Validation"; throws {@link ManifestException} (stage VALIDATION) on the first violation. */
    public Manifest validate() {
        ManifestValidator.validate(this);
        return this;
    }

    /** {@code <name>:<version>}. */
    public Container container() {
        return new Container(name, version);
    }

    /** A manifest without {@code init} describes a resource container: it is mounted, never started. */
    public boolean isResource() {
        return init.isEmpty();
    }

    /** A copy of the opaque custom value (JsonNode is mutable, the manifest is not). */
    @Override
    public Optional<JsonNode> custom() {
        return custom.map(JsonNode::deepCopy);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds manifests in code (tests, tools); {@link #build()} does not validate. */
    public static final class Builder {
        private Name name;
        private Version version;
        private Optional<Console> console = Optional.empty();
        private Optional<NonNulString> init = Optional.empty();
        private List<NonNulString> args = List.of();
        private Map<NonNulString, NonNulString> env = Map.of();
        private int uid;
        private int gid;
        private Optional<Sched> sched = Optional.empty();
        private Map<NonNulString, Mount> mounts = Map.of();
        private Optional<Autostart> autostart = Optional.empty();
        private Optional<CGroups> cgroups = Optional.empty();
        private Optional<Network> network = Optional.empty();
        private Optional<Seccomp> seccomp = Optional.empty();
        private Optional<Selinux> selinux = Optional.empty();
        private Set<Capability> capabilities = Set.of();
        private Set<NonNulString> supplGroups = Set.of();
        private Map<RLimitResource, RLimitValue> rlimits = Map.of();
        private Map<NonNulString, Socket> sockets = Map.of();
        private Optional<Io> io = Optional.empty();
        private Optional<JsonNode> custom = Optional.empty();

        private Builder(Name name, Version version, int uid, int gid) {
            this.name = name;
            this.version = version;
            this.uid = uid;
            this.gid = gid;
        }

        private Builder(Manifest m) {
            name = m.name;
            version = m.version;
            console = m.console;
            init = m.init;
            args = m.args;
            env = m.env;
            uid = m.uid;
            gid = m.gid;
            sched = m.sched;
            mounts = m.mounts;
            autostart = m.autostart;
            cgroups = m.cgroups;
            network = m.network;
            seccomp = m.seccomp;
            selinux = m.selinux;
            capabilities = m.capabilities;
            supplGroups = m.supplGroups;
            rlimits = m.rlimits;
            sockets = m.sockets;
            io = m.io;
            custom = m.custom;
        }

        public Builder name(Name v) { name = v; return this; }
        public Builder version(Version v) { version = v; return this; }
        public Builder console(Console v) { console = Optional.ofNullable(v); return this; }
        public Builder init(String v) { init = Optional.ofNullable(v).map(NonNulString::of); return this; }
        public Builder args(List<NonNulString> v) { args = v; return this; }
        public Builder env(Map<NonNulString, NonNulString> v) { env = v; return this; }
        public Builder uid(int v) { uid = v; return this; }
        public Builder gid(int v) { gid = v; return this; }
        public Builder sched(SchedPolicy v) { sched = Optional.ofNullable(v).map(Sched::new); return this; }
        public Builder mounts(Map<NonNulString, Mount> v) { mounts = v; return this; }
        public Builder autostart(Autostart v) { autostart = Optional.ofNullable(v); return this; }
        public Builder cgroups(CGroups v) { cgroups = Optional.ofNullable(v); return this; }
        public Builder network(Network v) { network = Optional.ofNullable(v); return this; }
        public Builder seccomp(Seccomp v) { seccomp = Optional.ofNullable(v); return this; }
        public Builder selinux(Selinux v) { selinux = Optional.ofNullable(v); return this; }
        public Builder capabilities(Set<Capability> v) { capabilities = v; return this; }
        public Builder supplGroups(Set<NonNulString> v) { supplGroups = v; return this; }
        public Builder rlimits(Map<RLimitResource, RLimitValue> v) { rlimits = v; return this; }
        public Builder sockets(Map<NonNulString, Socket> v) { sockets = v; return this; }
        public Builder io(Io v) { io = Optional.ofNullable(v); return this; }
        public Builder custom(JsonNode v) { custom = Optional.ofNullable(v); return this; }

        public Manifest build() {
            return new Manifest(name, version, console, init, args, env, uid, gid, sched, mounts, autostart, cgroups,
                    network, seccomp, selinux, capabilities, supplGroups, rlimits, sockets, io, custom);
        }
    }
}
