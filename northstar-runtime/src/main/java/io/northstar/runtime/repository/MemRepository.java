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

/** NPKs in sealed memfds; empty at every start. */
public final class MemRepository extends IndexedRepository {

    private final SealedImageCheck check;

    /**
     * @param check run on each upload once it is sealed (the hash tree where the kernel has no
     *              device-mapper), {@link SealedImageCheck#NONE} for none
     */
    public MemRepository(String id, boolean verified, Capacity capacity, NpkLoader loader, SealedImageCheck check) {
        super(id, verified, capacity, loader, new HashMap<>());
        this.check = check;
    }

    public MemRepository(String id, boolean verified, Capacity capacity, NpkLoader loader) {
        this(id, verified, capacity, loader, SealedImageCheck.NONE);
    }

    @Override
    public Staging begin() throws RepositoryException {
        capacity.checkNumber(npks.size());
        try {
            NativeFd memfd = MemFd.createSealable("northstar:" + id);
            try {
                FileChannel channel = FileChannel.open(Path.of(memfd.procPath()), StandardOpenOption.WRITE);
                long totalAtBegin = Capacity.total(npks.values());
                return new Upload(memfd, new UploadChannel(channel, "memfd", size -> capacity.checkMem(totalAtBegin, size)));
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
        private final UploadChannel upload;

        Upload(NativeFd memfd, UploadChannel upload) {
            this.memfd = memfd;
            this.upload = upload;
        }

        @Override
        public void write(ByteBuffer bytes) throws RepositoryException {
            upload.write(bytes);
        }

        @Override
        public Staged finish() throws RepositoryException {
            upload.finish();
            try {
                MemFd.sealImmutable(memfd);
            } catch (SyscallException e) {
                throw new RepositoryException("failed to seal memfd: " + e.getMessage(), e);
            }
            Path image = Path.of(memfd.procPath());
            LoadedNpk npk;
            try {
                npk = loader.load(image);
            } catch (Exception e) {
                throw new RepositoryException("failed to read npk: " + e.getMessage(), e);
            }
            boolean checked;
            try {
                checked = check.check(npk, image);
            } catch (Exception e) {
                throw new RepositoryException("the image of " + npk.container() + " does not match its signature: "
                        + e.getMessage(), e);
            }
            return new Staged(MemRepository.this,
                    new StoredNpk(npk, image, upload.written(), memfd::closeQuietly, checked), this);
        }

        @Override
        public void discard() {
            upload.abandon();
            memfd.closeQuietly();
        }
    }
}
