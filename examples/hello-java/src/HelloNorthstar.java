import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Java application in a Northstar container. The JVM is not in this NPK: it
 * comes from the "jre" resource container, mounted read-only at /jre and shared
 * by every Java container on the device.
 */
public final class HelloNorthstar {
    public static void main(String[] args) throws Exception {
        String container = System.getenv().getOrDefault("NORTHSTAR_CONTAINER", "an unknown container");
        System.out.printf("Hello from Java %s (%s) in %s!%n", Runtime.version(), System.getProperty("java.home"), container);
        System.out.printf("hello-java: %d cpus, max heap %d MiB, uid %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }
}
