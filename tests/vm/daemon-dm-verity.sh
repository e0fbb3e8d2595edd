#!/bin/sh
# The real daemon on a kernel WITH device-mapper (the build machines have none), through
# shared/vm/run-in-vm:
#     cd <checkout> && mvn -B -DskipTests package
#     /work/shared/vm/run-in-vm --timeout 840 -- sh tests/vm/daemon-dm-verity.sh
# 1. a verified mount_on_start repository holding hello-0.0.2 is mounted through kernel
#    dm-verity, and SIGTERM unmounts it (the dm device goes away with the mount);
# 2. the same NPK with one flipped byte in its squashfs fails mount_on_start: the runtime exits 1
#    and leaves no dm device and no mount point.
set -eu
NPK=${NPK:-/work/shared/testdata/npk/hello-0.0.2.npk}
PUB=${PUB:-/work/shared/testdata/npk/northstar.pub}
T=/tmp/ns-vm
fail() { echo "FAIL: $*"; cat "$T/log"; exit 1; }

start() { # $1 = npk file to put in the repository
    rm -rf "$T"; mkdir -p "$T/repo"
    cp "$1" "$T/repo/hello-0.0.2.npk"
    cat > "$T/ns.toml" <<EOT
run_dir = "$T/run"
data_dir = "$T/data"
socket_dir = "$T/sockets"
cgroup = "northstar-vm"
[console.global]
bind = "unix://$T/console"
permissions = "full"
[repositories.default]
type = { fs = { dir = "$T/repo" } }
key = "$PUB"
mount_on_start = true
EOT
    bin/northstar -c "$T/ns.toml" > "$T/log" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do
        grep -q "Runtime up and running\|Runtime exited" "$T/log" && return 0
        kill -0 $PID 2>/dev/null || return 0
        sleep 1
    done
    fail "runtime did not start"
}

modprobe dm-verity 2>/dev/null || true

start "$NPK"
grep -q "Mounted hello:0.0.2 from /dev/dm-[0-9]* (KERNEL_DM_VERITY)" "$T/log" || fail "not mounted through dm-verity"
JAVA=$(pgrep -f io.northstar.runtime.Main | head -1)
grep -q " $T/run/hello:0.0.2 .* squashfs /dev/dm-" "/proc/$JAVA/mountinfo" || fail "no dm-verity mount"
kill -TERM "$JAVA"
wait $PID || fail "exit status $? after SIGTERM"
grep -q "Shutdown complete" "$T/log" || fail "no orderly shutdown"
[ -z "$(ls /sys/block | grep '^dm-' || true)" ] || fail "dm device left: $(ls /sys/block | grep '^dm-')"
echo "ok: verified mount through dm-verity, orderly shutdown"

cp "$NPK" /tmp/tampered.npk
# flip one byte of the squashfs (fs.img data starts at offset 4096 of this NPK)
printf '\377' | dd of=/tmp/tampered.npk bs=1 seek=4196 conv=notrunc 2>/dev/null
start /tmp/tampered.npk
set +e; wait $PID; STATUS=$?; set -e
[ "$STATUS" = 1 ] || fail "tampered image: exit status $STATUS, expected 1"
grep -q "Runtime exited with mount_on_start failed" "$T/log" || fail "no mount_on_start failure"
[ -z "$(ls /sys/block | grep '^dm-' || true)" ] || fail "dm device left after the failed mount"
[ ! -e "$T/run/hello:0.0.2" ] || fail "mount point left"
echo "ok: tampered image refused by dm-verity, nothing left"
