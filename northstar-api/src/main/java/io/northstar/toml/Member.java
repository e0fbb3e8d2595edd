package io.northstar.toml;

/** What a key of a table under construction holds. */
sealed interface Member permits TableBuilder, ArrayOfTables, Member.Finished {

    /** A value that nothing may add to any more: a scalar, an array written in brackets, an inline table. */
    record Finished(TomlValue value) implements Member {
    }
}
