package io.northstar.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.common.Name;
import io.northstar.common.NonNulString;
import io.northstar.common.Version;
import io.northstar.manifest.ConsolePermission;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleCodecTest {
    private final ConsoleCodec codec = new ConsoleCodec();

    private static Container c(String s) {
        return Container.parse(s);
    }

    /** The message of the error that decoding {@code line} must end in. */
    private String decodingError(String line) {
        return assertThrows(ConsoleDecodingException.class, () -> codec.decode(line)).getMessage();
    }

    /** Input serde accepts in more than one form; output is always the canonical form. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // unit variants as {"name": null}
        "{\"request\":{\"list\":null}}|{\"request\":\"list\"}",
        "{\"request\":{\"ident\":null}}|{\"request\":\"ident\"}",
        "{\"response\":{\"shutdown\":null}}|{\"response\":\"shutdown\"}",
        "{\"connect_nack\":{\"permission_denied\":null}}|{\"connect_nack\":\"permission_denied\"}",
        "{\"response\":{\"token_verification\":{\"Ok\":null}}}|{\"response\":{\"token_verification\":\"Ok\"}}",
        "{\"notification\":{\"shutdown\":null}}|{\"notification\":\"shutdown\"}",
        // init optional (the doc example of section 11 omits it)
        "{\"request\":{\"start\":{\"container\":\"hello-world:0.0.1\",\"arguments\":[],\"environment\":{}}}}"
            + "|{\"request\":{\"start\":{\"container\":\"hello-world:0.0.1\",\"init\":null,\"arguments\":[],\"environment\":{}}}}",
        // pre-release and build metadata are dropped
        "{\"request\":{\"inspect\":{\"container\":\"hello:1.0.0-rc.1+b5\"}}}|{\"request\":{\"inspect\":{\"container\":\"hello:1.0.0\"}}}",
        "{\"connect\":{\"version\":\"0.9.3-pre\",\"subscribe_notifications\":false}}|{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":false}}",
        // unknown keys are ignored, key order is free, whitespace around and inside is fine
        "{\"request\":{\"kill\":{\"signal\":9,\"x\":[1,{}],\"container\":\"a:0.0.1\"}},\"extra\":true}|{\"request\":{\"kill\":{\"container\":\"a:0.0.1\",\"signal\":9}}}",
        "` \t{ \"request\" : \"list\" } \r `|{\"request\":\"list\"}",
        // untagged envelope: the first variant in declaration order wins
        "{\"request\":\"list\",\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":true}}|{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":true}}",
        // ... and a later key is used when the earlier one does not fit
        "{\"connect\":{},\"request\":\"list\"}|{\"request\":\"list\"}",
        "{\"connect_ack\":{},\"request\":\"ident\"}|{\"request\":\"ident\"}",
        // missing Option fields of the memory notification are None
        "{\"notification\":{\"c_group\":[\"a:0.0.1\",{\"memory\":{\"oom\":1}}]}}|{\"notification\":{\"c_group\":[\"a:0.0.1\",{\"memory\":{\"low\":null,\"high\":null,\"max\":null,\"oom\":1,\"oom_kill\":null}}]}}",
        // the missing resource's version is plain text (a version or a requirement), kept as sent
        "{\"response\":{\"start\":{\"error\":{\"container\":\"a:0.0.1\",\"error\":{\"start_container_missing_resource\":{\"container\":\"a:0.0.1\",\"resource\":\"r\",\"version\":\"1.2.3\"}}}}}}"
            + "|{\"response\":{\"start\":{\"error\":{\"container\":\"a:0.0.1\",\"error\":{\"start_container_missing_resource\":{\"container\":\"a:0.0.1\",\"resource\":\"r\",\"version\":\"1.2.3\"}}}}}}",
        "{\"response\":{\"start\":{\"error\":{\"container\":\"a:0.0.1\",\"error\":{\"start_container_missing_resource\":{\"container\":\"a:0.0.1\",\"resource\":\"r\",\"version\":\">=1.2, <2\"}}}}}}"
            + "|{\"response\":{\"start\":{\"error\":{\"container\":\"a:0.0.1\",\"error\":{\"start_container_missing_resource\":{\"container\":\"a:0.0.1\",\"resource\":\"r\",\"version\":\">=1.2, <2\"}}}}}}",
        "{\"response\":{\"start\":{\"error\":{\"container\":\"a:0.0.1\",\"error\":{\"start_container_missing_resource\":{\"container\":\"a:0.0.1\",\"resource\":\"r\",\"version\":\">=x\"}}}}}}"
            + "|{\"response\":{\"start\":{\"error\":{\"container\":\"a:0.0.1\",\"error\":{\"start_container_missing_resource\":{\"container\":\"a:0.0.1\",\"resource\":\"r\",\"version\":\">=x\"}}}}}}",
        // integers may carry a negative zero or big exponents-free forms
        "{\"request\":{\"kill\":{\"container\":\"a:0.0.1\",\"signal\":-2147483648}}}|{\"request\":{\"kill\":{\"container\":\"a:0.0.1\",\"signal\":-2147483648}}}",
        "{\"request\":{\"install\":{\"repository\":\"\",\"size\":18446744073709551615}}}|{\"request\":{\"install\":{\"repository\":\"\",\"size\":18446744073709551615}}}",
        // a map key given twice: the last value wins, as in a serde HashMap
        "{\"request\":{\"start\":{\"container\":\"a:0.0.1\",\"arguments\":[],\"environment\":{\"A\":\"1\",\"B\":\"x\",\"A\":\"2\"}}}}"
            + "|{\"request\":{\"start\":{\"container\":\"a:0.0.1\",\"init\":null,\"arguments\":[],\"environment\":{\"A\":\"2\",\"B\":\"x\"}}}}",
        // a key repeated in an ignored object does not matter
        "{\"request\":\"list\",\"x\":{\"a\":1,\"a\":2}}|{\"request\":\"list\"}",
        // a set of repositories with a duplicate becomes a set
        "{\"response\":{\"repositories\":[\"a\",\"b\",\"a\"]}}|{\"response\":{\"repositories\":[\"a\",\"b\"]}}",
        // escapes: serde_json writes \\u00xx in lowercase and the short forms, nothing else
        "{\"request\":{\"install\":{\"repository\":\"\\u001F\\u0001\\b\\f\\n\\r\\t\\\"\\\\\\/\\u00e4\\u007f\",\"size\":1}}}"
            + "|{\"request\":{\"install\":{\"repository\":\"\\u001f\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\u00e4\u007f\",\"size\":1}}}",
        "{\"request\":{\"install\":{\"repository\":\"\\ud83d\\ude00\",\"size\":1}}}|{\"request\":{\"install\":{\"repository\":\"\ud83d\ude00\",\"size\":1}}}",
    })
    void acceptsSerdeInputFormsAndEmitsTheCanonicalOne(String in, String out) {
        Message m = codec.decode(in);
        assertEquals(out, codec.encode(m));
        assertEquals(m, codec.decode(out));
    }

    @Test
    void buildsTheSpecExamplesFromJavaValues() {
        assertEquals("{\"request\":{\"start\":{\"container\":\"hello-world:0.0.1\",\"init\":\"/bin/sh\",\"arguments\":[\"-c\",\"echo hi\"],\"environment\":{\"FOO\":\"bar\"}}}}",
                codec.encode(new Request.Start(c("hello-world:0.0.1"), Optional.of(NonNulString.of("/bin/sh")),
                        List.of(NonNulString.of("-c"), NonNulString.of("echo hi")),
                        Map.of(NonNulString.of("FOO"), NonNulString.of("bar")))));
        assertEquals("{\"notification\":{\"c_group\":[\"foo:1.0.0\",{\"memory\":{\"low\":null,\"high\":null,\"max\":3,\"oom\":1,\"oom_kill\":1}}]}}",
                codec.encode(new Notification.CGroup(c("foo:1.0.0"), new CgroupNotification.Memory(
                        new MemoryNotification(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(3),
                                OptionalLong.of(1), OptionalLong.of(1))))));
        assertEquals("{\"notification\":{\"c_group\":[\"foo:1.0.0\",{\"memory\":{\"low\":null,\"high\":null,\"max\":null,\"oom\":1,\"oom_kill\":null}}]}}",
                codec.encode(new Notification.CGroup(c("foo:1.0.0"), new CgroupNotification.Memory(MemoryNotification.oomV1()))));
        assertEquals("{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":true}}",
                codec.encode(Connect.current(true)));
        assertEquals("{\"connect_ack\":null}", codec.encode(new ConnectAck()));
        assertEquals("{\"response\":{\"permission_denied\":{\"kill\":{\"container\":\"foo:1.0.0\",\"signal\":9}}}}",
                codec.encode(new Response.PermissionDenied(new Request.Kill(c("foo:1.0.0"), 9))));
        assertEquals("{\"response\":{\"repositories\":[\"default\",\"memory\"]}}",
                codec.encode(new Response.Repositories(Set.of("default", "memory").stream().sorted()
                        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)))));
        assertEquals("{\"request\":{\"install\":{\"repository\":\"r\",\"size\":18446744073709551615}}}",
                codec.encode(new Request.Install("r", -1L)));
        assertEquals("{\"request\":{\"token_create\":{\"target\":\"x\",\"shared\":\"\"}}}",
                codec.encode(new Request.TokenCreate(Name.of("x"), new byte[0])));
        assertEquals("{\"notification\":{\"exit\":[\"foo:1.0.0\",{\"signalled\":{\"signal\":4294967295}}]}}",
                codec.encode(new Notification.Exit(c("foo:1.0.0"), new ExitStatus.Signalled(4294967295L))));
    }

    @Test
    void environmentKeepsInsertionOrder() {
        Map<NonNulString, NonNulString> env = new LinkedHashMap<>();
        env.put(NonNulString.of("Z"), NonNulString.of("1"));
        env.put(NonNulString.of("A"), NonNulString.of("2"));
        String line = codec.encode(new Request.Start(c("a:0.0.1"), Optional.empty(), List.of(), env));
        assertTrue(line.contains("\"environment\":{\"Z\":\"1\",\"A\":\"2\"}"), line);
        assertEquals(line, codec.encode(codec.decode(line)));
    }

    @Test
    void statisticsAreOpaqueJsonKeptAsReceived() {
        String line = "{\"response\":{\"inspect\":{\"ok\":{\"container\":\"foo:1.0.0\",\"data\":{\"manifest\":{\"name\":\"foo\",\"version\":\"1.0.0\",\"uid\":1,\"gid\":1},"
                + "\"repository\":\"default\",\"mounted\":true,\"process\":{\"pid\":4294967295,\"uptime\":18446744073709551615,"
                + "\"statistics\":{\"memory\":{\"memory\":{\"usage_in_bytes\":123,\"stat\":{\"cache\":0}},\"kmem\":null,\"kmem_tcp\":[1.5,-2,\"x\"]},\"cpu\":{},\"blkio\":[]}}}}}}}";
        Message m = codec.decode(line);
        assertEquals(line, codec.encode(m));
        Response.Inspect inspect = assertInstanceOf(Response.Inspect.class, m);
        InspectResult.Ok ok = assertInstanceOf(InspectResult.Ok.class, inspect.result());
        ContainerProcess p = ok.data().process().orElseThrow();
        assertEquals(4294967295L, p.pid());
        assertEquals(-1L, p.uptime());
        assertEquals(Set.of("memory", "cpu", "blkio"), p.statistics().keySet());
    }

    @Test
    void floatsAreWrittenAsSerdeJsonDoes() {
        // Jackson would write 1.0E10, 1.0E-7, 1.0E16 and 1.0E15.
        String sent = "{\"response\":{\"inspect\":{\"ok\":{\"container\":\"foo:1.0.0\",\"data\":{\"manifest\":{\"name\":\"foo\",\"version\":\"1.0.0\",\"uid\":1,\"gid\":1,"
                + "\"custom\":{\"big\":1e10,\"small\":1.0E-7,\"list\":[1e16,1E15,0.1,-0.0,5e-324]}},"
                + "\"repository\":\"default\",\"mounted\":true,\"process\":{\"pid\":1,\"uptime\":2,"
                + "\"statistics\":{\"cpu\":{\"load\":1.5e-7,\"max\":1.7976931348623157e308}}}}}}}}";
        String written = codec.encode(codec.decode(sent));
        assertTrue(written.contains("\"custom\":{\"big\":10000000000.0,\"small\":1e-7,\"list\":[1e16,1000000000000000.0,0.1,-0.0,5e-324]}"),
                written);
        assertTrue(written.contains("\"statistics\":{\"cpu\":{\"load\":1.5e-7,\"max\":1.7976931348623157e308}}"), written);
        assertEquals(written, codec.encode(codec.decode(written)));
    }

    @Test
    void anInspectedManifestIsDeserializedNotValidated() {
        // uid 0 and an init without a leading '/' break the manifest's validation rules, not its types.
        String line = "{\"response\":{\"inspect\":{\"ok\":{\"container\":\"foo:1.0.0\",\"data\":{\"manifest\":{\"name\":\"foo\",\"version\":\"1.0.0\",\"init\":\"bin/foo\",\"uid\":0,\"gid\":0},"
                + "\"repository\":\"default\",\"mounted\":false,\"process\":null}}}}}";
        Message m = codec.decode(line);
        assertEquals(line, codec.encode(m));
        InspectResult.Ok ok = assertInstanceOf(InspectResult.Ok.class, assertInstanceOf(Response.Inspect.class, m).result());
        assertEquals(0, ok.data().manifest().uid());
        // A wrong type is still a decoding error, as in serde.
        ConsoleDecodingException e = assertThrows(ConsoleDecodingException.class,
                () -> codec.decode(line.replace("\"uid\":0", "\"uid\":\"0\"")));
        assertTrue(e.getMessage().contains("manifest.uid"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] line = "{\"request\":{\"install\":{\"repository\":\"X\",\"size\":1}}}".getBytes(StandardCharsets.UTF_8);
        line[line.length - 17] = (byte) 0xff;
        ConsoleDecodingException e = assertThrows(ConsoleDecodingException.class, () -> codec.decode(line));
        assertEquals("message: line is not valid UTF-8", e.getMessage());
        // overlong encoding of '/' and a UTF-16 surrogate encoded in UTF-8 are not UTF-8 either
        assertThrows(ConsoleDecodingException.class, () -> codec.decode(new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'}));
        assertThrows(ConsoleDecodingException.class,
                () -> codec.decode(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}));
        assertInstanceOf(Request.List.class, codec.decode("{\"request\":\"list\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void emptyAndBlankLinesAreErrors() {
        assertEquals("message: empty line", decodingError(""));
        assertEquals("message: empty line", decodingError("  "));
    }

    @Test
    void overlongNamesAndContainersNameTheField() {
        String name = "a".repeat(1025);
        ConsoleDecodingException e = assertThrows(ConsoleDecodingException.class, () -> codec.decode(
                "{\"request\":{\"token_create\":{\"target\":\"" + name + "\",\"shared\":\"\"}}}"));
        assertEquals("request.token_create.target", e.path());
        assertTrue(e.getMessage().contains("longer than 1024"), e.getMessage());
        // A name of exactly 1024 bytes is fine.
        codec.decode("{\"request\":{\"inspect\":{\"container\":\"" + "b".repeat(1024) + ":0.0.1\"}}}");
        // Error messages quote at most a short prefix of huge input.
        String huge = "x".repeat(100_000);
        ConsoleDecodingException big = assertThrows(ConsoleDecodingException.class,
                () -> codec.decode("{\"request\":{\"inspect\":{\"container\":\"" + huge + "\"}}}"));
        assertTrue(big.getMessage().length() < 400, big.getMessage());
    }

    @Test
    void stringsLongerThanJacksonsDefaultLimitAreFine() {
        // Jackson 2.17 refuses strings over 20,000,000 chars by default; serde_json has no limit.
        String big = "y".repeat(20_000_001);
        Message m = codec.decode("{\"response\":{\"start\":{\"error\":{\"container\":\"a:0.0.1\",\"error\":"
                + "{\"start_container_failed\":{\"container\":\"a:0.0.1\",\"error\":\"" + big + "\"}}}}}}");
        ContainerResult.Err err = assertInstanceOf(ContainerResult.Err.class, assertInstanceOf(Response.Start.class, m).result());
        assertEquals(big.length(), assertInstanceOf(ConsoleError.StartContainerFailed.class, err.error()).error().length());
    }

    @Test
    void nestingUpToSerdesRecursionLimitIsAccepted() {
        // {"request": ..., "x": [[...]]}: the outer object is level 1, so 126 arrays make 127 levels.
        String deep = "[".repeat(126) + "]".repeat(126);
        assertInstanceOf(Request.List.class, codec.decode("{\"request\":\"list\",\"x\":" + deep + "}"));
        String tooDeep = "[".repeat(127) + "]".repeat(127);
        ConsoleDecodingException e = assertThrows(ConsoleDecodingException.class,
                () -> codec.decode("{\"request\":\"list\",\"x\":" + tooDeep + "}"));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"request\":{\"uninstall\":{\"container\":\"a:0.0.1\",\"wipe\":\"true\"}}}|request.uninstall.wipe: expected a boolean, found string \"true\"",
        "{\"request\":{\"mount\":{\"containers\":\"a:0.0.1\"}}}|request.mount.containers: expected an array, found string \"a:0.0.1\"",
        "{\"request\":{\"start\":{\"container\":\"a:0.0.1\",\"arguments\":[],\"environment\":[]}}}|request.start.environment: expected an object, found an array",
        "{\"request\":{\"start\":{\"container\":\"a:0.0.1\",\"arguments\":[1],\"environment\":{}}}}|request.start.arguments[0]: expected a string, found number 1",
        "{\"request\":{\"inspect\":[\"a:0.0.1\"]}}|request.inspect: expected an object, found an array",
        "{\"response\":{\"list\":null}}|response.list: expected an array, found null",
        "{\"request\":1}|request: expected Request (a string or an object with one key), found number 1",
        "{\"connect\":{\"version\":\"0.9.3\",\"subscribe_notifications\":1}}|connect.subscribe_notifications: expected a boolean, found number 1",
    })
    void wrongTypesNameTheExpectedAndFoundType(String line, String message) {
        assertEquals(message, decodingError(line));
    }

    @Test
    void permissionOfEachRequest() {
        Container a = c("a:0.0.1");
        assertEquals(ConsolePermission.START, new Request.Start(a).requiredPermission());
        assertEquals(ConsolePermission.START_COMMAND, new Request.Start(a, Optional.of(NonNulString.of("/x")), List.of(), Map.of()).requiredPermission());
        assertEquals(ConsolePermission.START_COMMAND, new Request.Start(a, Optional.empty(), List.of(NonNulString.of("")), Map.of()).requiredPermission());
        assertEquals(ConsolePermission.START_COMMAND, new Request.Start(a, Optional.empty(), List.of(),
                Map.of(NonNulString.of("A"), NonNulString.of("B"))).requiredPermission());
        assertEquals(ConsolePermission.TOKEN_VERIFICATION,
                new Request.TokenVerify(new Token(new byte[40]), Name.of("u"), new byte[0]).requiredPermission());
        assertEquals(ConsolePermission.TOKEN_CREATE, new Request.TokenCreate(Name.of("u"), new byte[0]).requiredPermission());
        assertEquals(ConsolePermission.LIST, new Request.List().requiredPermission());
        assertEquals(ConsolePermission.IDENT, new Request.Ident().requiredPermission());
        assertEquals(ConsolePermission.UMOUNT, new Request.Umount(List.of()).requiredPermission());
        assertEquals(ConsolePermission.MOUNT, new Request.Mount(List.of()).requiredPermission());
        assertEquals(ConsolePermission.INSTALL, new Request.Install("x", 1).requiredPermission());
        assertEquals(ConsolePermission.UNINSTALL, new Request.Uninstall(a, false).requiredPermission());
        assertEquals(ConsolePermission.KILL, new Request.Kill(a, 9).requiredPermission());
        assertEquals(ConsolePermission.INSPECT, new Request.Inspect(a).requiredPermission());
        assertEquals(ConsolePermission.SHUTDOWN, new Request.Shutdown().requiredPermission());
        assertEquals(ConsolePermission.REPOSITORIES, new Request.Repositories().requiredPermission());
        assertEquals(ConsolePermission.LOGS, new Request.Logs(a, OptionalLong.empty(), true).requiredPermission());
        assertEquals(ConsolePermission.UPDATE, new Request.Update("x", 1, java.util.Optional.empty()).requiredPermission());
        assertEquals(17, ConsolePermission.values().length);
        assertEquals("token_verification", ConsolePermission.TOKEN_VERIFICATION.wireName());
    }

    @ParameterizedTest
    @CsvSource({"0.9.0,true", "0.9.3,true", "0.9.99,true", "0.10.0,true", "1.0.0,true", "0.8.9,false", "0.0.1,false"})
    void apiVersionAcceptance(String client, boolean accepted) {
        assertEquals(accepted, ApiVersion.accepts(Version.parse(client)));
    }

    @Test
    void tokenValueSemantics() {
        byte[] b = new byte[40];
        b[0] = 7;
        Token t = new Token(b);
        b[0] = 8;
        assertEquals(7, t.bytes()[0]);
        assertEquals(new Token(t.bytes()), t);
        assertThrows(IllegalArgumentException.class, () -> new Token(new byte[39]));
    }

    @Test
    void failureOfResults() {
        Container a = c("a:0.0.1");
        assertTrue(new ContainerResult.Ok(a).failure().isEmpty());
        assertEquals(Optional.of(new ConsoleError.UmountBusy(a)), new ContainerResult.Err(a, new ConsoleError.UmountBusy(a)).failure());
        assertEquals(Optional.of(new ConsoleError.Unexpected("x")), new InstallResult.Err(new ConsoleError.Unexpected("x")).failure());
    }
}
