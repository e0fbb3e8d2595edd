package io.northstar.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The man pages of the release render with man(1), without warnings, and follow the commands. */
class ManPagesIT {
    static final Path MAN = Release.TARGET.resolve("common/man");

    static Command render(Path page) throws Exception {
        return Command.run(List.of("man", "--warnings", "-l", page.toString()),
                Map.of("MANWIDTH", "80", "MAN_KEEP_FORMATTING", "", "PAGER", "cat"), null);
    }

    @Test
    void everyPageRendersWithoutWarnings() throws Exception {
        assumeTrue(Command.available("man"), "man is not installed (apt-get install man-db)");
        for (String name : List.of("nstar.1", "sextant.1", "northstar.8", "northstar.toml.5", "northstar-manifest.5")) {
            Command man = render(MAN.resolve(name));
            assertEquals(0, man.exit(), man.toString());
            assertEquals("", man.err(), "warnings of " + name + ": " + man);
            assertTrue(man.out().contains("NAME") && man.out().contains("SEE ALSO"), man.toString());
        }
    }

    /** Generated from the picocli models: every command and option of nstar is in nstar(1). */
    @Test
    void nstarPageDescribesEveryCommand() throws Exception {
        assumeTrue(Command.available("man"), "man is not installed (apt-get install man-db)");
        String page = render(MAN.resolve("nstar.1")).out();
        var nstar = new picocli.CommandLine(new io.northstar.nstar.Nstar());
        for (var command : nstar.getSubcommands().values()) {
            String name = command.getCommandSpec().name();
            assertTrue(page.contains("nstar " + name), "nstar(1) lacks " + name);
            for (var option : command.getCommandSpec().options()) {
                assertTrue(page.contains(option.longestName()), "nstar(1) lacks " + name + " " + option.longestName());
            }
        }
        assertTrue(page.contains("nstar token create"), page);
        String sextant = render(MAN.resolve("sextant.1")).out();
        for (String command : List.of("sextant pack", "sextant unpack", "sextant inspect", "sextant gen-key", "--manifest-path")) {
            assertTrue(sextant.contains(command), "sextant(1) lacks " + command);
        }
        String northstar = render(MAN.resolve("northstar.8")).out();
        assertTrue(northstar.contains("--disable-mount-namespace") && northstar.contains("--config"), northstar);
    }

    @Test
    void generatedTextIsEscapedForTroff() {
        assertEquals("\\-\\-url=\\(dqx\\(dq \\e", ManPage.text("--url=\"x\" \\"));
        assertTrue(Files.exists(MAN.resolve("northstar.toml.5")));
    }
}
