package io.northstar.runtime.state;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.console.ConsoleError;

/**
 * The errors a request can fail with (docs/protocol.md, "Errors"). The console maps each to its API
 * error object; {@link #message()} is the human form used in log lines.
 */
public sealed interface RuntimeError {

    String message();

    /** The API error object sent to clients. */
    ConsoleError toApi();

    record InvalidContainer(Container container) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.InvalidContainer(container);
        }

        public String message() {
            return "invalid container " + container;
        }
    }

    record InvalidArguments(String cause) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.InvalidArguments(cause);
        }

        public String message() {
            return "invalid arguments " + cause;
        }
    }

    record UmountBusy(Container container) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.UmountBusy(container);
        }

        public String message() {
            return "container " + container + " cannot be unmounted: busy";
        }
    }

    record StartContainerStarted(Container container) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.StartContainerStarted(container);
        }

        public String message() {
            return "container " + container + " failed to start: already started";
        }
    }

    record StartContainerResource(Container container) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.StartContainerResource(container);
        }

        public String message() {
            return "container " + container + " failed to start: resources failed to mount";
        }
    }

    record StartContainerMissingResource(Container container, String resource, String version)
            implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.StartContainerMissingResource(container, Name.of(resource), version);
        }

        public String message() {
            return "container " + container + " failed to start: resource " + resource + " version "
                    + version + " is missing";
        }
    }

    record StartContainerFailed(Container container, String error) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.StartContainerFailed(container, error);
        }

        public String message() {
            return "container " + container + " failed to start: " + error;
        }
    }

    record StopContainerNotStarted(Container container) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.StopContainerNotStarted(container);
        }

        public String message() {
            return "container " + container + " failed to stop";
        }
    }

    record InvalidRepository(String repository) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.InvalidRepository(repository);
        }

        public String message() {
            return "invalid repository " + repository;
        }
    }

    record InstallDuplicate(Container container) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.InstallDuplicate(container);
        }

        public String message() {
            return "failed to install " + container + ": already installed";
        }
    }

    /** Repository, mount, umount and persist failures; {@code error} is the outermost message. */
    record Unexpected(String error) implements RuntimeError {
        public ConsoleError toApi() {
            return new ConsoleError.Unexpected(error);
        }

        public String message() {
            return error;
        }
    }
}
