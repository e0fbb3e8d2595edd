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
    private static final int S_IRUSR = 0400;
    private static final int S_IWUSR = 0200;
    private static final int S_IRGRP = 040;
    private static final int S_IWGRP = 020;
    private static final int S_IROTH = 04;
    private static final int S_IWOTH = 02;

    private DirectoryAccess() {
    }

    /** The process's real uid and gid. */
    record Identity(int uid, int gid) {
        static Identity current() {
            return new Identity(io.northstar.runtime.sys.ProcessIds.uid(), io.northstar.runtime.sys.ProcessIds.gid());
        }
    }

    static boolean readable(int ownerUid, int ownerGid, int mode, Identity self) {
        return ownerUid == self.uid() && (mode & S_IRUSR) != 0 || ownerGid == self.gid() && (mode & S_IRGRP) != 0
                || (mode & S_IROTH) != 0;
    }

    static boolean writable(int ownerUid, int ownerGid, int mode, Identity self) {
        return ownerUid == self.uid() && (mode & S_IWUSR) != 0 || ownerGid == self.gid() && (mode & S_IWGRP) != 0
                || (mode & S_IWOTH) != 0;
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
