package io.northstar.runtime.state;

import io.northstar.console.ConsoleError;
import java.util.function.Function;

/** The result of an operation that is not a console request (install halves, runtime start): a value or the API error. */
public sealed interface Outcome<T> {

    record Ok<T>(T value) implements Outcome<T> {
    }

    record Failed<T>(ConsoleError error) implements Outcome<T> {
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> failed(ConsoleError error) {
        return new Failed<>(error);
    }

    default <R> R fold(Function<T, R> ok, Function<ConsoleError, R> failed) {
        return switch (this) {
            case Ok<T> o -> ok.apply(o.value());
            case Failed<T> f -> failed.apply(f.error());
        };
    }
}
