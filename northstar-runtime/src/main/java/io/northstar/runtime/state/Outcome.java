package io.northstar.runtime.state;

import java.util.function.Function;

/** The result of one operation of the state machine: a value or a {@link RuntimeError}. */
public sealed interface Outcome<T> {

    record Ok<T>(T value) implements Outcome<T> {
        @Override
        public <R> R fold(Function<T, R> ok, Function<RuntimeError, R> failed) {
            return ok.apply(value);
        }
    }

    record Failed<T>(RuntimeError error) implements Outcome<T> {
        @Override
        public <R> R fold(Function<T, R> ok, Function<RuntimeError, R> failed) {
            return failed.apply(error);
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> failed(RuntimeError error) {
        return new Failed<>(error);
    }

    /** Folds both cases into one value; the console uses it to build responses. */
    <R> R fold(Function<T, R> ok, Function<RuntimeError, R> failed);
}
