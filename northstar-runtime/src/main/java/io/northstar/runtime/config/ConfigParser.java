package io.northstar.runtime.config;

import io.northstar.common.InvalidValueException;
import io.northstar.common.NonNulString;
import io.northstar.manifest.ConsolePermission;
import io.northstar.manifest.DocLimits;
import io.northstar.runtime.logs.LogLimits;
import io.northstar.runtime.seccomp.DefaultSeccomp;
import io.northstar.toml.TomlException;
import io.northstar.toml.TomlKey;
import io.northstar.toml.TomlReader;
import io.northstar.toml.TomlValue;
import io.northstar.toml.TomlValue.TomlArray;
import io.northstar.toml.TomlValue.TomlBoolean;
import io.northstar.toml.TomlValue.TomlInteger;
import io.northstar.toml.TomlValue.TomlString;
import io.northstar.toml.TomlValue.TomlTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Turns TOML text into a {@link Config}, with the key rules of docs/config.md, "Top-level keys", "Validation". */
final class ConfigParser {
    private static final long U32_MAX = 0xFFFF_FFFFL;

    Config parse(String text) throws ConfigException {
        // the reader bounds nesting too; measuring first names the depth the text actually has
        int depth = DocLimits.tomlDepth(text);
        if (depth > DocLimits.MAX_DEPTH) {
            throw new ConfigException("TOML nested " + depth + " levels deep, at most " + DocLimits.MAX_DEPTH + " allowed");
        }
        TomlTable document;
        try {
            document = TomlReader.read(text, DocLimits.MAX_DEPTH);
        } catch (TomlException e) {
            throw new ConfigException("TOML syntax error at " + e.getMessage(), e);
        }
        Table root = new Table(List.of(), document);
        root.rejectUnknown("run_dir", "data_dir", "socket_dir", "cgroup", "event_buffer_size",
                "notification_buffer_size", "console", "loop_device_timeout", "repositories", "debug",
                "require_dm_verity", "user_space_verity_max_size", "max_output_line_size", "default_seccomp", "logs",
                "update_health_window");
        Path runDir = root.requiredPath("run_dir");
        Path dataDir = root.requiredPath("data_dir");
        Path socketDir = root.requiredPath("socket_dir");
        NonNulString cgroup = root.required("cgroup", Table::nonNulString);
        long eventBufferSize = root.optional("event_buffer_size", Table::positive)
                .orElse(Config.DEFAULT_EVENT_BUFFER_SIZE);
        long notificationBufferSize = root.optional("notification_buffer_size", Table::positive)
                .orElse(Config.DEFAULT_NOTIFICATION_BUFFER_SIZE);
        ConsoleConfig console = root.optionalTable("console").map(ConfigParser::console)
                .orElse(ConsoleConfig.defaults());
        Duration loopDeviceTimeout = root.optional("loop_device_timeout", Table::duration)
                .orElse(Config.DEFAULT_LOOP_DEVICE_TIMEOUT);
        Map<String, RepositoryConfig> repositories = new LinkedHashMap<>();
        OptionalTable repos = root.optionalTable("repositories");
        if (repos.isPresent()) {
            for (String id : repos.get().keys()) {
                repositories.put(id, repository(repos.get().requiredTable(id)));
            }
        }
        Optional<DebugConfig> debug = root.optionalTable("debug").map(ConfigParser::debug).value();
        VerityConfig verity = new VerityConfig(root.optional("require_dm_verity", Table::bool).orElse(false),
                root.optional("user_space_verity_max_size", Table::byteSize)
                        .orElse(VerityConfig.DEFAULT_USER_SPACE_MAX_SIZE));
        long maxOutputLineSize = root.optional("max_output_line_size", Table::byteSize)
                .orElse(Config.DEFAULT_MAX_OUTPUT_LINE_SIZE);
        if (maxOutputLineSize < Config.MIN_OUTPUT_LINE_SIZE || maxOutputLineSize > Config.MAX_OUTPUT_LINE_SIZE) {
            throw new ConfigException("max_output_line_size: must be between " + Config.MIN_OUTPUT_LINE_SIZE + " and "
                    + Config.MAX_OUTPUT_LINE_SIZE + " bytes");
        }
        DefaultSeccomp defaultSeccomp = root.optional("default_seccomp", Table::defaultSeccomp)
                .orElse(DefaultSeccomp.NONE);
        LogLimits logs = root.optionalTable("logs").map(ConfigParser::logs).orElse(LogLimits.DEFAULTS);
        Duration updateHealthWindow = root.optional("update_health_window", Table::duration)
                .orElse(Config.DEFAULT_UPDATE_HEALTH_WINDOW);
        return new Config(runDir, dataDir, socketDir, cgroup, eventBufferSize, notificationBufferSize, console,
                loopDeviceTimeout, repositories, debug, verity, maxOutputLineSize, defaultSeccomp, logs,
                updateHealthWindow);
    }

    private static ConsoleConfig console(Table t) throws ConfigException {
        t.rejectUnknown("global", "options");
        Optional<GlobalConsole> global = t.optionalTable("global").map(ConfigParser::global).value();
        ConsoleOptions options = t.optionalTable("options").map(ConfigParser::options).orElse(ConsoleOptions.defaults());
        return new ConsoleConfig(global, options);
    }

    private static GlobalConsole global(Table t) throws ConfigException {
        // No deny_unknown_fields on this table in Northstar: unknown keys are ignored.
        ConsoleUrl bind = t.required("bind", Table::consoleUrl);
        Set<ConsolePermission> permissions = t.required("permissions", Table::permissions);
        ConsoleOptions options = t.optionalTable("options").map(ConfigParser::options).orElse(ConsoleOptions.defaults());
        long maxConnections = t.optional("max_connections", Table::positive)
                .orElse((long) GlobalConsole.DEFAULT_MAX_CONNECTIONS);
        if (maxConnections > Integer.MAX_VALUE) {
            throw new ConfigException(t.key("max_connections") + ": invalid value " + maxConnections
                    + ", expected an integer up to " + Integer.MAX_VALUE);
        }
        return new GlobalConsole(bind, permissions, options, (int) maxConnections, socketFile(t, bind));
    }

    /** {@code mode}, {@code uid}, {@code gid}: only meaningful for a socket file. */
    private static SocketFile socketFile(Table t, ConsoleUrl bind) throws ConfigException {
        Optional<Integer> mode = t.optional("mode", Table::mode);
        Optional<Long> uid = t.optional("uid", Table::u32);
        Optional<Long> gid = t.optional("gid", Table::u32);
        if (bind instanceof ConsoleUrl.Tcp) {
            for (String key : List.of("mode", "uid", "gid")) {
                if (t.optional(key, (owner, k, v) -> v).isPresent()) {
                    throw new ConfigException(t.key(key) + ": only for a unix:// console (bind is " + bind.url() + ")");
                }
            }
        }
        return new SocketFile(mode.orElse(SocketFile.DEFAULT_MODE),
                uid.map(u -> OptionalInt.of((int) (long) u)).orElse(OptionalInt.empty()),
                gid.map(g -> OptionalInt.of((int) (long) g)).orElse(OptionalInt.empty()));
    }

    private static ConsoleOptions options(Table t) throws ConfigException {
        t.rejectUnknown("token_validity", "max_requests_per_sec", "max_request_size", "max_npk_install_size",
                "npk_stream_timeout", "connect_timeout", "idle_timeout", "max_outbox_size");
        return new ConsoleOptions(
                t.optional("token_validity", Table::duration).orElse(ConsoleOptions.DEFAULT_TOKEN_VALIDITY),
                t.optional("max_requests_per_sec", Table::unsigned).orElse(ConsoleOptions.DEFAULT_MAX_REQUESTS_PER_SEC),
                t.optional("max_request_size", Table::byteSize).orElse(ConsoleOptions.DEFAULT_MAX_REQUEST_SIZE),
                t.optional("max_npk_install_size", Table::byteSize).orElse(ConsoleOptions.DEFAULT_MAX_NPK_INSTALL_SIZE),
                t.optional("npk_stream_timeout", Table::duration).orElse(ConsoleOptions.DEFAULT_NPK_STREAM_TIMEOUT),
                t.optional("connect_timeout", Table::positiveDuration).orElse(ConsoleOptions.DEFAULT_CONNECT_TIMEOUT),
                t.optional("idle_timeout", Table::duration).orElse(ConsoleOptions.DEFAULT_IDLE_TIMEOUT),
                t.optional("max_outbox_size", Table::positiveByteSize).orElse(ConsoleOptions.DEFAULT_MAX_OUTBOX_SIZE));
    }

    private static RepositoryConfig repository(Table t) throws ConfigException {
        t.rejectUnknown("type", "key", "mount_on_start", "capacity_num", "capacity_size");
        RepositoryType type = t.required("type", Table::repositoryType);
        Optional<Path> key = t.optional("key", Table::path);
        boolean mountOnStart = t.optional("mount_on_start", Table::bool).orElse(false);
        Optional<Long> capacityNum = t.optional("capacity_num", Table::u32);
        Optional<Long> capacitySize = t.optional("capacity_size", Table::byteSize);
        return new RepositoryConfig(type, key, mountOnStart,
                capacityNum.map(OptionalLong::of).orElse(OptionalLong.empty()),
                capacitySize.map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    /** Extension: how much container output is kept for logs requests (docs/config.md, "Container logs"). */
    private static LogLimits logs(Table t) throws ConfigException {
        t.rejectUnknown("max_lines", "max_size");
        long maxLines = t.optional("max_lines", Table::unsigned).orElse((long) LogLimits.DEFAULT_MAX_LINES);
        if (maxLines > LogLimits.MAX_LINES) {
            throw new ConfigException(t.key("max_lines") + ": must be at most " + LogLimits.MAX_LINES);
        }
        long maxSize = t.optional("max_size", Table::byteSize).orElse(LogLimits.DEFAULT_MAX_BYTES);
        if (maxSize > LogLimits.MAX_BYTES) {
            throw new ConfigException(t.key("max_size") + ": must be at most " + LogLimits.MAX_BYTES + " bytes");
        }
        return new LogLimits((int) maxLines, maxSize);
    }

    private static DebugConfig debug(Table t) throws ConfigException {
        t.rejectUnknown("commands");
        return new DebugConfig(t.optional("commands", Table::commands).orElse(List.of()));
    }

    /** A TOML table and where it sits, so that every error names the full key. */
    private record Table(List<String> path, TomlTable toml) {

        @FunctionalInterface
        interface Reader<T> {
            T read(Table owner, String key, TomlValue value) throws ConfigException;
        }

        @FunctionalInterface
        interface TableReader<T> {
            T read(Table table) throws ConfigException;
        }

        String key(String key) {
            List<String> full = new java.util.ArrayList<>(path);
            full.add(key);
            return TomlKey.path(full);
        }

        Set<String> keys() {
            return toml.keys();
        }

        void rejectUnknown(String... known) throws ConfigException {
            Set<String> allowed = Set.of(known);
            for (String k : toml.keys()) {
                if (!allowed.contains(k)) {
                    throw new ConfigException(key(k) + ": unknown key, expected one of " + String.join(", ", known));
                }
            }
        }

        <T> T required(String key, Reader<T> reader) throws ConfigException {
            TomlValue value = toml.get(key);
            if (value == null) {
                throw new ConfigException(key(key) + ": missing required key");
            }
            return reader.read(this, key, value);
        }

        <T> Optional<T> optional(String key, Reader<T> reader) throws ConfigException {
            TomlValue value = toml.get(key);
            return value == null ? Optional.empty() : Optional.of(reader.read(this, key, value));
        }

        Path requiredPath(String key) throws ConfigException {
            return required(key, Table::path);
        }

        Table requiredTable(String key) throws ConfigException {
            return required(key, Table::table);
        }

        OptionalTable optionalTable(String key) throws ConfigException {
            return new OptionalTable(optional(key, Table::table));
        }

        // ---- value readers ----

        Table table(String key, TomlValue value) throws ConfigException {
            if (!(value instanceof TomlTable t)) {
                throw typeError(key, value, "a table");
            }
            List<String> sub = new java.util.ArrayList<>(path);
            sub.add(key);
            return new Table(List.copyOf(sub), t);
        }

        String string(String key, TomlValue value) throws ConfigException {
            if (!(value instanceof TomlString(String s))) {
                throw typeError(key, value, "a string");
            }
            return s;
        }

        NonNulString nonNulString(String key, TomlValue value) throws ConfigException {
            try {
                return NonNulString.of(string(key, value));
            } catch (InvalidValueException e) {
                throw new ConfigException(key(key) + ": " + e.getMessage());
            }
        }

        Path path(String key, TomlValue value) throws ConfigException {
            String s = string(key, value);
            try {
                return Path.of(nonNulString(key, value).value());
            } catch (InvalidPathException e) {
                throw new ConfigException(key(key) + ": invalid path \"" + s + "\": " + e.getReason());
            }
        }

        boolean bool(String key, TomlValue value) throws ConfigException {
            if (!(value instanceof TomlBoolean(boolean b))) {
                throw typeError(key, value, "a boolean");
            }
            return b;
        }

        long unsigned(String key, TomlValue value) throws ConfigException {
            if (!(value instanceof TomlInteger(long l))) {
                throw typeError(key, value, "a non-negative integer");
            }
            if (l < 0) {
                throw new ConfigException(key(key) + ": invalid value " + l + ", expected a non-negative integer");
            }
            return l;
        }

        long positive(String key, TomlValue value) throws ConfigException {
            return nonZero(key, unsigned(key, value), l -> l == 0);
        }

        long u32(String key, TomlValue value) throws ConfigException {
            long l = unsigned(key, value);
            if (l > U32_MAX) {
                throw new ConfigException(key(key) + ": invalid value " + l + ", expected an integer up to " + U32_MAX);
            }
            return l;
        }

        Duration duration(String key, TomlValue value) throws ConfigException {
            return parsed(key, value, "duration", "a duration string such as \"10s\"", HumanDuration::parse);
        }

        Duration positiveDuration(String key, TomlValue value) throws ConfigException {
            return nonZero(key, duration(key, value), Duration::isZero);
        }

        long positiveByteSize(String key, TomlValue value) throws ConfigException {
            return nonZero(key, byteSize(key, value), size -> size == 0);
        }

        /** The one "must be greater than 0" check: zero is a value of the type, but not of this key. */
        private <T> T nonZero(String key, T value, Predicate<T> isZero) throws ConfigException {
            if (isZero.test(value)) {
                throw new ConfigException(key(key) + ": must be greater than 0");
            }
            return value;
        }

        /** A string that a parser of ours turns into a value; the parser's complaint becomes the key's error. */
        private <T> T parsed(String key, TomlValue value, String what, String example, Function<String, T> parser)
                throws ConfigException {
            if (!(value instanceof TomlString(String s))) {
                throw typeError(key, value, example);
            }
            try {
                return parser.apply(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key(key) + ": invalid " + what + " \"" + s + "\": " + e.getMessage());
            }
        }

        /** Permission bits: a TOML integer (write it octal, {@code 0o600}) or an octal string {@code "0600"}. */
        int mode(String key, TomlValue value) throws ConfigException {
            long mode = switch (value) {
                case TomlString(String s) -> {
                    String digits = s.startsWith("0o") ? s.substring(2) : s;
                    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '7') || digits.length() > 4) {
                        throw new ConfigException(key(key) + ": invalid mode \"" + s + "\", expected octal digits such as \"0600\"");
                    }
                    yield Long.parseLong(digits, 8);
                }
                case TomlInteger(long l) -> l;
                default -> throw typeError(key, value, "a mode such as 0o600 or \"0600\"");
            };
            if (mode < 0 || mode > 0777) {
                throw new ConfigException(key(key) + ": invalid mode " + mode + " (decimal), expected permission bits "
                        + "up to 0o777; write TOML integers in octal: 0o660");
            }
            return (int) mode;
        }

        long byteSize(String key, TomlValue value) throws ConfigException {
            return parsed(key, value, "size", "a size string such as \"1MiB\"", ByteSize::parse);
        }

        ConsoleUrl consoleUrl(String key, TomlValue value) throws ConfigException {
            String s = string(key, value);
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new ConfigException(key(key) + ": invalid url \"" + s + "\": " + e.getMessage());
            }
            String scheme = uri.getScheme();
            if (scheme == null) {
                throw new ConfigException(key(key) + ": invalid url \"" + s + "\": relative URL without a base");
            }
            if (scheme.equalsIgnoreCase("tcp")) {
                return tcp(key, s, uri);
            }
            if (scheme.equalsIgnoreCase("unix")) {
                // URL semantics, as in Northstar: unix://tmp/x has host "tmp" and path "/x".
                String p = uri.getRawPath();
                if (p == null || p.isEmpty()) {
                    throw new ConfigException(key(key) + ": unix console url \"" + s + "\" has no path");
                }
                return new ConsoleUrl.Unix(s, Path.of(p));
            }
            throw new ConfigException(key(key) + ": console scheme must be tcp or unix, not \"" + scheme + "\"");
        }

        private ConsoleUrl tcp(String key, String s, URI uri) throws ConfigException {
            String authority = uri.getRawAuthority();
            if (authority == null || authority.isEmpty()) {
                throw new ConfigException(key(key) + ": tcp console url \"" + s + "\" has no host");
            }
            if (authority.contains("@")) {
                authority = authority.substring(authority.lastIndexOf('@') + 1);
            }
            String host = authority;
            int port = ConsoleUrl.DEFAULT_TCP_PORT;
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && colon > authority.lastIndexOf(']')) {
                host = authority.substring(0, colon);
                String portText = authority.substring(colon + 1);
                if (!portText.isEmpty()) {
                    try {
                        port = Integer.parseInt(portText);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 0 || port > 65535 || !portText.chars().allMatch(Character::isDigit)) {
                        throw new ConfigException(key(key) + ": invalid port in \"" + s + "\"");
                    }
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new ConfigException(key(key) + ": tcp console url \"" + s + "\" has no host");
            }
            return new ConsoleUrl.Tcp(s, host, port);
        }

        Set<ConsolePermission> permissions(String key, TomlValue value) throws ConfigException {
            if (value instanceof TomlString(String s)) {
                if (s.trim().equals("full")) {
                    return EnumSet.allOf(ConsolePermission.class);
                }
                throw new ConfigException(key(key) + ": invalid permissions \"" + s
                        + "\", expected \"full\" or a list of permission names");
            }
            if (!(value instanceof TomlArray array)) {
                throw typeError(key, value, "\"full\" or an array of permission names");
            }
            Set<ConsolePermission> set = EnumSet.noneOf(ConsolePermission.class);
            for (int i = 0; i < array.items().size(); i++) {
                TomlValue element = array.items().get(i);
                String elementKey = key(key) + "[" + i + "]";
                if (!(element instanceof TomlString(String name))) {
                    throw new ConfigException(elementKey + ": invalid type: " + typeName(element)
                            + ", expected a permission name");
                }
                set.add(ConsolePermission.fromWireName(name).orElseThrow(() -> new ConfigException(elementKey
                        + ": unknown permission \"" + name + "\", expected one of " + permissionNames())));
            }
            return set;
        }

        RepositoryType repositoryType(String key, TomlValue value) throws ConfigException {
            if (value instanceof TomlString(String s)) {
                if (s.equals("mem")) {
                    return new RepositoryType.Mem();
                }
                if (s.equals("fs")) {
                    throw new ConfigException(key(key) + ": type \"fs\" needs a directory: "
                            + "type = { fs = { dir = \"...\" } }");
                }
                throw new ConfigException(key(key) + ": unknown repository type \"" + s + "\", expected \"mem\" or fs");
            }
            if (!(value instanceof TomlTable t)) {
                throw typeError(key, value, "\"mem\" or { fs = { dir = \"...\" } }");
            }
            Table variant = table(key, t);
            if (variant.keys().size() != 1) {
                throw new ConfigException(key(key) + ": expected exactly one repository type (mem or fs), found "
                        + (variant.keys().isEmpty() ? "none" : String.join(", ", variant.keys())));
            }
            String kind = variant.keys().iterator().next();
            switch (kind) {
                case "fs": {
                    // No deny_unknown_fields on the fs variant: keys other than dir are ignored.
                    Table fs = variant.requiredTable("fs");
                    return new RepositoryType.Fs(fs.requiredPath("dir"));
                }
                case "mem": {
                    Table mem = variant.requiredTable("mem");
                    if (!mem.keys().isEmpty()) {
                        throw new ConfigException(mem.key(mem.keys().iterator().next()) + ": unknown key");
                    }
                    return new RepositoryType.Mem();
                }
                default:
                    throw new ConfigException(key(key) + ": unknown repository type \"" + kind
                            + "\", expected \"mem\" or fs");
            }
        }

        DefaultSeccomp defaultSeccomp(String key, TomlValue value) throws ConfigException {
            if (!(value instanceof TomlString(String s))) {
                throw typeError(key, value, "\"none\" or \"default\"");
            }
            return DefaultSeccomp.fromKey(s).orElseThrow(() -> new ConfigException(key(key)
                    + ": unknown value \"" + s + "\", expected \"none\" or \"default\""));
        }

        List<String> commands(String key, TomlValue value) throws ConfigException {
            if (!(value instanceof TomlArray array)) {
                throw typeError(key, value, "an array of strings");
            }
            List<String> commands = new java.util.ArrayList<>();
            for (int i = 0; i < array.items().size(); i++) {
                TomlValue element = array.items().get(i);
                String elementKey = key(key) + "[" + i + "]";
                if (!(element instanceof TomlString(String s))) {
                    throw new ConfigException(elementKey + ": invalid type: " + typeName(element) + ", expected a string");
                }
                if (s.indexOf('\0') >= 0) {
                    throw new ConfigException(elementKey + ": contains a NUL byte");
                }
                commands.add(s);
            }
            return commands;
        }

        private ConfigException typeError(String key, TomlValue value, String expected) {
            return new ConfigException(key(key) + ": invalid type: " + typeName(value) + ", expected " + expected);
        }
    }

    /** Optional of a table with a mapping function that may throw ConfigException. */
    private record OptionalTable(Optional<Table> table) {
        <T> OptionalValue<T> map(Table.TableReader<T> reader) throws ConfigException {
            return new OptionalValue<>(table.isPresent() ? Optional.of(reader.read(table.get())) : Optional.empty());
        }

        boolean isPresent() {
            return table.isPresent();
        }

        Table get() {
            return table.get();
        }
    }

    private record OptionalValue<T>(Optional<T> value) {
        T orElse(T other) {
            return value.orElse(other);
        }
    }

    /** The TOML type of a value as serde's messages name it. */
    static String typeName(TomlValue value) {
        return switch (value) {
            case TomlString ignored -> "string";
            case TomlInteger ignored -> "integer";
            case TomlValue.TomlFloat ignored -> "float";
            case TomlBoolean ignored -> "boolean";
            case TomlValue.TomlOffsetDateTime ignored -> "datetime";
            case TomlValue.TomlLocalDateTime ignored -> "datetime";
            case TomlValue.TomlLocalDate ignored -> "datetime";
            case TomlValue.TomlLocalTime ignored -> "datetime";
            case TomlArray ignored -> "array";
            case TomlTable ignored -> "table";
        };
    }

    private static String permissionNames() {
        StringBuilder b = new StringBuilder();
        for (ConsolePermission p : ConsolePermission.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(p.wireName());
        }
        return b.toString();
    }

}
