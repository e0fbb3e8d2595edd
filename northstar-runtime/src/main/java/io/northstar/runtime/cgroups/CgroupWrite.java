package io.northstar.runtime.cgroups;

import java.util.Objects;

/**
 * One value to write into one control file of a container's group.
 *
 * @param bestEffort the file depends on kernel configuration (swap accounting, kmem, BFQ): when
 *     the file is missing or the kernel answers EOPNOTSUPP the write is skipped with a warning;
 *     any other failure is an error either way
 */
public record CgroupWrite(Controller controller, String file, String value, boolean bestEffort) {

    public CgroupWrite {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(value, "value");
    }

    static CgroupWrite required(Controller controller, String file, String value) {
        return new CgroupWrite(controller, file, value, false);
    }

    static CgroupWrite bestEffort(Controller controller, String file, String value) {
        return new CgroupWrite(controller, file, value, true);
    }

    @Override
    public String toString() {
        return file + " <- " + value;
    }
}
