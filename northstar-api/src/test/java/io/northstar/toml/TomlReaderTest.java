package io.northstar.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.toml.TomlValue.TomlArray;
import io.northstar.toml.TomlValue.TomlBoolean;
import io.northstar.toml.TomlValue.TomlFloat;
import io.northstar.toml.TomlValue.TomlInteger;
import io.northstar.toml.TomlValue.TomlLocalDate;
import io.northstar.toml.TomlValue.TomlLocalDateTime;
import io.northstar.toml.TomlValue.TomlLocalTime;
import io.northstar.toml.TomlValue.TomlOffsetDateTime;
import io.northstar.toml.TomlValue.TomlString;
import io.northstar.toml.TomlValue.TomlTable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** TOML 1.0 (https://toml.io/en/v1.0.0): each construct read into its tree, and each rule broken with its message. */
class TomlReaderTest {

    // ---- valid documents ----

    @Test
    void commentsAndBlankLinesAreNotContent() throws TomlException {
        assertEquals(table(), read(""));
        assertEquals(table(), read("# only a comment\n\n   \t\n# another"));
        assertEquals(table("a", integer(1)), read("a = 1 # after a value\n# a = 2\n"));
        assertEquals(table("a", string("# not a comment")), read("a = \"# not a comment\""));
        assertEquals(table("a", integer(1), "b", integer(2)), read("a = 1\r\nb = 2\r\n"), "CRLF line ends");
    }

    @Test
    void keys() throws TomlException {
        assertEquals(table("key", integer(1), "bare_key", integer(2), "bare-key", integer(3), "1234", integer(4),
                        "true", integer(5)),
                read("key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4\ntrue = 5\n"));
        assertEquals(table("127.0.0.1", integer(1), "character encoding", integer(2), "ʎǝʞ", integer(3),
                        "key2", integer(4), "quoted \"value\"", integer(5), "", integer(6)),
                read("\"127.0.0.1\" = 1\n\"character encoding\" = 2\n\"ʎǝʞ\" = 3\n'key2' = 4\n"
                        + "'quoted \"value\"' = 5\n\"\" = 6\n"));
        assertEquals(table("a\tb", integer(1)), read("\"a\\tb\" = 1"), "escapes in quoted keys");
    }

    @Test
    void dottedKeysMakeTables() throws TomlException {
        assertEquals(table("physical", table("color", string("orange"), "shape", string("round")),
                        "site", table("google.com", bool(true))),
                read("physical.color = \"orange\"\nphysical.shape = \"round\"\nsite.\"google.com\" = true\n"));
        assertEquals(table("fruit", table("name", string("banana"), "color", string("yellow"), "flavor",
                        string("banana"))),
                read("fruit . name = \"banana\"\nfruit. color = \"yellow\"\nfruit .flavor = \"banana\"\n"),
                "white space around the dots");
        assertEquals(table("3", table("14159", string("pi"))), read("3.14159 = \"pi\""));
    }

    @Test
    void basicStrings() throws TomlException {
        assertEquals(string("I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF."),
                value("\"I'm a string. \\\"You can quote me\\\". Name\\tJos\\u00E9\\nLocation\\tSF.\""));
        assertEquals(string("\b\t\n\f\r\"\\"), value("\"\\b\\t\\n\\f\\r\\\"\\\\\""));
        assertEquals(string("\uD83D\uDE00 é"), value("\"\\U0001F600 \\u00e9\""));
        assertEquals(string("tab\there"), value("\"tab\there\""), "a literal tab");
        assertEquals(string(""), value("\"\""));
    }

    @Test
    void multiLineBasicStrings() throws TomlException {
        assertEquals(string("Roses are red\nViolets are blue"), value("\"\"\"\nRoses are red\nViolets are blue\"\"\""));
        assertEquals(string("Roses are red\nViolets are blue"),
                value("\"\"\"\r\nRoses are red\r\nViolets are blue\"\"\""), "CRLF read as LF");
        assertEquals(string("The quick brown fox jumps over the lazy dog."),
                value("\"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\""));
        assertEquals(string("The quick brown fox jumps over the lazy dog."),
                value("\"\"\"\\\n       The quick brown \\\n       fox jumps over \\   \n       the lazy dog.\\\n       \"\"\""),
                "line-ending backslash, also with spaces after it");
        assertEquals(string("Here are two quotation marks: \"\". Simple enough."),
                value("\"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\""));
        assertEquals(string("Here are three quotation marks: \"\"\"."),
                value("\"\"\"Here are three quotation marks: \"\"\\\".\"\"\""));
        assertEquals(string("\"This,\" she said, \"is just a pointless statement.\""),
                value("\"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\""), "quotes next to the delimiters");
        assertEquals(string("a\"\""), value("\"\"\"a\"\"\"\"\""), "five quotes at the end: two of them are content");
    }

    @Test
    void literalStrings() throws TomlException {
        assertEquals(string("C:\\Users\\nodejs\\templates"), value("'C:\\Users\\nodejs\\templates'"));
        assertEquals(string("Tom \"Dubs\" Preston-Werner"), value("'Tom \"Dubs\" Preston-Werner'"));
        assertEquals(string("<\\i\\c*\\s*>"), value("'<\\i\\c*\\s*>'"));
        assertEquals(string("I [dw]on't need \\d{2} apples"), value("'''I [dw]on't need \\d{2} apples'''"));
        assertEquals(string("The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n"),
                value("'''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''"));
        assertEquals(string("Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\""),
                value("'''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''"));
        assertEquals(string("'That,' she said, 'is still pointless.'"),
                value("''''That,' she said, 'is still pointless.''''"));
        assertEquals(string("no \\ escape \\\n"), value("'''no \\ escape \\\n'''"), "no line-ending backslash either");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "+99 | 99", "42 | 42", "0 | 0", "+0 | 0", "-0 | 0", "-17 | -17",
        "1_000 | 1000", "5_349_221 | 5349221", "1_2_3_4_5 | 12345",
        "0xDEADBEEF | 3735928559", "0xdeadbeef | 3735928559", "0xdead_beef | 3735928559",
        "0o01234567 | 342391", "0o755 | 493", "0b11010110 | 214",
        "0x00 | 0", // leading zeros are allowed after a prefix
        "9223372036854775807 | 9223372036854775807", "-9223372036854775808 | -9223372036854775808",
        "0x7FFFFFFFFFFFFFFF | 9223372036854775807", "0o777777777777777777777 | 9223372036854775807"})
    void integers(String text, long expected) throws TomlException {
        assertEquals(integer(expected), value(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "+1.0 | 1.0", "3.1415 | 3.1415", "-0.01 | -0.01", "5e+22 | 5e22", "1e06 | 1e6", "-2E-2 | -0.02",
        "6.626e-34 | 6.626e-34", "224_617.445_991_228 | 224617.445991228", "1e1_0 | 1e10", "-0.0 | -0.0",
        "0e0 | 0.0", "inf | Infinity", "+inf | Infinity", "-inf | -Infinity", "nan | NaN", "+nan | NaN",
        "-nan | NaN", "1.7976931348623157e308 | 1.7976931348623157e308"})
    void floats(String text, double expected) throws TomlException {
        assertEquals(flt(expected), value(text));
    }

    @Test
    void booleans() throws TomlException {
        assertEquals(bool(true), value("true"));
        assertEquals(bool(false), value("false"));
    }

    @Test
    void datesAndTimes() throws TomlException {
        assertEquals(new TomlOffsetDateTime(OffsetDateTime.of(1979, 5, 27, 7, 32, 0, 0, ZoneOffset.UTC)),
                value("1979-05-27T07:32:00Z"));
        assertEquals(new TomlOffsetDateTime(OffsetDateTime.of(1979, 5, 27, 0, 32, 0, 0, ZoneOffset.ofHours(-7))),
                value("1979-05-27T00:32:00-07:00"));
        assertEquals(new TomlOffsetDateTime(OffsetDateTime.of(1979, 5, 27, 0, 32, 0, 999_999_000,
                ZoneOffset.ofHoursMinutes(5, 30))), value("1979-05-27T00:32:00.999999+05:30"));
        assertEquals(new TomlOffsetDateTime(OffsetDateTime.of(1979, 5, 27, 7, 32, 0, 0, ZoneOffset.UTC)),
                value("1979-05-27 07:32:00z"), "a space for the T, a lower-case z");
        assertEquals(new TomlLocalDateTime(LocalDateTime.of(1979, 5, 27, 7, 32, 0)), value("1979-05-27T07:32:00"));
        assertEquals(new TomlLocalDateTime(LocalDateTime.of(1979, 5, 27, 0, 32, 0, 999_999_000)),
                value("1979-05-27t00:32:00.999999"));
        assertEquals(new TomlLocalDate(LocalDate.of(1979, 5, 27)), value("1979-05-27"));
        assertEquals(new TomlLocalDate(LocalDate.of(2000, 2, 29)), value("2000-02-29"), "a leap day");
        assertEquals(new TomlLocalTime(LocalTime.of(7, 32, 0)), value("07:32:00"));
        assertEquals(new TomlLocalTime(LocalTime.of(0, 32, 0, 999_999_000)), value("00:32:00.999999"));
        assertEquals(new TomlLocalTime(LocalTime.of(0, 0, 0, 123_456_789)), value("00:00:00.1234567891"),
                "digits beyond nanoseconds are cut off");
        assertEquals(table("d", new TomlLocalDate(LocalDate.of(1979, 5, 27)), "e", integer(1)),
                read("d = 1979-05-27 # a date, then a comment\ne = 1"));
    }

    @Test
    void arrays() throws TomlException {
        assertEquals(array(integer(1), integer(2), integer(3)), value("[ 1, 2, 3 ]"));
        assertEquals(array(), value("[]"));
        assertEquals(array(), value("[\n# nothing\n]"));
        assertEquals(array(array(integer(1), integer(2)), array(string("a"), string("b"))),
                value("[ [ 1, 2 ], [\"a\", 'b'] ]"));
        assertEquals(array(flt(0.1), integer(1), string("x"), bool(true), array(), table("a", integer(1))),
                value("[ 0.1, 1, \"x\", true, [], { a = 1 } ]"), "mixed types are allowed in TOML 1.0");
        assertEquals(array(integer(1), integer(2)), value("[\n  1,\n  2, # this is ok\n]"), "trailing comma, comments");
        assertEquals(array(string("all"), string("strings")), value("[\"all\", 'strings',\r\n]"));
    }

    @Test
    void inlineTables() throws TomlException {
        assertEquals(table("first", string("Tom"), "last", string("Preston-Werner")),
                value("{ first = \"Tom\", last = \"Preston-Werner\" }"));
        assertEquals(table(), value("{}"));
        assertEquals(table("type", table("name", string("pug"))), value("{ type.name = \"pug\" }"));
        assertEquals(table("a", table("b", integer(1), "c", integer(2))), value("{a.b = 1, a.c = 2}"),
                "dotted keys may add to a table within one inline table");
        assertEquals(table("x", table("y", table())), value("{x={y={}}}"));
    }

    @Test
    void tables() throws TomlException {
        assertEquals(table("table-1", table("key1", string("some string"), "key2", integer(123)),
                        "table-2", table("key1", string("another string"), "key2", integer(456))),
                read("[table-1]\nkey1 = \"some string\"\nkey2 = 123\n\n[table-2]\nkey1 = \"another string\"\nkey2 = 456\n"));
        assertEquals(table("dog", table("tater.man", table("type", table("name", string("pug"))))),
                read("[dog.\"tater.man\"]\ntype.name = \"pug\""));
        assertEquals(table("a", table("b", table("c", table())), "d", table("e", table("f", table())),
                        "g", table("h", table("i", table())), "j", table("ʞ", table("l", table()))),
                read("[a.b.c]\n[ d.e.f ]\n[ g .  h  . i ]\n[ j . \"ʞ\" . 'l' ]\n"));
        assertEquals(table("x", table("y", table("z", table("w", table()), "k", integer(1)))),
                read("[x.y.z.w]\n[x]\ny.k = 1\n"), "a super-table defined after its sub-table");
        assertEquals(table("fruit", table("apple", table("color", string("red"), "taste", table("sweet", bool(true)),
                        "texture", table("smooth", bool(true))))),
                read("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n"),
                "a header may add a sub-table to a table made by dotted keys");
        assertEquals(table("a", table("b", integer(1)), "c", table()), read("a.b = 1\n[c]\n"));
    }

    @Test
    void arraysOfTables() throws TomlException {
        assertEquals(table("products", array(table("name", string("Hammer"), "sku", integer(738594937)), table(),
                        table("name", string("Nail"), "color", string("gray")))),
                read("[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]\n\n"
                        + "[[products]]\nname = \"Nail\"\ncolor = \"gray\"\n"));
        assertEquals(table("fruits", array(
                        table("name", string("apple"), "physical", table("color", string("red"), "shape", string("round")),
                                "varieties", array(table("name", string("red delicious")),
                                        table("name", string("granny smith")))),
                        table("name", string("banana"), "varieties", array(table("name", string("plantain")))))),
                read("""
                        [[fruits]]
                        name = "apple"
                        [fruits.physical]
                        color = "red"
                        shape = "round"
                        [[fruits.varieties]]
                        name = "red delicious"
                        [[fruits.varieties]]
                        name = "granny smith"
                        [[fruits]]
                        name = "banana"
                        [[fruits.varieties]]
                        name = "plantain"
                        """));
        assertEquals(table("a", array(table("x", table("y", integer(1))), table("x", table("y", integer(2), "z", table())))),
                read("[[a]]\nx.y = 1\n[[a]]\nx.y = 2\n[a.x.z]\n"), "each table of the array is new to dotted keys");
    }

    @Test
    void entriesKeepTheOrderOfTheDocument() throws TomlException {
        TomlTable t = read("z = 1\na = 2\n[m]\n[b]\n");
        assertEquals(List.of("z", "a", "m", "b"), List.copyOf(t.keys()));
    }

    @Test
    void positionsOfKeysAndItems() throws TomlException {
        TomlTable t = read("a = 1\n[t]\n  key = [1,\n   \"two\"]\n\"é\".x = 3\n");
        assertEquals(new TomlPosition(1, 1), t.position("a"));
        assertEquals(new TomlPosition(2, 2), t.position("t"));
        TomlTable inner = (TomlTable) t.get("t");
        assertEquals(new TomlPosition(3, 3), inner.position("key"));
        TomlArray array = (TomlArray) inner.get("key");
        assertEquals(new TomlPosition(3, 10), array.position(0));
        assertEquals(new TomlPosition(4, 4), array.position(1));
        assertEquals(new TomlPosition(5, 1), inner.position("é"));
        assertEquals(new TomlPosition(5, 5), ((TomlTable) inner.get("é")).position("x"), "columns count characters");
    }

    @Test
    void keyPathsAreWrittenAsTomlWritesThem() {
        assertEquals("a.b-c_1.\"x y\".\"q\\\"\".\"\".\"t\\t\"", TomlKey.path(List.of("a", "b-c_1", "x y", "q\"", "", "t\t")));
        assertEquals("\"\\u0001\"", TomlKey.of("\u0001"));
    }

    // ---- bounds ----

    @Test
    void nestingIsBounded() throws TomlException {
        String atTheBound = "a = " + "[".repeat(TomlReader.DEFAULT_MAX_DEPTH) + "]".repeat(TomlReader.DEFAULT_MAX_DEPTH);
        read(atTheBound);
        TomlException deep = assertThrows(TomlException.class, () -> read("a = " + "[".repeat(100_000)));
        assertEquals("line 1, column 133: tables and arrays nested more than 128 levels deep", deep.getMessage());
        assertThrows(TomlException.class, () -> read("a = " + "{b=".repeat(100_000)));
        assertThrows(TomlException.class, () -> read("[" + "a.".repeat(100_000) + "a]"), "a long header");
        assertThrows(TomlException.class, () -> read("a" + ".a".repeat(100_000) + " = 1"), "a long dotted key");
        StringBuilder arraysInArrays = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            arraysInArrays.append("[[").append("a.".repeat(i)).append("a]]\n");
        }
        TomlException tables = assertThrows(TomlException.class, () -> read(arraysInArrays.toString()),
                "an array of tables is two levels: the array and its table");
        assertTrue(tables.getMessage().startsWith("line 65, "), tables.getMessage());
        TomlException custom = assertThrows(TomlException.class, () -> TomlReader.read("a.b.c.d = 1", 2));
        assertEquals("line 1, column 5: tables and arrays nested more than 2 levels deep", custom.getMessage());
    }

    @Test
    void largeFlatDocumentsAreRead() throws TomlException {
        assertEquals(100_000, ((TomlArray) read("a = [" + "1,".repeat(100_000) + "]").get("a")).items().size());
        assertEquals(10_000, ((TomlArray) read("[[a]]\nb.c = 1\n".repeat(10_000)).get("a")).items().size());
    }

    @Test
    void messageWithTheFileName() {
        TomlException e = assertThrows(TomlException.class, () -> read("a = 1\n\nkey value\n"));
        assertEquals("config.toml:3:5: expected '=' after key key, found 'v'", e.in("config.toml"));
        assertEquals(new TomlPosition(3, 5), e.position());
        assertTrue(e.reason().startsWith("expected '='"), e.reason());
    }

    // ---- invalid documents ----

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                invalid("no value", "a = \n",
                        "line 1, column 5: expected a value, found end of line"),
                invalid("no equals", "a 1\n",
                        "line 1, column 3: expected '=' after key a, found '1'"),
                invalid("two keys on a line", "a = 1 b = 2\n",
                        "line 1, column 7: expected a new line after the value, found 'b'"),
                invalid("key without value at end", "a\n",
                        "line 1, column 2: expected '=' after key a, found end of line"),
                invalid("bare key with a dot at the end", "a. = 1\n",
                        "line 1, column 4: expected a key (letters, digits, '_', '-' or a quoted string), found '='"),
                invalid("empty bare key", "= 1\n",
                        "line 1, column 1: expected a key (letters, digits, '_', '-' or a quoted string), found '='"),
                invalid("multi-line string as key", "\"\"\"a\"\"\" = 1\n",
                        "line 1, column 1: a key cannot be a multi-line string"),
                invalid("non-ASCII bare key", "\u00e9 = 1\n",
                        "line 1, column 1: expected a key (letters, digits, '_', '-' or a quoted string), found 'é'"),
                invalid("duplicate key", "a = 1\na = 2\n",
                        "line 2, column 1: duplicate key a"),
                invalid("duplicate quoted key", "a = 1\n\"a\" = 2\n",
                        "line 2, column 1: duplicate key a"),
                invalid("duplicate key in a table", "[t]\nx = 1\nx = 2\n",
                        "line 3, column 1: duplicate key t.x"),
                invalid("key redefined as a table by dotted keys", "a = 1\na.b = 2\n",
                        "line 2, column 1: cannot use a as a table: it is already an integer"),
                invalid("table defined twice", "[t]\n[t]\n",
                        "line 2, column 1: table [t] is defined twice"),
                invalid("table defined twice, also after a subtable", "[a]\n[a.b]\n[a]\n",
                        "line 3, column 1: table [a] is defined twice"),
                invalid("table over a value", "a = 1\n[a]\n",
                        "line 2, column 1: cannot define table [a]: a is already an integer"),
                invalid("table over a dotted-key table", "a.b = 1\n[a]\n",
                        "line 2, column 1: table [a] is defined twice (first by dotted keys)"),
                invalid("dotted keys into a table defined by a header", "[a.b]\nc = 1\n[a]\nb.d = 2\n",
                        "line 4, column 1: cannot add to table a.b with a dotted key: it is defined by the header [a.b]"),
                invalid("dotted keys into an earlier section's dotted table", "[a]\nb.c = 1\n[x]\n[a.b]\n",
                        "line 4, column 1: table [a.b] is defined twice (first by dotted keys)"),
                invalid("header into an inline table", "a = { b = 1 }\n[a.c]\n",
                        "line 2, column 2: cannot use a as a table: it is already an inline table, which cannot be extended"),
                invalid("dotted key into an inline table", "a = { b = 1 }\na.c = 2\n",
                        "line 2, column 1: cannot use a as a table: it is already an inline table, which cannot be extended"),
                invalid("inline table extending its own inline value", "a = { b = { c = 1 }, b.d = 2 }\n",
                        "line 1, column 22: cannot use a.b as a table: it is already an inline table, which cannot be extended"),
                invalid("array of tables over a static array", "a = []\n[[a]]\n",
                        "line 2, column 1: cannot define array of tables [[a]]: a is already an array"),
                invalid("array of tables over a table", "[a]\n[[a]]\n",
                        "line 2, column 1: cannot define array of tables [[a]]: a is already a table"),
                invalid("table over an array of tables", "[[a]]\n[a]\n",
                        "line 2, column 1: cannot define table [a]: it is an array of tables, add to it with [[a]]"),
                invalid("header into a static array", "a = [{}]\n[a.b]\n",
                        "line 2, column 2: cannot use a as a table: it is already an array"),
                invalid("unclosed header", "[a\n",
                        "line 1, column 3: expected ']' to close the header [a], found end of line"),
                invalid("unclosed array of tables header", "[[a]\n",
                        "line 1, column 4: expected ']]' to close the header [[a]], found ']'"),
                invalid("space inside [[", "[ [a]]\n",
                        "line 1, column 3: expected a key (letters, digits, '_', '-' or a quoted string), found '['"),
                invalid("empty header", "[]\n",
                        "line 1, column 2: expected a key (letters, digits, '_', '-' or a quoted string), found ']'"),
                invalid("text after a header", "[a] b = 1\n",
                        "line 1, column 5: expected a new line after the table header, found 'b'"),
                invalid("unterminated basic string", "a = \"abc\n",
                        "line 1, column 5: unterminated string: expected \" before the end of the line"),
                invalid("unterminated literal string", "a = 'abc\n",
                        "line 1, column 5: unterminated string: expected ' before the end of the line"),
                invalid("unterminated multi-line string", "a = \"\"\"abc\n",
                        "line 1, column 5: unterminated multi-line string: expected \"\"\""),
                invalid("unterminated multi-line literal string", "a = '''abc\n",
                        "line 1, column 5: unterminated multi-line string: expected '''"),
                invalid("newline in a basic string", "a = \"a\nb\"\n",
                        "line 1, column 5: unterminated string: expected \" before the end of the line"),
                invalid("invalid escape", "a = \"\\q\"\n",
                        "line 1, column 6: invalid escape sequence \\q, expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uHHHH \\UHHHHHHHH"),
                invalid("escape \\e (only TOML 1.1)", "a = \"\\e\"\n",
                        "line 1, column 6: invalid escape sequence \\e, expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uHHHH \\UHHHHHHHH"),
                invalid("escape \\x (only TOML 1.1)", "a = \"\\x41\"\n",
                        "line 1, column 6: invalid escape sequence \\x, expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uHHHH \\UHHHHHHHH"),
                invalid("short \\u escape", "a = \"\\u12\"\n",
                        "line 1, column 6: invalid unicode escape: expected 4 hexadecimal digits after \\u"),
                invalid("surrogate \\u escape", "a = \"\\uDC00\"\n",
                        "line 1, column 6: invalid unicode escape U+DC00: a surrogate is not a Unicode scalar value"),
                invalid("\\U beyond U+10FFFF", "a = \"\\U00110000\"\n",
                        "line 1, column 6: invalid unicode escape: beyond U+10FFFF"),
                invalid("control character in a string", "a = \"\u0001\"\n",
                        "line 1, column 6: control character U+0001 is not allowed in a string (a basic string may write it as an escape)"),
                invalid("DEL in a literal string", "a = '\u007f'\n",
                        "line 1, column 6: control character U+007F is not allowed in a string (a basic string may write it as an escape)"),
                invalid("control character in a comment", "# \u0001\n",
                        "line 1, column 3: control character U+0001 is not allowed in a comment"),
                invalid("bare CR", "a = 1\r\n\r",
                        "line 2, column 1: a carriage return must be followed by a line feed"),
                invalid("CR without LF in a multi-line string", "a = \"\"\"\rx\"\"\"\n",
                        "line 1, column 8: a carriage return must be followed by a line feed"),
                invalid("six quotes closing", "a = \"\"\"a\"\"\"\"\"\"\n",
                        "line 1, column 14: expected a new line after the value, found '\"'"),
                invalid("leading zero", "a = 01\n",
                        "line 1, column 5: leading zeros are not allowed: 01"),
                invalid("leading zero in a float", "a = 01.5\n",
                        "line 1, column 5: leading zeros are not allowed: 01.5"),
                invalid("leading underscore", "a = _1\n",
                        "line 1, column 5: expected a value (string, number, boolean, date-time, array or inline table), found _1"),
                invalid("trailing underscore", "a = 1_\n",
                        "line 1, column 5: invalid number 1_: an underscore must be between two digits"),
                invalid("double underscore", "a = 1__2\n",
                        "line 1, column 5: invalid number 1__2: an underscore must be between two digits"),
                invalid("underscore next to the point", "a = 1_.5\n",
                        "line 1, column 5: invalid number 1_.5: an underscore must be between two digits"),
                invalid("integer beyond 64 bits", "a = 9223372036854775808\n",
                        "line 1, column 5: integer 9223372036854775808 does not fit in 64 bits (from -9223372036854775808 to 9223372036854775807)"),
                invalid("negative integer beyond 64 bits", "a = -9223372036854775809\n",
                        "line 1, column 5: integer -9223372036854775809 does not fit in 64 bits (from -9223372036854775808 to 9223372036854775807)"),
                invalid("hex beyond 64 bits", "a = 0x8000000000000000\n",
                        "line 1, column 5: integer 0x8000000000000000 does not fit in 64 bits (the largest is 9223372036854775807)"),
                invalid("sign on hex", "a = +0x1\n",
                        "line 1, column 5: invalid number +0x1"),
                invalid("capital X prefix", "a = 0X1\n",
                        "line 1, column 5: invalid number 0X1"),
                invalid("hex without digits", "a = 0x\n",
                        "line 1, column 5: invalid number 0x"),
                invalid("bad octal digit", "a = 0o8\n",
                        "line 1, column 5: invalid number 0o8: '8' is not a digit in base 8"),
                invalid("bad binary digit", "a = 0b2\n",
                        "line 1, column 5: invalid number 0b2: '2' is not a digit in base 2"),
                invalid("float without digits after the point", "a = 1.\n",
                        "line 1, column 5: invalid number 1.: expected a digit after '.'"),
                invalid("float without digits before the point", "a = .5\n",
                        "line 1, column 5: expected a value (string, number, boolean, date-time, array or inline table), found .5"),
                invalid("point before exponent", "a = 1.e5\n",
                        "line 1, column 5: invalid number 1.e5: expected a digit after '.'"),
                invalid("exponent without digits", "a = 1e\n",
                        "line 1, column 5: invalid number 1e: expected a digit after 'e'"),
                invalid("float beyond 64 bits", "a = 1e400\n",
                        "line 1, column 5: float 1e400 is beyond the range of a 64-bit float"),
                invalid("infinity spelled out", "a = infinity\n",
                        "line 1, column 5: expected a value (string, number, boolean, date-time, array or inline table), found infinity"),
                invalid("capitalised boolean", "a = True\n",
                        "line 1, column 5: expected a value (string, number, boolean, date-time, array or inline table), found True"),
                invalid("bare word", "a = yes\n",
                        "line 1, column 5: expected a value (string, number, boolean, date-time, array or inline table), found yes"),
                invalid("month 13", "a = 1979-13-01\n",
                        "line 1, column 5: invalid date 1979-13-01: Invalid value for MonthOfYear (valid values 1 - 12): 13"),
                invalid("February 30", "a = 1979-02-30\n",
                        "line 1, column 5: invalid date 1979-02-30: Invalid date 'FEBRUARY 30'"),
                invalid("hour 24", "a = 24:00:00\n",
                        "line 1, column 5: invalid time in 24:00:00: Invalid value for HourOfDay (valid values 0 - 23): 24"),
                invalid("leap second", "a = 1979-05-27T23:59:60Z\n",
                        "line 1, column 5: invalid time in 1979-05-27T23:59:60Z: Invalid value for SecondOfMinute (valid values 0 - 59): 60"),
                invalid("time without seconds", "a = 07:32\n",
                        "line 1, column 5: invalid time in 07:32: expected HH:MM:SS"),
                invalid("fraction without digits", "a = 07:32:00.\n",
                        "line 1, column 5: invalid time in 07:32:00.: expected HH:MM:SS or HH:MM:SS.fraction"),
                invalid("offset without minutes", "a = 1979-05-27T07:32:00+07\n",
                        "line 1, column 5: invalid offset in 1979-05-27T07:32:00+07: expected Z or +HH:MM / -HH:MM up to 23:59"),
                invalid("offset hour 24", "a = 1979-05-27T07:32:00+24:00\n",
                        "line 1, column 5: invalid offset in 1979-05-27T07:32:00+24:00: expected Z or +HH:MM / -HH:MM up to 23:59"),
                invalid("one-digit day", "a = 1979-05-7\n",
                        "line 1, column 5: invalid date 1979-05-7: expected YYYY-MM-DD"),
                invalid("array without comma", "a = [1 2]\n",
                        "line 1, column 8: expected ',' or ']' after an array item, found '2'"),
                invalid("array with two commas", "a = [1,,2]\n",
                        "line 1, column 8: expected a value, found ','"),
                invalid("unclosed array", "a = [1, 2\n",
                        "line 2, column 1: expected ',' or ']' after an array item, found end of input"),
                invalid("inline table trailing comma", "a = { b = 1, }\n",
                        "line 1, column 14: a trailing comma is not allowed in an inline table"),
                invalid("inline table across lines", "a = { b = 1,\nc = 2 }\n",
                        "line 1, column 13: expected a key after ',' (an inline table is written on one line), found end of line"),
                invalid("inline table without comma", "a = { b = 1 c = 2 }\n",
                        "line 1, column 13: expected ',' or '}' after a value of the inline table a, found 'c'"),
                invalid("unclosed inline table", "a = { b = 1\n",
                        "line 1, column 12: expected ',' or '}' after a value of the inline table a (an inline table is written on one line), found end of line"),
                invalid("duplicate key in an inline table", "a = { b = 1, b = 2 }\n",
                        "line 1, column 14: duplicate key a.b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void invalidDocumentsAreRefusedWithWhereAndWhy(String name, String text, String message) {
        TomlException e = assertThrows(TomlException.class, () -> read(text), () -> "read: " + text);
        assertEquals(message, e.getMessage());
    }

    private static Arguments invalid(String name, String text, String message) {
        return Arguments.of(name, text, message);
    }

    // ---- helpers ----

    private static TomlTable read(String text) throws TomlException {
        return TomlReader.read(text);
    }

    /** The value of {@code v = text}. */
    private static TomlValue value(String text) throws TomlException {
        return read("v = " + text + "\n").get("v");
    }

    private static TomlTable table(Object... keysAndValues) {
        Map<String, TomlValue> entries = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.put((String) keysAndValues[i], (TomlValue) keysAndValues[i + 1]);
        }
        return TomlTable.of(entries);
    }

    private static TomlArray array(TomlValue... items) {
        return TomlArray.of(items);
    }

    private static TomlString string(String s) {
        return new TomlString(s);
    }

    private static TomlInteger integer(long l) {
        return new TomlInteger(l);
    }

    private static TomlFloat flt(double d) {
        return new TomlFloat(d);
    }

    private static TomlBoolean bool(boolean b) {
        return new TomlBoolean(b);
    }
}
