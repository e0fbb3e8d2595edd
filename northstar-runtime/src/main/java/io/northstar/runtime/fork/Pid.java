package io.northstar.runtime.fork;

/** Host pid of a container's init (pid 1 inside its pid namespace). */
public record Pid(int value) {
    public Pid {
        if (value <= 0) {
            throw new IllegalArgumentException("pid " + value);
        }
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
