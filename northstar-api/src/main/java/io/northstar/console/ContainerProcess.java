package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running process of a started container, as shown by {@code inspect}.
 *
 * @param pid        host pid of the container's init (u32)
 * @param uptime     nanoseconds since start (u64, read unsigned)
 * @param statistics cgroup statistics ({@code blkio}, {@code cpu}, {@code memory}); opaque JSON,
 *                   its inner shape is not part of the compatibility contract
 */
public record ContainerProcess(long pid, long uptime, Map<String, JsonNode> statistics) {
    public ContainerProcess {
        if (pid < 0 || pid > 0xffff_ffffL) {
            throw new IllegalArgumentException("pid " + pid + " out of range for u32");
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        statistics.forEach((k, v) -> copy.put(k, v.deepCopy()));
        statistics = Collections.unmodifiableMap(copy);
    }

    public JsonNode toJson() {
        ObjectNode o = Json.object();
        o.set("pid", Json.number(pid));
        o.set("uptime", Json.u64(uptime));
        ObjectNode s = Json.object();
        statistics.forEach((k, v) -> s.set(k, v.deepCopy()));
        o.set("statistics", s);
        return o;
    }

    static ContainerProcess fromJson(JsonCursor c) {
        long pid = c.field("pid").u32();
        long uptime = c.field("uptime").u64();
        Map<String, JsonNode> statistics = new LinkedHashMap<>();
        c.field("statistics").entries().forEach((k, v) -> statistics.put(k, v.raw()));
        return new ContainerProcess(pid, uptime, statistics);
    }
}
