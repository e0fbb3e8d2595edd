package io.northstar.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import io.northstar.npk.verity.VerityException;
import io.northstar.npk.verity.VerityFailure;
import io.northstar.runtime.sys.MemFd;
import io.northstar.runtime.sys.NativeFd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemRepositoryTest {

    private static Staged upload(Repository repository, String content) throws RepositoryException {
        Staging staging = repository.begin();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        staging.write(bytes, 0, bytes.length);
        return staging.finish();
    }

    @Test
    void uploadIsSealedAndReadable() throws Exception {
        MemRepository repository = new MemRepository("memory", false, Capacity.UNLIMITED, TextNpk.LOADER);
        Staged staged = upload(repository, "hello:0.0.2");
        StoredNpk npk = repository.commit(staged);
        assertEquals("hello:0.0.2", Files.readString(npk.file()));
        // Sealed: the bytes that were verified can no longer change.
        IOException e = assertThrows(IOException.class, () -> {
            try (FileChannel ch = FileChannel.open(npk.file(), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1}));
            }
        });
        assertTrue(e.getMessage() != null);
        repository.remove(Container.parse("hello:0.0.2"));
        assertTrue(repository.npks().isEmpty());
        assertTrue(!Files.exists(npk.file()), "memfd closed on remove");
    }

    @Test
    void theCheckAtInstallSeesTheSealedBytesAndIsRecorded() throws Exception {
        SealedImageCheck sealedOnly = (npk, image) -> {
            int fd = Integer.parseInt(image.getFileName().toString());
            int seals = MemFd.getSeals(NativeFd.adopt(fd, "memfd"));
            return (seals & MemFd.F_SEAL_WRITE) != 0 && Files.readString(image).equals(npk.container().toString());
        };
        MemRepository repository = new MemRepository("memory", true, Capacity.UNLIMITED, TextNpk.LOADER, sealedOnly);
        StoredNpk npk = repository.commit(upload(repository, "hello:0.0.2"));
        assertTrue(npk.checkedAtInstall());
        repository.close();
    }

    @Test
    void aFailedCheckAtInstallLeavesNothing() throws Exception {
        List<Path> seen = new ArrayList<>();
        SealedImageCheck tampered = (npk, image) -> {
            seen.add(image);
            throw new VerityException(new VerityFailure.DataBlock(3), "verity: data block 3 is corrupt");
        };
        MemRepository repository = new MemRepository("memory", true, Capacity.UNLIMITED, TextNpk.LOADER, tampered);
        Staging staging = repository.begin();
        staging.write("hello:0.0.2".getBytes(StandardCharsets.UTF_8), 0, 11);
        RepositoryException e = assertThrows(RepositoryException.class, staging::finish);
        assertEquals("the image of hello:0.0.2 does not match its signature: verity: data block 3 is corrupt",
                e.getMessage());
        staging.discard();
        assertEquals(1, seen.size());
        assertFalse(Files.exists(seen.get(0)), "the memfd is closed");
        assertTrue(repository.npks().isEmpty());
    }

    @Test
    void sealsAreExactlyNorthstars() throws Exception {
        MemRepository repository = new MemRepository("memory", false, Capacity.UNLIMITED, TextNpk.LOADER);
        StoredNpk npk = repository.commit(upload(repository, "hello:0.0.2"));
        int fd = Integer.parseInt(npk.file().getFileName().toString());
        assertEquals(MemFd.F_SEAL_SEAL | MemFd.F_SEAL_SHRINK | MemFd.F_SEAL_GROW | MemFd.F_SEAL_WRITE,
                MemFd.getSeals(NativeFd.adopt(fd, "memfd")));
        repository.close();
    }

    @Test
    void capacityIsCheckedWithGreaterOrEqual() throws Exception {
        Capacity twenty = new Capacity(OptionalInt.empty(), OptionalLong.of(20));
        MemRepository repository = new MemRepository("memory", false, twenty, TextNpk.LOADER);
        repository.commit(upload(repository, "a:0.0.1")); // 7 bytes
        Staging staging = repository.begin();
        byte[] bytes = "bbbb:0.0.1 ".repeat(1).concat(" ").getBytes(StandardCharsets.UTF_8); // 12 bytes: 7 + 12 = 19
        staging.write(bytes, 0, bytes.length);
        // One more byte reaches the limit: refused as it arrives.
        assertEquals("repository capacity limit reached",
                assertThrows(RepositoryException.class, () -> staging.write(new byte[] {' '}, 0, 1)).getMessage());
        staging.discard();
        assertEquals(1, repository.npks().size());
    }

    /** The capacity holds while the bytes arrive: a too large upload is refused before it fills memory. */
    @Test
    void anUploadLargerThanTheCapacityIsRefusedWhileItArrives() throws Exception {
        Capacity oneMiB = new Capacity(OptionalInt.empty(), OptionalLong.of(1 << 20));
        MemRepository repository = new MemRepository("memory", false, oneMiB, TextNpk.LOADER);
        Staging staging = repository.begin();
        byte[] chunk = new byte[64 * 1024];
        int written = 0;
        RepositoryException refused = null;
        while (refused == null && written < (16 << 20)) {
            try {
                staging.write(chunk, 0, chunk.length);
                written += chunk.length;
            } catch (RepositoryException e) {
                refused = e;
            }
        }
        assertEquals("repository capacity limit reached", refused == null ? "accepted 16 MiB" : refused.getMessage());
        assertTrue(written < (1 << 20), "refused after " + written + " bytes");
        staging.discard();
        assertTrue(repository.npks().isEmpty());
    }

    @Test
    void duplicateInTheSameRepository() throws Exception {
        MemRepository repository = new MemRepository("memory", false,
                new Capacity(OptionalInt.of(5), OptionalLong.empty()), TextNpk.LOADER);
        repository.commit(upload(repository, "a:0.0.1"));
        Staged again = upload(repository, "a:0.0.1");
        assertEquals("a:0.0.1 already in repository",
                assertThrows(RepositoryException.class, () -> repository.commit(again)).getMessage());
        again.discard();
        repository.close();
    }
}
