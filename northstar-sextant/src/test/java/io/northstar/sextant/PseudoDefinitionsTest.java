package io.northstar.sextant;

import io.northstar.manifest.Manifest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The pseudo definitions of spec npk-format §10.3. */
class PseudoDefinitionsTest {
    static final String HELLO_WORLD = "name: hello-world\nversion: 0.0.1\ninit: /hello-world\nuid: 1000\ngid: 1000\n"
            + "mounts:\n  /proc:\n    type: proc\n  /lib64:\n    type: bind\n    host: /lib64\n"
            + "  /dev:\n    type: dev\n  /lib:\n    type: bind\n    host: /lib\n";

    static final String SPEC_STDIN = """
            /dev d 755 1000 1000
            /dev/full c 666 1000 1000 1 7
            /dev/full x security.selinux=u:object_r:null_device:s0
            /dev/null c 666 1000 1000 1 3
            /dev/null x security.selinux=u:object_r:full_device:s0
            /dev/random c 666 1000 1000 1 8
            /dev/random x security.selinux=u:object_r:full_device:s0
            /dev/tty c 666 1000 1000 5 0
            /dev/tty x security.selinux=u:object_r:owntty_device:s0
            /dev/urandom c 666 1000 1000 1 9
            /dev/urandom x security.selinux=u:object_r:random_device:s0
            /dev/zero c 666 1000 1000 1 5
            /dev/zero x security.selinux=u:object_r:zero_device:s0
            /proc/self/fd d 777 1000 1000
            /dev/fd s 777 1000 1000 /proc/self/fd
            /dev/fd x security.selinux=u:r:su:s0
            /dev/stdin s 777 1000 1000 /proc/self/fd/0
            /dev/stdin x security.selinux=u:r:su:s0
            /dev/stdout s 777 1000 1000 /proc/self/fd/1
            /dev/stdout x security.selinux=u:r:su:s0
            /dev/stderr s 777 1000 1000 /proc/self/fd/2
            /dev/stderr x security.selinux=u:r:su:s0
            /lib d 555 1000 1000
            /lib64 d 555 1000 1000
            /proc d 444 1000 1000
            """;

    @Test
    void helloWorldExampleIsLineForLineTheSpec() {
        Manifest m = Manifest.parse(HELLO_WORLD);
        assertEquals(SPEC_STDIN, PseudoDefinitions.render(PseudoDefinitions.of(m), true));
    }

    @Test
    void withoutXattrsForMksquashfs45() {
        Manifest m = Manifest.parse(HELLO_WORLD);
        String text = PseudoDefinitions.render(PseudoDefinitions.of(m), false);
        assertFalse(text.contains(" x "));
        assertEquals(SPEC_STDIN.lines().filter(l -> !l.contains(" x ")).toList(), text.lines().toList());
    }

    @Test
    void modesPerMountTypeAndPrefixes() {
        Manifest m = Manifest.parse("name: a\nversion: 0.0.1\ninit: /a\nuid: 7\ngid: 8\nmounts:\n"
                + "  /a/b/rw:\n    type: bind\n    host: /tmp\n    options: rw\n"
                + "  /sys:\n    type: sysfs\n"
                + "  /data:\n    type: persist\n"
                + "  /tmp:\n    type: tmpfs\n    size: 1024\n"
                + "  /run/sockets:\n    type: sockets\n"
                + "  /res:\n    type: resource\n    name: r\n    version: '>=1.0.0'\n    dir: /\n");
        assertEquals("""
                /a d 755 7 8
                /a/b d 755 7 8
                /a/b/rw d 755 7 8
                /data d 755 7 8
                /res d 555 7 8
                /run d 755 7 8
                /run/sockets d 755 7 8
                /sys d 444 7 8
                /tmp d 755 7 8
                """, PseudoDefinitions.render(PseudoDefinitions.of(m), true));
    }

    @Test
    void devWithoutProcHasNoFdLinks() {
        Manifest m = Manifest.parse("name: a\nversion: 0.0.1\ninit: /a\nuid: 1\ngid: 1\nmounts:\n  /dev:\n    type: dev\n");
        String text = PseudoDefinitions.render(PseudoDefinitions.of(m), true);
        assertFalse(text.contains("/proc/self/fd d"));
        assertEquals(13, text.lines().count());
    }

    @Test
    void mksquashfsVersionParsing() {
        assertEquals(new MksquashfsVersion(4, 6), MksquashfsVersion.parse("mksquashfs version 4.6.1 (2023/03/25)\ncopyright"));
        assertEquals(new MksquashfsVersion(4, 5), MksquashfsVersion.parse("mksquashfs version 4.5.1 (2022/03/17)"));
        assertEquals(new MksquashfsVersion(4, 6), MksquashfsVersion.parse("mksquashfs version 4.6-e0485802 (2023/03/25)"));
        assertEquals(new MksquashfsVersion(0, 0), MksquashfsVersion.parse("something else"));
        assertEquals(new MksquashfsVersion(0, 0), MksquashfsVersion.parse(""));
        assertFalse(new MksquashfsVersion(4, 5).supportsStdinAndXattrPseudo());
    }
}
