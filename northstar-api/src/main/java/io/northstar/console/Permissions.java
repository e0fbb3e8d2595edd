package io.northstar.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A set of console permissions. Written as {@code "full"} when it holds all 15,
 * otherwise as an array of names; read from {@code "full"} (trimmed) or an array.
 */
public record Permissions(Set<Permission> set) {
    public static final Permissions FULL = new Permissions(EnumSet.allOf(Permission.class));
    public static final Permissions NONE = new Permissions(EnumSet.noneOf(Permission.class));

    public Permissions {
        EnumSet<Permission> copy = EnumSet.noneOf(Permission.class);
        copy.addAll(set);
        set = Collections.unmodifiableSet(copy);
    }

    public static Permissions of(Collection<Permission> permissions) {
        return new Permissions(EnumSet.copyOf(permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : permissions));
    }

    public boolean contains(Permission p) {
        return set.contains(p);
    }

    public boolean isFull() {
        return set.size() == Permission.values().length;
    }

    public JsonNode toJson() {
        if (isFull()) {
            return Json.text("full");
        }
        ArrayNode a = Json.array();
        for (Permission p : set) {
            a.add(p.wireName());
        }
        return a;
    }

    static Permissions fromJson(JsonCursor c) {
        if (c.raw().isTextual()) {
            String s = c.string();
            if (s.trim().equals("full")) {
                return FULL;
            }
            throw c.error("invalid permissions \"" + JsonCursor.quote(s) + "\": expected \"full\" or a list of permissions");
        }
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        for (JsonCursor e : c.elements()) {
            String name = e.string();
            out.add(Permission.byWireName(name)
                    .orElseThrow(() -> e.error("unknown permission \"" + JsonCursor.quote(name) + "\"")));
        }
        return new Permissions(out);
    }
}
