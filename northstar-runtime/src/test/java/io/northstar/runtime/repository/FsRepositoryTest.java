package io.northstar.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.northstar.common.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsRepositoryTest {

    @TempDir
    Path dir;

    private static Staged upload(Repository repository, String content) throws RepositoryException {
        Staging staging = repository.begin();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        staging.write(bytes, 0, bytes.length);
        return staging.finish();
    }

    private FsRepository open(Capacity capacity) throws RepositoryException {
        return FsRepository.open("default", dir, false, capacity, TextNpk.LOADER);
    }

    private void assertDiscardLeavesNothing(Staging staging) throws IOException {
        staging.discard();
        assertEquals(List.of(), files(), "a discarded upload leaves no file");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void loadsEveryEntryAtStart() throws Exception {
        Files.writeString(dir.resolve("a.npk"), "a:0.0.1");
        Files.writeString(dir.resolve("whatever"), "b:1.0.0");
        FsRepository repository = open(Capacity.UNLIMITED);
        assertEquals(2, repository.npks().size());
        assertTrue(repository.get(Container.parse("b:1.0.0")).isPresent());
    }

    @Test
    void anUnloadableEntryIsSkipped() throws Exception {
        Files.writeString(dir.resolve("a.npk"), "a:0.0.1");
        Files.writeString(dir.resolve("junk.npk"), "junk");
        FsRepository repository = open(Capacity.UNLIMITED);
        assertEquals(List.of(Container.parse("a:0.0.1")), repository.npks().stream().map(StoredNpk::container).toList());
        assertEquals(List.of("a.npk", "junk.npk"), files(), "the file is left for the operator to look at");
    }

    @Test
    void anInterruptedUploadIsRemovedAtStartAndNeverLoaded() throws Exception {
        Files.writeString(dir.resolve("a.npk"), "a:0.0.1");
        // A complete, loadable NPK under the upload name: it was never committed, so it is not installed.
        Files.writeString(dir.resolve(FsRepository.UPLOAD_PREFIX + "V1StGXR8_Z5jdHi6B-myT.npk"), "b:0.0.1");
        FsRepository repository = open(Capacity.UNLIMITED);
        assertEquals(1, repository.npks().size());
        assertEquals(List.of("a.npk"), files());
    }

    @Test
    void installBecomesVisibleOnlyOnCommitUnderItsCanonicalName() throws Exception {
        FsRepository repository = open(Capacity.UNLIMITED);
        Staged staged = upload(repository, "hello:0.0.2");
        assertTrue(repository.npks().isEmpty());
        assertEquals(1, files().size());
        assertTrue(files().get(0).matches("\\.upload-[A-Za-z0-9_-]{21}\\.npk"), files().get(0));
        repository.commit(staged);
        assertEquals(List.of("hello:0.0.2.npk"), files());
        assertEquals(11, repository.get(Container.parse("hello:0.0.2")).orElseThrow().size());
    }

    @Test
    void aBrokenUploadLeavesNothing() throws Exception {
        FsRepository repository = open(Capacity.UNLIMITED);
        Staging staging = repository.begin();
        staging.write("garbage".getBytes(StandardCharsets.UTF_8), 0, 7);
        RepositoryException e = assertThrows(RepositoryException.class, staging::finish);
        assertTrue(e.getMessage().startsWith("failed to read npk "), e.getMessage());
        assertDiscardLeavesNothing(staging);
    }

    @Test
    void sameContainerTwiceIsRefusedAtCommit() throws Exception {
        FsRepository repository = open(Capacity.UNLIMITED);
        repository.commit(upload(repository, "hello:0.0.2"));
        Staged again = upload(repository, "hello:0.0.2");
        RepositoryException e = assertThrows(RepositoryException.class, () -> repository.commit(again));
        assertEquals("hello:0.0.2 already in " + dir, e.getMessage());
        again.discard();
        assertEquals(List.of("hello:0.0.2.npk"), files());
    }

    @Test
    void capacityNumber() throws Exception {
        Capacity one = new Capacity(OptionalInt.of(1), OptionalLong.empty());
        FsRepository repository = open(one);
        repository.commit(upload(repository, "a:0.0.1"));
        assertEquals("max number of container reached",
                assertThrows(RepositoryException.class, repository::begin).getMessage());
    }

    @Test
    void capacitySizeWhileStreaming() throws Exception {
        Capacity small = new Capacity(OptionalInt.empty(), OptionalLong.of(10));
        FsRepository repository = open(small);
        Staging staging = repository.begin();
        staging.write(new byte[10], 0, 10);
        assertEquals("size limit reached",
                assertThrows(RepositoryException.class, () -> staging.write(new byte[1], 0, 1)).getMessage());
        assertDiscardLeavesNothing(staging);
    }

    @Test
    void removeDeletesTheFile() throws Exception {
        FsRepository repository = open(Capacity.UNLIMITED);
        repository.commit(upload(repository, "a:0.0.1"));
        repository.remove(Container.parse("a:0.0.1"));
        assertEquals(List.of(), files());
        assertTrue(repository.npks().isEmpty());
    }
}
