package io.northstar.runtime.state;

import io.northstar.console.ConsoleError;

/** The human form of a request's error, as the runtime's log lines print it. */
public final class ErrorText {

    private ErrorText() {
    }

    public static String of(ConsoleError error) {
        return switch (error) {
            case ConsoleError.Configuration e -> "configuration error: " + e.context();
            case ConsoleError.DuplicateContainer e -> "duplicate container " + e.container();
            case ConsoleError.InvalidContainer e -> "invalid container " + e.container();
            case ConsoleError.InvalidArguments e -> "invalid arguments " + e.cause();
            case ConsoleError.MountBusy e -> "container " + e.container() + " cannot be mounted: busy";
            case ConsoleError.UmountBusy e -> "container " + e.container() + " cannot be unmounted: busy";
            case ConsoleError.StartContainerStarted e -> "container " + e.container() + " failed to start: already started";
            case ConsoleError.StartContainerResource e -> "container " + e.container()
                    + " failed to start: resources failed to mount";
            case ConsoleError.StartContainerMissingResource e -> "container " + e.container()
                    + " failed to start: resource " + e.resource() + " version " + e.version() + " is missing";
            case ConsoleError.StartContainerFailed e -> "container " + e.container() + " failed to start: " + e.error();
            case ConsoleError.StopContainerNotStarted e -> "container " + e.container() + " failed to stop";
            case ConsoleError.InvalidRepository e -> "invalid repository " + e.repository();
            case ConsoleError.InstallDuplicate e -> "failed to install " + e.container() + ": already installed";
            case ConsoleError.CriticalContainer e -> "critical container " + e.container() + " exited with " + e.status();
            case ConsoleError.Unexpected e -> e.error();
        };
    }
}
