package io.northstar.runtime.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;

/**
 * How this package binds libc: jnr saves errno right after each call of every binding, so the wrappers' errno
 * reads the error of that call, not of whatever native code ran since.
 */
final class LibcLoader {
    private LibcLoader() {
    }

    static <T> T load(Class<T> binding) {
        return LibraryLoader.create(binding).option(LibraryOption.SaveError, Boolean.TRUE).load("c");
    }
}
