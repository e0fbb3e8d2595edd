package io.northstar.runtime.config;

import io.northstar.common.NonNulString;
import io.northstar.runtime.logs.LogLimits;
import io.northstar.runtime.seccomp.DefaultSeccomp;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime configuration (docs/config.md): a TOML file read at start.
 *
 * @param runDir                 containers are mounted at {@code <run_dir>/<name>:<version>}
 * @param dataDir                persistent data {@code <data_dir>/<name>}
 * @param socketDir              manifest sockets {@code <socket_dir>/<name>:<version>:<socket>}
 * @param cgroup                 the runtime's top-level cgroup name
 * @param eventBufferSize        capacity of the runtime's event queue (> 0)
 * @param notificationBufferSize notification lag after which a console connection is closed (> 0)
 * @param loopDeviceTimeout      how long mounting retries to get a loop device
 * @param repositories           by id, in file order (the Rust runtime's order is unspecified)
 * @param debug                  {@code [debug]} when present
 * @param verity                 verified images without device-mapper ({@link VerityConfig})
 * @param maxOutputLineSize      extension: longest container output line ({@code io: pipe}) logged as one
 *                               line; longer lines are split into pieces of at most this many bytes
 * @param defaultSeccomp         extension: the filter of a container whose manifest has no {@code seccomp}
 *                               section ({@code default_seccomp}; Northstar's behaviour is {@code none})
 * @param logs                   extension: container output kept for logs requests ({@code [logs]})
 * @param updateHealthWindow     extension: how long the new version of an update must run without exiting
 *                               unsuccessfully before the old one is uninstalled ({@code update_health_window})
 */
public record Config(Path runDir, Path dataDir, Path socketDir, NonNulString cgroup, long eventBufferSize,
                     long notificationBufferSize, ConsoleConfig console, Duration loopDeviceTimeout,
                     Map<String, RepositoryConfig> repositories, Optional<DebugConfig> debug, VerityConfig verity,
                     long maxOutputLineSize, DefaultSeccomp defaultSeccomp, LogLimits logs,
                     Duration updateHealthWindow) {
    public static final long DEFAULT_EVENT_BUFFER_SIZE = 256;
    public static final long DEFAULT_NOTIFICATION_BUFFER_SIZE = 128;
    public static final Duration DEFAULT_LOOP_DEVICE_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_OUTPUT_LINE_SIZE = 16 * 1024;
    public static final Duration DEFAULT_UPDATE_HEALTH_WINDOW = Duration.ofSeconds(10);
    /** Room for the split marker and a few UTF-8 characters. */
    public static final long MIN_OUTPUT_LINE_SIZE = 16;
    /** Every container stream may hold one line: more than this would let containers fill the heap. */
    public static final long MAX_OUTPUT_LINE_SIZE = 1024 * 1024;

    public Config {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(socketDir, "socketDir");
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(loopDeviceTimeout, "loopDeviceTimeout");
        repositories = Collections.unmodifiableMap(new LinkedHashMap<>(repositories));
        Objects.requireNonNull(debug, "debug");
        Objects.requireNonNull(verity, "verity");
        Objects.requireNonNull(defaultSeccomp, "defaultSeccomp");
        Objects.requireNonNull(updateHealthWindow, "updateHealthWindow");
        Objects.requireNonNull(logs, "logs");
    }

    /** Reads and parses {@code path}. */
    public static Config load(Path path) throws ConfigException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("failed to read configuration file " + path + ": not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException("failed to read configuration file " + path + ": " + e, e);
        }
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw e.in(path);
        }
    }

    /** Parses TOML text; every error names the offending key. */
    public static Config parse(String toml) throws ConfigException {
        return new ConfigParser().parse(toml);
    }

    /**
     * The start-up check of the Rust runtime ({@code Config::check}): run_dir,
     * data_dir and socket_dir must exist and be readable and writable judged
     * from their mode bits against the real uid/gid (root is not special).
     */
    public void check() throws ConfigException {
        DirectoryAccess.Identity self = DirectoryAccess.Identity.current();
        check(self);
    }

    void check(DirectoryAccess.Identity self) throws ConfigException {
        DirectoryAccess.check("run_dir", runDir, self);
        DirectoryAccess.check("data_dir", dataDir, self);
        DirectoryAccess.check("socket_dir", socketDir, self);
    }
}
