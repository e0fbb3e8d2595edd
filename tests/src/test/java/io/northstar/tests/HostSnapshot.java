package io.northstar.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a failed operation must not change: the daemon's mounts, the loop devices in use (by backing
 * file) and the files of the repository directories. Compared before and after.
 */
public record HostSnapshot(List<String> mounts, Set<String> loopBackingFiles, Set<String> files) {

    /**
     * Other engineers share the machine, so only loop devices whose backing file names one of
     * {@code markers} (a test directory, a memfd name) count.
     */
    public static HostSnapshot take(RuntimeProcess runtime, List<String> markers, Path... dirs) throws IOException {
        List<String> mounts = runtime.mountInfo().stream()
                .map(line -> line.split(" ")[4]) // the mount point: ids differ between reads
                .sorted().toList();
        Set<String> loops = new TreeSet<>();
        for (String loop : loopDevicesInUse()) {
            if (markers.stream().anyMatch(loop::contains)) {
                loops.add(loop);
            }
        }
        return new HostSnapshot(mounts, loops, listFiles(dirs));
    }

    static Set<String> loopDevicesInUse() throws IOException {
        Set<String> result = new TreeSet<>();
        try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
            for (Path block : blocks.filter(p -> p.getFileName().toString().startsWith("loop")).toList()) {
                Path backing = block.resolve("loop/backing_file");
                if (Files.exists(backing)) {
                    try {
                        result.add(block.getFileName() + "=" + Files.readString(backing).trim());
                    } catch (IOException e) {
                        // detached between list and read: not in use
                    }
                }
            }
        }
        return result;
    }

    static Set<String> listFiles(Path... dirs) throws IOException {
        Set<String> result = new TreeSet<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.forEach(p -> result.add(p.toString()));
                }
            }
        }
        return result;
    }
}
