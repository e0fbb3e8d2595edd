package io.northstar.runtime.fork;

import io.northstar.common.Container;
import io.northstar.runtime.sys.FailedStep;

/**
 * The forker could not start a container: {@link #step()} names what failed
 * (e.g. {@code pivot_root}), {@link #errno()} the error (0 if none). Nothing
 * of the container is left when this is reported. The runtime maps it to the
 * API error {@code start_container_failed}.
 */
public final class StartFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Container container;
    private final FailedStep failed;
    private final String detail;

    public StartFailedException(Container container, String step, int errno, String detail) {
        this(container, new FailedStep(step, errno), detail);
    }

    private StartFailedException(Container container, FailedStep failed, String detail) {
        super(container + ": " + failed + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.container = container;
        this.failed = failed;
        this.detail = detail;
    }

    public Container container() {
        return container;
    }

    public String step() {
        return failed.step();
    }

    public int errno() {
        return failed.errno();
    }

    public String detail() {
        return detail;
    }

    /** {@code step: ERRNO}, e.g. {@code pivot_root: EINVAL}. */
    public String cause() {
        return failed.toString();
    }
}
