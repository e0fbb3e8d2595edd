package io.northstar.runtime.repository;

import io.northstar.common.Container;
import io.northstar.runtime.sys.MemFd;
import io.northstar.runtime.sys.NativeFd;
import io.northstar.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** NPKs in sealed memfds; empty at every start. */
public final class MemRepository extends IndexedRepository {

    private static final Logger LOG = LoggerFactory.getLogger(MemRepository.class);

    public MemRepository(String id, boolean verified, Capacity capacity, NpkLoader loader) {
        super(id, verified, capacity, loader, new HashMap<>());
    }

    @Override
    public Staging begin() throws RepositoryException {
        capacity.checkNumber(npks.size());
        try {
            NativeFd memfd = MemFd.createSealable("northstar:" + id);
            try {
                FileChannel channel = FileChannel.open(Path.of(memfd.procPath()), StandardOpenOption.WRITE);
                return new Upload(memfd, channel, Capacity.total(npks.values()));
            } catch (IOException e) {
                memfd.closeQuietly();
                throw e;
            }
        } catch (IOException e) {
            throw new RepositoryException("failed to create memfd for repository " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredNpk commit(Staged staged) throws RepositoryException {
        StoredNpk npk = staged.npk();
        if (npks.containsKey(npk.container())) {
            throw new RepositoryException(npk.container() + " already in repository");
        }
        capacity.checkNumber(npks.size());
        capacity.checkMem(Capacity.total(npks.values()), npk.size());
        npks.put(npk.container(), npk);
        return npk;
    }

    @Override
    public void remove(Container container) throws RepositoryException {
        StoredNpk npk = npks.remove(container);
        if (npk == null) {
            throw new RepositoryException(container + " is not in repository " + id);
        }
        npk.backing().close();
    }

    @Override
    public void close() {
        npks.values().forEach(npk -> npk.backing().close());
        npks.clear();
    }

    /** An upload into an unsealed memfd. */
    private final class Upload implements Staging {
        private final NativeFd memfd;
        private final FileChannel channel;
        private final long totalAtBegin;
        private long written;

        Upload(NativeFd memfd, FileChannel channel, long totalAtBegin) {
            this.memfd = memfd;
            this.channel = channel;
            this.totalAtBegin = totalAtBegin;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws RepositoryException {
            // Checked as the bytes arrive, not only at the end: an upload bigger than the capacity
            // must not fill memory first (the final size is at least what arrived so far).
            capacity.checkMem(totalAtBegin, written + length);
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw new RepositoryException("failed to write memfd: " + e.getMessage(), e);
            }
            written += length;
        }

        @Override
        public Staged finish() throws RepositoryException {
            try {
                channel.close();
            } catch (IOException e) {
                throw new RepositoryException("failed to write memfd: " + e.getMessage(), e);
            }
            capacity.checkMem(totalAtBegin, written);
            try {
                MemFd.sealImmutable(memfd);
            } catch (SyscallException e) {
                throw new RepositoryException("failed to seal memfd: " + e.getMessage(), e);
            }
            LoadedNpk npk;
            try {
                npk = loader.load(Path.of(memfd.procPath()));
            } catch (Exception e) {
                throw new RepositoryException("failed to read npk: " + e.getMessage(), e);
            }
            return new Staged(MemRepository.this, new StoredNpk(npk, Path.of(memfd.procPath()), written, memfd::closeQuietly), this);
        }

        @Override
        public void discard() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Closing memfd upload: {}", e.toString());
            }
            memfd.closeQuietly();
        }
    }
}
