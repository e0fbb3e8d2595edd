package io.northstar.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory check of {@code Config::check()}: only the mode bits of
 * stat(2) against the real uid/gid count. Root is not special, supplementary
 * groups and ACLs are ignored and the execute bit is not checked — kept as
 * Northstar does it, so a config accepted there is accepted here.
 */
final class DirectoryAccess {
    /** The permission bits of one rwx triplet of a mode; the owner's triplet is shifted by 6, the group's by 3. */
    private static final int READ = 04;
    private static final int WRITE = 02;

    private DirectoryAccess() {
    }

    /** The process's real uid and gid. */
    record Identity(int uid, int gid) {
        static Identity current() {
            return new Identity(io.northstar.runtime.sys.ProcessIds.uid(), io.northstar.runtime.sys.ProcessIds.gid());
        }
    }

    static boolean readable(int ownerUid, int ownerGid, int mode, Identity self) {
        return permits(ownerUid, ownerGid, mode, self, READ);
    }

    static boolean writable(int ownerUid, int ownerGid, int mode, Identity self) {
        return permits(ownerUid, ownerGid, mode, self, WRITE);
    }

    /** Any class {@code self} belongs to (owner, group, other) has {@code permission} in its triplet. */
    private static boolean permits(int ownerUid, int ownerGid, int mode, Identity self, int permission) {
        return ownerUid == self.uid() && (mode & permission << 6) != 0
                || ownerGid == self.gid() && (mode & permission << 3) != 0
                || (mode & permission) != 0;
    }

    static void check(String key, Path path, Identity self) throws ConfigException {
        if (!Files.exists(path)) {
            throw new ConfigException("checking " + key + ": " + path + " does not exist");
        }
        int uid;
        int gid;
        int mode;
        try {
            uid = (Integer) Files.getAttribute(path, "unix:uid");
            gid = (Integer) Files.getAttribute(path, "unix:gid");
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigException("checking " + key + ": stat " + path + " failed: " + e, e);
        }
        if (!readable(uid, gid, mode, self) || !writable(uid, gid, mode, self)) {
            throw new ConfigException("checking " + key + ": " + path + " is not read and/or writeable");
        }
    }

}
