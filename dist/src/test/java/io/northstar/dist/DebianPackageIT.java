package io.northstar.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.northstar.runtime.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Debian packages: installed with dpkg into a throw-away root, and checked by lintian. */
class DebianPackageIT {
    static final Path SCRIPTS = TarballIT.SCRIPTS;

    /** Runs each check line in the root after dpkg -i; prints "ok: LINE" or "FAILED: LINE". */
    static Command inThrowawayRoot(Path deb, List<String> checks) throws Exception {
        StringBuilder script = new StringBuilder();
        for (String check : checks) {
            String quoted = "'" + check.replace("'", "'\\''") + "'";
            script.append("if ").append(check).append("; then echo ok: ").append(quoted)
                    .append("; else echo FAILED: ").append(quoted).append("; fi\n");
        }
        return Command.run(List.of("sh", SCRIPTS.resolve("in-throwaway-root").toString(), deb.toString(),
                script.toString()));
    }

    @Test
    void thePackageInstallsItsFilesWhereDocsInstallMdSaysAndItsProgramsRun() throws Exception {
        assumeTrue(Release.root(), "dpkg into a throw-away root needs a mount namespace: run as root");
        List<String> checks = new ArrayList<>(List.of(
                "dpkg-query -W -f='${Status}' northstar | grep -qx 'install ok installed'",
                // the programs, on PATH, on the bundled runtime (the root has no other Java)
                "[ -z \"$(command -v java)\" ]",
                "[ \"$(readlink -f /usr/bin/nstar)\" = /usr/lib/northstar/bin/nstar ]",
                "nstar --version | grep -qF '(/usr/lib/northstar/runtime)'",
                "sextant --version | grep -qF '(/usr/lib/northstar/runtime)'",
                "northstar --version | grep -q '^northstar '",
                "[ -x /usr/lib/northstar/lib/native/northstar-forker ]",
                "[ -x /usr/lib/northstar/config/check-kernel ]",
                // the config: a conffile, absolute paths under /var/lib/northstar and /run/northstar
                "dpkg-query -W -f='${Conffiles}' northstar | grep -q '^ /etc/northstar/northstar.toml [0-9a-f]\\{32\\}$'",
                "grep -q '^data_dir = \"/var/lib/northstar/data\"$' /etc/northstar/northstar.toml",
                "grep -q '^run_dir = \"/run/northstar/containers\"$' /etc/northstar/northstar.toml",
                "[ -d /var/lib/northstar/repository ]",
                // the unit: config/northstar.service with the package's paths, enabled
                "grep -qx 'ExecStart=/usr/lib/northstar/bin/northstar -c /etc/northstar/northstar.toml' /lib/systemd/system/northstar.service",
                "! grep -q /opt/northstar /lib/systemd/system/northstar.service",
                "[ -L /etc/systemd/system/multi-user.target.wants/northstar.service ]",
                // man pages and completion
                "[ -f /usr/share/man/man1/nstar.1.gz ] && [ -f /usr/share/man/man1/sextant.1.gz ]",
                "[ -f /usr/share/man/man8/northstar.8.gz ] && [ -f /usr/share/man/man5/northstar.toml.5.gz ]",
                "[ -f /usr/share/man/man5/northstar-manifest.5.gz ]",
                "bash -c '. /usr/share/bash-completion/completions/nstar; complete -p nstar' | grep -q _nstar_complete",
                "[ -f /usr/share/doc/northstar/copyright ]",
                // removal: purge takes the files, the conffile and the unit's enablement
                "dpkg --purge northstar > /dev/null",
                "[ ! -e /usr/bin/nstar ] && [ ! -e /usr/lib/northstar ] && [ ! -e /etc/northstar/northstar.toml ]",
                "[ ! -e /lib/systemd/system/northstar.service ]",
                "[ ! -e /etc/systemd/system/multi-user.target.wants/northstar.service ]"));
        Command run = inThrowawayRoot(Release.deb(Release.hostArch()), checks);
        assertEquals(0, run.exit(), run.toString());
        assertFalse(run.out().contains("FAILED"), run.toString());
        assertEquals(checks.size(), run.out().lines().filter(l -> l.startsWith("ok: ")).count(), run.toString());
    }

    /** The config the package and the tarball install is one the runtime accepts. */
    @Test
    void theInstalledConfigIsValid() throws Exception {
        Config config = Config.load(Release.TOP.resolve("dist/northstar.toml"));
        assertEquals(Path.of("/var/lib/northstar/data"), config.dataDir());
        assertTrue(config.runDir().startsWith("/run/northstar"));
        assertTrue(config.socketDir().startsWith("/run/northstar"));
    }

    @Test
    void lintianFindsNoErrors() throws Exception {
        assumeTrue(Command.available("lintian"), "lintian is not installed (scripts/install-deps installs it)");
        List<String> argv = new ArrayList<>(List.of("lintian", "--fail-on", "error"));
        for (String arch : List.of("amd64", "arm64")) {
            if (java.nio.file.Files.exists(Release.deb(arch))) {
                argv.add(Release.deb(arch).toString());
            }
        }
        Command lintian = Command.run(argv);
        assertEquals(0, lintian.exit(), lintian.toString());
        assertFalse(lintian.out().lines().anyMatch(l -> l.startsWith("E: ")), lintian.toString());
    }
}
