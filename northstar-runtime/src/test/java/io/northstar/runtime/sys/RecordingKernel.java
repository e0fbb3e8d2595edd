package io.northstar.runtime.sys;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The test double of the kernel seam (docs/kernel.md): loop devices and mounts kept in memory,
 * every call recorded as a line ("LOOP_CONFIGURE /dev/loop3 fd=… offset=4096 …"), and any call
 * failed on demand with an errno, in the same "OPERATION on OBJECT failed: ERRNO" form as the
 * Linux implementation. The kernel's own answers are modelled where the logic depends on them:
 * binding a bound device is EBUSY, unmounting what is not mounted is EINVAL, a device without a
 * node cannot be opened (ENOENT), and an AUTOCLEAR device unbinds when neither a descriptor
 * nor a mount holds it any more.
 */
public final class RecordingKernel implements LoopCalls, MountCalls {

    private final List<String> calls = new ArrayList<>();
    private final Map<String, Deque<Integer>> failures = new HashMap<>();
    private final Map<String, Integer> permanentFailures = new HashMap<>();
    private final Deque<Integer> freeIndices = new ArrayDeque<>();
    private final Set<Integer> withoutNode = new HashSet<>();
    private final Set<Integer> bound = new HashSet<>();
    private final Set<Integer> boundByOthers = new HashSet<>();
    /** Mount target to source. */
    private final Map<String, String> mounted = new LinkedHashMap<>();
    private final Set<Integer> autoclear = new HashSet<>();
    private final List<FakeDevice> open = new ArrayList<>();
    private int nextFree;

    /** The next calls of {@code operation} ("LOOP_CONFIGURE", "mount", …) fail with these errnos, in order. */
    public synchronized RecordingKernel fail(String operation, int... errnos) {
        Deque<Integer> queue = failures.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int errno : errnos) {
            queue.add(errno);
        }
        return this;
    }

    /** Every call of {@code operation} fails with {@code errno}. */
    public synchronized RecordingKernel failAlways(String operation, int errno) {
        permanentFailures.put(operation, errno);
        return this;
    }

    /** LOOP_CTL_GET_FREE answers these indices first (then counts up from 0). */
    public synchronized RecordingKernel freeIndices(int... indices) {
        for (int index : indices) {
            freeIndices.add(index);
        }
        return this;
    }

    /** /dev/loop{@code index} exists in the kernel but has no node. */
    public synchronized RecordingKernel withoutNode(int index) {
        withoutNode.add(index);
        return this;
    }

    /** Another process holds /dev/loop{@code index} bound. */
    public synchronized RecordingKernel boundByAnother(int index) {
        boundByOthers.add(index);
        return this;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls whose line starts with {@code operation}. */
    public synchronized List<String> calls(String operation) {
        return calls.stream().filter(c -> c.startsWith(operation + " ")).toList();
    }

    /** Devices bound by the code under test (and not auto-cleared yet). */
    public synchronized Set<Integer> bound() {
        return Set.copyOf(bound);
    }

    /** Devices the code under test opened and did not close. */
    public synchronized List<String> openDevices() {
        return open.stream().map(FakeDevice::path).toList();
    }

    /** The mount targets. */
    public synchronized Set<String> mounted() {
        return Set.copyOf(mounted.keySet());
    }

    private void autoclear(String path, int index) {
        boolean held = mounted.containsValue(path) || open.stream().anyMatch(d -> d.index == index);
        if (!held && autoclear.remove(index)) {
            bound.remove(index);
        }
    }

    /** Records {@code operation line}; a scripted failure reads "{@code what} failed: ERRNO". */
    private synchronized void call(String operation, String what, String line) throws SyscallException {
        calls.add(operation + " " + line);
        Integer errno = permanentFailures.get(operation);
        Deque<Integer> queue = failures.get(operation);
        if (errno == null && queue != null) {
            errno = queue.poll();
        }
        if (errno != null) {
            throw new SyscallException(what, errno);
        }
    }

    @Override
    public synchronized int getFree() throws SyscallException {
        call("LOOP_CTL_GET_FREE", "LOOP_CTL_GET_FREE on " + LoopControl.PATH, LoopControl.PATH);
        if (!freeIndices.isEmpty()) {
            return freeIndices.poll();
        }
        while (bound.contains(nextFree) || boundByOthers.contains(nextFree)) {
            nextFree++;
        }
        return nextFree;
    }

    @Override
    public synchronized Device open(int index) throws SyscallException {
        String path = LoopDevice.pathOf(index);
        calls.add("open " + path);
        if (withoutNode.contains(index)) {
            throw new SyscallException("open " + path, Errno.ENOENT);
        }
        FakeDevice device = new FakeDevice(this, index);
        open.add(device);
        return device;
    }

    @Override
    public synchronized void close() {
        calls.add("close " + LoopControl.PATH);
    }

    @Override
    public synchronized void mount(String source, String target, String fstype, long flags, String data)
            throws SyscallException {
        call("mount", "mount " + source + " on " + target + (fstype == null ? "" : " (" + fstype + ")"),
                source + " " + target + " " + fstype + " flags=0x" + Long.toHexString(flags) + " data=" + data);
        mounted.put(target, source);
    }

    @Override
    public synchronized void umount2(String target, int flags) throws SyscallException {
        String what = "umount " + target;
        calls.add(what + " flags=" + flags);
        Integer errno = permanentFailures.get("umount");
        Deque<Integer> queue = failures.get("umount");
        if (errno == null && queue != null) {
            errno = queue.poll();
        }
        if (errno == null && !mounted.containsKey(target)) {
            errno = Errno.EINVAL;
        }
        if (errno != null) {
            throw new SyscallException(what, errno);
        }
        String source = mounted.remove(target);
        if (source != null && source.startsWith("/dev/loop")) {
            autoclear(source, Integer.parseInt(source.substring("/dev/loop".length())));
        }
    }

    /** A loop device of {@code kernel}: what it does is recorded there. */
    private record FakeDevice(RecordingKernel kernel, int index) implements Device {

        /** Derived from the index, as the kernel names loop devices. */
        @Override
        public String path() {
            return LoopDevice.pathOf(index);
        }

        private void bind(String operation, String line, int flags) throws SyscallException {
            synchronized (kernel) {
                kernel.call(operation, operation + " on " + path(), path() + line);
                if (kernel.bound.contains(index) || kernel.boundByOthers.contains(index)) {
                    throw new SyscallException(operation + " on " + path(), Errno.EBUSY);
                }
                kernel.bound.add(index);
                setFlags(flags);
            }
        }

        @Override
        public void configure(NativeFd backing, LoopInfo64 info, int blockSize) throws SyscallException {
            bind("LOOP_CONFIGURE", " fd=" + backing.fd() + " offset=" + info.offset() + " sizelimit="
                    + info.sizeLimit() + " flags=" + info.flags() + " block_size=" + blockSize, info.flags());
        }

        @Override
        public void setFd(NativeFd backing) throws SyscallException {
            bind("LOOP_SET_FD", " fd=" + backing.fd(), 0);
        }

        @Override
        public void setStatus(LoopInfo64 info) throws SyscallException {
            synchronized (kernel) {
                kernel.call("LOOP_SET_STATUS64", "LOOP_SET_STATUS64 on " + path(), path() + " offset=" + info.offset()
                        + " sizelimit=" + info.sizeLimit() + " flags=" + info.flags());
                setFlags(info.flags());
            }
        }

        private void setFlags(int flags) {
            if ((flags & LoopInfo64.LO_FLAGS_AUTOCLEAR) != 0) {
                kernel.autoclear.add(index);
            } else {
                kernel.autoclear.remove(index);
            }
        }

        @Override
        public void clearFd() throws SyscallException {
            synchronized (kernel) {
                kernel.call("LOOP_CLR_FD", "LOOP_CLR_FD on " + path(), path());
                kernel.bound.remove(index);
            }
        }

        @Override
        public void close() {
            synchronized (kernel) {
                kernel.calls.add("close " + path());
                kernel.open.remove(this);
                kernel.autoclear(path(), index);
            }
        }

        @Override
        public void closeQuietly() {
            close();
        }
    }
}
