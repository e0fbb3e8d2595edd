package io.northstar.runtime.mount;

import io.northstar.common.Container;
import io.northstar.npk.Npk;
import io.northstar.npk.key.SigningKey;
import java.nio.file.Path;
import java.util.Optional;

/** The hello image of {@link Images}, packed and signed as hello:0.0.1 in a test's directory. */
record SignedHello(Path file, SigningKey key, Path target) {
    static final Container CONTAINER = Container.of("hello", "0.0.1");

    static SignedHello in(Path dir) throws Exception {
        SigningKey key = Images.newKey();
        Path file = Images.signedNpk(Images.squashfs(dir), dir.resolve("hello-0.0.1.npk"), key);
        return new SignedHello(file, key, dir.resolve("run/hello:0.0.1"));
    }

    /** The request to mount the NPK as it is on disk now: one taken before a corruption describes the good image. */
    MountRequest request() throws Exception {
        Npk npk = Npk.read(file, Optional.of(key.verifyingKey()));
        return MountRequest.of(CONTAINER, new ImageSource.File(file), npk, target);
    }
}
