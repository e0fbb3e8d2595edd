package io.northstar.runtime.sys;

/** dev_t encoding as glibc's makedev/major/minor (the kernel's "huge" encoding). */
public record DevNum(long major, long minor) {
    public static DevNum decode(long dev) {
        long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
        long minor = (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
        return new DevNum(major, minor);
    }

    public long encode() {
        return (minor & 0xffL) | ((major & 0xfffL) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
