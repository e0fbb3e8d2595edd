package io.northstar.runtime.cgroups;

import io.northstar.runtime.sys.MountinfoLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where each controller the runtime uses is mounted.
 *
 * <p>Each controller is looked up on its own: a v1 mount whose super options name it wins,
 * otherwise the cgroup2 mount if its root {@code cgroup.controllers} lists it. This covers pure
 * v2 (everything in the unified hierarchy), pure v1, and systemd's hybrid layout (v1 controllers
 * plus an empty cgroup2 at {@code /sys/fs/cgroup/unified}, which is then not used at all). A
 * controller found nowhere is simply unavailable.
 */
public record CgroupLayout(List<Hierarchy> hierarchies) {

    public CgroupLayout {
        hierarchies = List.copyOf(hierarchies);
    }

    /** Detects the layout of the running system from {@code /proc/self/mountinfo}. */
    public static CgroupLayout detect() throws IOException {
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        try {
            return parse(mountinfo, CgroupLayout::readRootControllers);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * @param rootControllers reads the controller names of a cgroup2 mount's root
     *     {@code cgroup.controllers}
     */
    public static CgroupLayout parse(String mountinfo, Function<Path, Set<String>> rootControllers) {
        Map<Path, EnumSet<Controller>> v1 = new LinkedHashMap<>();
        Path v2Mount = null;
        for (String line : mountinfo.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            MountinfoLine m = MountinfoLine.parse(line);
            if (m.fsType().equals("cgroup")) {
                Set<String> options = Set.of(m.superOptions().split(","));
                EnumSet<Controller> held = EnumSet.noneOf(Controller.class);
                for (Controller c : Controller.values()) {
                    if (options.contains(c.v1Name())) {
                        held.add(c);
                    }
                }
                boolean alreadySeen = v1.values().stream().anyMatch(s -> !s.isEmpty() && s.equals(held));
                if (!held.isEmpty() && !alreadySeen) {
                    v1.put(m.mountPoint(), held);
                }
            } else if (m.fsType().equals("cgroup2") && v2Mount == null) {
                v2Mount = m.mountPoint();
            }
        }

        Set<Controller> inV1 = v1.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        EnumSet<Controller> inV2 = EnumSet.noneOf(Controller.class);
        if (v2Mount != null) {
            Set<String> available = rootControllers.apply(v2Mount);
            for (Controller c : Controller.values()) {
                if (!inV1.contains(c) && c.v2Name().map(available::contains).orElse(false)) {
                    inV2.add(c);
                }
            }
        }

        List<Hierarchy> result = new ArrayList<>();
        v1.forEach((mount, controllers) -> result.add(new Hierarchy.V1(mount, controllers)));
        if (!inV2.isEmpty()) {
            result.add(new Hierarchy.V2(v2Mount, inV2));
        }
        return new CgroupLayout(result);
    }

    static Set<String> readRootControllers(Path v2Mount) {
        try {
            String text = Files.readString(v2Mount.resolve("cgroup.controllers")).trim();
            return text.isEmpty() ? Set.of() : Set.of(text.split("\\s+"));
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + v2Mount.resolve("cgroup.controllers"), e);
        }
    }

    public Optional<Hierarchy> hierarchyOf(Controller controller) {
        return hierarchies.stream().filter(h -> h.controllers().contains(controller)).findFirst();
    }

    public Optional<CgroupVersion> versionOf(Controller controller) {
        return hierarchyOf(controller).map(Hierarchy::version);
    }

    public boolean has(Controller controller) {
        return hierarchyOf(controller).isPresent();
    }

    /** For the start-up log line. */
    public String describe() {
        if (hierarchies.isEmpty()) {
            return "no usable cgroup controllers";
        }
        return hierarchies.stream()
                .map(h -> h.version().name().toLowerCase() + " " + h.controllers().stream()
                        .map(c -> c.nameIn(h.version())).sorted().collect(Collectors.joining(",")) + " at " + h.mountPoint())
                .collect(Collectors.joining("; "));
    }
}
