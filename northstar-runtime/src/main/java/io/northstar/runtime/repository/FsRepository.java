package io.northstar.runtime.repository;

import io.northstar.common.Container;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of NPK files, stored as {@code <dir>/<name>:<version>.npk}. Uploads stream into
 * {@code <dir>/.upload-<id>.npk} and become visible by an atomic rename; a name with that prefix
 * is never loaded, and one found at start is the remains of an upload that a crash or power cut
 * interrupted: it is removed.
 */
public final class FsRepository extends IndexedRepository {

    private static final Logger LOG = LoggerFactory.getLogger(FsRepository.class);
    /** The name prefix of uploads in progress (docs/reliability.md). */
    public static final String UPLOAD_PREFIX = ".upload-";

    private final Path dir;

    private FsRepository(String id, Path dir, boolean verified, Capacity capacity, NpkLoader loader,
            Map<Container, StoredNpk> npks) {
        super(id, verified, capacity, loader, npks);
        this.dir = dir;
    }

    /**
     * Loads every entry of {@code dir} in parallel. An entry that is not a loadable NPK is skipped
     * with an error line (Northstar fails the whole start: docs/compatibility.md): one bad file
     * copied onto a board must not keep every other container from starting. Left-over uploads are
     * removed.
     */
    public static FsRepository open(String id, Path dir, boolean verified, Capacity capacity, NpkLoader loader)
            throws RepositoryException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.sorted().toList();
        } catch (IOException e) {
            throw new RepositoryException("failed to read repository " + id + " directory " + dir + ": " + e, e);
        }
        files = files.stream().filter(file -> !removeLeftOverUpload(id, file)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors())),
                r -> new Thread(r, "load-" + id));
        try {
            List<Future<StoredNpk>> loads = new ArrayList<>();
            for (Path file : files) {
                loads.add(pool.submit(() -> load(loader, file)));
            }
            Map<Container, StoredNpk> npks = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                StoredNpk npk;
                try {
                    npk = loads.get(i).get();
                } catch (ExecutionException e) {
                    LOG.error("Repository {}: skipping {}: {}", id, files.get(i), e.getCause().getMessage());
                    continue;
                }
                StoredNpk previous = npks.put(npk.container(), npk);
                if (previous != null) {
                    LOG.warn("Repository {}: {} is in {} and {}; using {}", id, npk.container(),
                            previous.file(), npk.file(), npk.file());
                }
            }
            return new FsRepository(id, dir, verified, capacity, loader, npks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("interrupted while loading repository " + id, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** True if {@code file} is an interrupted upload (then it is gone, or its removal was logged). */
    private static boolean removeLeftOverUpload(String id, Path file) {
        if (!file.getFileName().toString().startsWith(UPLOAD_PREFIX)) {
            return false;
        }
        try {
            Files.deleteIfExists(file);
            LOG.warn("Repository {}: removed interrupted upload {}", id, file);
        } catch (IOException e) {
            LOG.error("Repository {}: failed to remove interrupted upload {}: {}", id, file, e.toString());
        }
        return true;
    }

    private static StoredNpk load(NpkLoader loader, Path file) throws RepositoryException {
        try {
            LoadedNpk npk = loader.load(file);
            return new StoredNpk(npk, file, Files.size(file), StoredNpk.Backing.NONE);
        } catch (Exception e) {
            throw new RepositoryException("failed to read npk " + file + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Staging begin() throws RepositoryException {
        capacity.checkNumber(npks.size());
        long total = Capacity.total(npks.values());
        capacity.checkFsTotal(total);
        if (!Files.isDirectory(dir)) {
            throw new RepositoryException("repository " + id + " directory " + dir + " is missing");
        }
        if (!Files.isWritable(dir)) {
            throw new RepositoryException("repository " + id + " directory " + dir + " is read-only");
        }
        Path temp = dir.resolve(UPLOAD_PREFIX + NanoId.next() + ".npk");
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Upload(temp, new UploadChannel(channel, temp.toString(),
                    size -> capacity.checkFsStreaming(total, size)), Writeback.of(temp));
        } catch (IOException e) {
            throw new RepositoryException("failed to create " + temp + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredNpk commit(Staged staged) throws RepositoryException {
        StoredNpk npk = staged.npk();
        Container container = npk.container();
        if (npks.containsKey(container)) {
            throw new RepositoryException(container + " already in " + dir);
        }
        // Other uploads may have completed while this one streamed: the limits hold at commit too.
        capacity.checkNumber(npks.size());
        capacity.checkFsStreaming(Capacity.total(npks.values()), npk.size());
        Path target = dir.resolve(container.name() + ":" + container.version() + ".npk");
        try {
            Files.move(npk.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RepositoryException("failed to move " + npk.file() + " to " + target + ": " + e.getMessage(), e);
        }
        syncDirectory();
        StoredNpk stored = new StoredNpk(npk.npk(), target, npk.size(), StoredNpk.Backing.NONE);
        npks.put(container, stored);
        return stored;
    }

    /** Makes the rename durable: without it a power cut can bring back the upload's temporary name. */
    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.warn("Repository {}: fsync of {} failed: {}", id, dir, e.toString());
        }
    }

    @Override
    public void remove(Container container) throws RepositoryException {
        StoredNpk npk = npks.get(container);
        if (npk == null) {
            throw new RepositoryException(container + " is not in " + dir);
        }
        try {
            Files.deleteIfExists(npk.file());
        } catch (IOException e) {
            throw new RepositoryException("failed to remove " + npk.file() + ": " + e.getMessage(), e);
        }
        npks.remove(container);
    }

    @Override
    public void close() {
        // Files need no release.
    }

    /** An upload into a temp file of the repository directory. */
    private final class Upload implements Staging {
        private final Path temp;
        private final UploadChannel upload;
        private final Writeback writeback;

        Upload(Path temp, UploadChannel upload, Writeback writeback) {
            this.temp = temp;
            this.upload = upload;
            this.writeback = writeback;
        }

        @Override
        public void write(ByteBuffer bytes) throws RepositoryException {
            upload.write(bytes);
            writeback.advance(upload.written());
        }

        @Override
        public Staged finish() throws RepositoryException {
            writeback.close();
            try {
                upload.channel().force(true);
            } catch (IOException e) {
                throw new RepositoryException("failed to write " + temp + ": " + e.getMessage(), e);
            }
            upload.finish();
            LoadedNpk npk;
            try {
                npk = loader.load(temp);
            } catch (Exception e) {
                throw new RepositoryException("failed to read npk " + temp + ": " + e.getMessage(), e);
            }
            return new Staged(FsRepository.this, new StoredNpk(npk, temp, upload.written(), StoredNpk.Backing.NONE), this);
        }

        @Override
        public void discard() {
            writeback.close();
            upload.abandon();
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.error("Failed to remove upload {}: {}", temp, e.toString());
            }
        }
    }
}
