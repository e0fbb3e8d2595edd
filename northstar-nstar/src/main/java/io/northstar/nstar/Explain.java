package io.northstar.nstar;

import com.fasterxml.jackson.databind.JsonNode;
import io.northstar.console.ConsoleError;
import io.northstar.console.ExitStatus;
import io.northstar.console.Notification;
import java.util.Iterator;
import java.util.Map;

/**
 * Human text for what the runtime says. Works on the wire form (variant name
 * and fields), so every variant of the console model has a sentence here
 * without a type switch, and an unknown future variant still prints readably.
 */
final class Explain {
    private static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("configuration", "configuration error: {context}"),
            Map.entry("duplicate_container", "{container} is installed already"),
            Map.entry("invalid_container", "{container} is not installed"),
            Map.entry("invalid_arguments", "invalid arguments: {cause}"),
            Map.entry("mount_busy", "{container} is mounted already"),
            Map.entry("umount_busy", "{container} is in use (started, or a started container uses it as a resource)"),
            Map.entry("start_container_started", "{container} is started already"),
            Map.entry("start_container_resource", "{container} is a resource container and cannot be started"),
            Map.entry("start_container_missing_resource",
                    "{container} needs resource {resource} {version}, which is not installed"),
            Map.entry("start_container_failed", "starting {container} failed: {error}"),
            Map.entry("stop_container_not_started", "{container} is not started"),
            Map.entry("invalid_repository", "there is no repository {repository}"),
            Map.entry("install_duplicate", "{container} is installed already"),
            Map.entry("critical_container", "critical container {container} ended: {status}"),
            Map.entry("unexpected", "{error}"));

    private Explain() {
    }

    static String error(ConsoleError error) {
        return render(error.toJson(), ERRORS);
    }

    static String exitStatus(ExitStatus status) {
        return exitStatusText(status.toJson());
    }

    static String notification(Notification n) {
        JsonNode json = n.toJson();
        if (json.isTextual()) {
            return json.asText(); // "shutdown"
        }
        Map.Entry<String, JsonNode> variant = json.fields().next();
        JsonNode v = variant.getValue();
        return switch (variant.getKey()) {
            case "started" -> v.asText() + ": started";
            case "install" -> v.asText() + ": installed";
            case "uninstall" -> v.asText() + ": uninstalled";
            case "exit" -> v.get(0).asText() + ": " + exitStatusText(v.get(1));
            case "c_group" -> v.get(0).asText() + ": cgroup event " + compact(v.get(1));
            case "update" -> v.get("to").asText() + ": update from " + v.get("from").asText() + ": "
                    + v.get("step").asText().replace('_', ' ')
                    + (v.get("reason").isNull() ? "" : " (" + v.get("reason").asText() + ")");
            default -> variant.getKey() + " " + compact(v);
        };
    }

    private static String exitStatusText(JsonNode status) {
        if (status.has("exit")) {
            return "exited with code " + status.get("exit").get("code").asLong();
        }
        long signal = status.get("signalled").get("signal").asLong();
        return "signalled " + signal + Signals.name((int) signal).map(n -> " (" + n + ")").orElse("");
    }

    /** {@code {"memory":{"low":null,"oom_kill":1}}} as {@code memory oom_kill=1}: only the counters that are set. */
    private static String compact(JsonNode node) {
        if (!node.isObject()) {
            return node.toString();
        }
        StringBuilder b = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(e.getKey());
            b.append(e.getValue().isObject() ? " " + compact(e.getValue()) : "=" + e.getValue().asText());
        }
        return b.toString();
    }

    private static String render(JsonNode json, Map<String, String> templates) {
        if (json.isTextual()) {
            return json.asText().replace('_', ' ');
        }
        Map.Entry<String, JsonNode> variant = json.fields().next();
        String template = templates.get(variant.getKey());
        if (template == null) {
            return variant.getKey().replace('_', ' ') + " " + compact(variant.getValue());
        }
        String text = template;
        for (Iterator<Map.Entry<String, JsonNode>> it = variant.getValue().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            String shown = field.getKey().equals("status") ? exitStatusText(value)
                    : value.isTextual() ? value.asText() : value.toString();
            text = text.replace("{" + field.getKey() + "}", shown);
        }
        return text;
    }
}
