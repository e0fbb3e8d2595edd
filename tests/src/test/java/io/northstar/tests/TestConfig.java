package io.northstar.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a runtime configuration (TOML) into a test directory: run/data/socket dirs, console, repositories. */
public final class TestConfig {

    /** One {@code [repositories.<id>]} table. */
    public record Repo(String id, Path dir, Path key, boolean mountOnStart, Integer capacityNum, String capacitySize) {
        public static Repo fs(String id, Path dir) {
            return new Repo(id, dir, null, false, null, null);
        }

        public static Repo mem(String id) {
            return new Repo(id, null, null, false, null, null);
        }

        public Repo key(Path key) {
            return new Repo(id, dir, key, mountOnStart, capacityNum, capacitySize);
        }

        public Repo withMountOnStart() {
            return new Repo(id, dir, key, true, capacityNum, capacitySize);
        }

        public Repo capacityNum(int n) {
            return new Repo(id, dir, key, mountOnStart, n, capacitySize);
        }

        public Repo capacitySize(String size) {
            return new Repo(id, dir, key, mountOnStart, capacityNum, size);
        }

        String toml() {
            StringBuilder b = new StringBuilder("[repositories.").append(quote(id)).append("]\n");
            b.append(dir == null ? "type = \"mem\"\n" : "type = { fs = { dir = " + quote(dir.toString()) + " } }\n");
            if (key != null) {
                b.append("key = ").append(quote(key.toString())).append('\n');
            }
            if (mountOnStart) {
                b.append("mount_on_start = true\n");
            }
            if (capacityNum != null) {
                b.append("capacity_num = ").append(capacityNum).append('\n');
            }
            if (capacitySize != null) {
                b.append("capacity_size = ").append(quote(capacitySize)).append('\n');
            }
            return b.toString();
        }
    }

    private final Path root;
    private final List<Repo> repos = new ArrayList<>();
    private String permissions = "\"full\"";
    private String bind;
    private final List<String> globalOptions = new ArrayList<>();
    private final List<String> globalKeys = new ArrayList<>();
    private final List<String> topLevel = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    public TestConfig(Path root) {
        this.root = root;
    }

    public TestConfig repository(Repo repo) {
        repos.add(repo);
        return this;
    }

    /** Permissions of the global console as TOML, e.g. {@code ["list", "ident"]}. */
    public TestConfig permissions(String tomlValue) {
        this.permissions = tomlValue;
        return this;
    }

    /** A line for {@code [console.global.options]}, e.g. {@code max_request_size = "1KiB"}. */
    /** Listen on {@code url} instead of the Unix socket {@link #console()}. */
    public TestConfig bind(String url) {
        this.bind = url;
        return this;
    }

    public TestConfig globalOption(String line) {
        globalOptions.add(line);
        return this;
    }

    /** A line for {@code [console.global]} itself, e.g. {@code max_connections = 4}. */
    public TestConfig globalKey(String line) {
        globalKeys.add(line);
        return this;
    }

    /** A top-level line, e.g. {@code max_output_line_size = "1KiB"}. */
    public TestConfig topLevel(String line) {
        topLevel.add(line);
        return this;
    }

    /** A whole TOML table appended to the config, e.g. {@code [debug]\ncommands = ["..."]}. */
    public TestConfig table(String toml) {
        tables.add(toml);
        return this;
    }

    public Path root() {
        return root;
    }

    public Path console() {
        return root.resolve("console.sock");
    }

    public Path runDir() {
        return root.resolve("run");
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    public Path write() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("run_dir = ").append(quote(runDir().toString())).append('\n');
        b.append("data_dir = ").append(quote(dataDir().toString())).append('\n');
        b.append("socket_dir = ").append(quote(root.resolve("sockets").toString())).append('\n');
        b.append("cgroup = \"northstar-test-").append(ProcessHandle.current().pid()).append("\"\n");
        b.append("loop_device_timeout = \"10s\"\n");
        topLevel.forEach(l -> b.append(l).append('\n'));
        b.append('\n');
        b.append("[console.global]\n");
        b.append("bind = ").append(quote(bind != null ? bind : "unix://" + console())).append('\n');
        b.append("permissions = ").append(permissions).append('\n');
        globalKeys.forEach(l -> b.append(l).append('\n'));
        b.append('\n');
        if (!globalOptions.isEmpty()) {
            b.append("[console.global.options]\n");
            globalOptions.forEach(o -> b.append(o).append('\n'));
            b.append('\n');
        }
        repos.forEach(r -> b.append(r.toml()).append('\n'));
        tables.forEach(t -> b.append(t).append("\n\n"));
        Path file = root.resolve("northstar.toml");
        Files.writeString(file, b.toString());
        return file;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
