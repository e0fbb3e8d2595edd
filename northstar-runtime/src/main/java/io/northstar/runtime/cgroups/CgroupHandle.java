package io.northstar.runtime.cgroups;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's cgroup: one directory per used hierarchy (one on v2, one per controller mount
 * on v1). The forker makes the container's init join the group before exec by writing its pid
 * (or {@code 0}, "the writing process", which needs no pid-namespace translation) into every
 * file of {@link #procsFiles()}.
 *
 * @param name the group's path relative to each hierarchy root, e.g. {@code northstar/hello}
 */
public record CgroupHandle(String name, List<Group> groups) {

    public CgroupHandle {
        Objects.requireNonNull(name, "name");
        groups = List.copyOf(groups);
    }

    /** The group of one hierarchy. */
    public record Group(Hierarchy hierarchy, Path directory) {
        public Path procsFile() {
            return directory.resolve(hierarchy.procsFile());
        }
    }

    public List<Path> directories() {
        return groups.stream().map(Group::directory).toList();
    }

    /** {@code cgroup.procs} of every group (v1 and v2 alike: it moves the whole thread group). */
    public List<Path> procsFiles() {
        return groups.stream().map(Group::procsFile).toList();
    }

    public Optional<Group> groupOf(Controller controller) {
        return groups.stream().filter(g -> g.hierarchy().controllers().contains(controller)).findFirst();
    }

    public Optional<Path> directoryOf(Controller controller) {
        return groupOf(controller).map(Group::directory);
    }
}
