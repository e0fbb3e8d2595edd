package io.northstar.manifest;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML text to {@link Doc} via SnakeYAML's node graph. SnakeYAML resolves plain
 * scalars with YAML 1.1 rules, so its implicit tags are ignored and plain
 * scalars are typed later with serde_yaml's rules ({@link YamlScalars}); only
 * local tags ({@code !fifo}) are kept.
 */
final class YamlDocReader {
    private static final int MAX_DEPTH = DocLimits.MAX_DEPTH;

    private YamlDocReader() {
    }

    static Doc read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            // The composer alone, as Yaml.compose uses it: a Yaml instance would also build the object
            // constructor and representer this reader never uses (and with them java.beans introspection).
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                    .getSingleNode();
        } catch (YAMLException | IllegalArgumentException e) {
            // SnakeYAML's Tag rejects some tags (e.g. "!%9") with IllegalArgumentException (found by ManifestFuzzTest).
            throw new ManifestException(ManifestException.Stage.PARSE, "", "invalid YAML: " + oneLine(e.getMessage()), e);
        }
        if (root == null) {
            throw new ManifestException(ManifestException.Stage.PARSE, "", "empty document");
        }
        return convert(root, new IdentityHashMap<>(), 0, new DocLimits.NodeBudget("YAML"));
    }

    /** Expands aliases: each use is converted again, and counted against the budget. */
    private static Doc convert(Node node, Map<Node, Boolean> active, int depth, DocLimits.NodeBudget budget) {
        if (depth > MAX_DEPTH || active.containsKey(node)) {
            throw new ManifestException(ManifestException.Stage.PARSE, "", "YAML nesting deeper than " + MAX_DEPTH
                    + " or recursive alias at " + position(node.getStartMark()));
        }
        String tag = localTag(node.getTag());
        Doc.Position pos = position(node.getStartMark());
        budget.take(pos);
        switch (node.getNodeId()) {
            case scalar: {
                ScalarNode s = (ScalarNode) node;
                Doc.ScalarKind kind = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                        ? Doc.ScalarKind.PLAIN : Doc.ScalarKind.STRING;
                return new Doc.Scalar(s.getValue(), kind, tag, pos);
            }
            case sequence: {
                active.put(node, Boolean.TRUE);
                List<Doc> items = new ArrayList<>();
                for (Node item : ((SequenceNode) node).getValue()) {
                    items.add(convert(item, active, depth + 1, budget));
                }
                active.remove(node);
                return new Doc.Sequence(List.copyOf(items), tag, pos);
            }
            case mapping: {
                active.put(node, Boolean.TRUE);
                List<Doc.Entry> entries = new ArrayList<>();
                for (NodeTuple t : ((MappingNode) node).getValue()) {
                    entries.add(new Doc.Entry(convert(t.getKeyNode(), active, depth + 1, budget),
                            convert(t.getValueNode(), active, depth + 1, budget)));
                }
                active.remove(node);
                return new Doc.Mapping(List.copyOf(entries), tag, pos);
            }
            default:
                throw new ManifestException(ManifestException.Stage.PARSE, "",
                        "unsupported YAML node at " + pos);
        }
    }

    private static String localTag(Tag tag) {
        if (tag == null) {
            return null;
        }
        String v = tag.getValue();
        if (v.startsWith(Tag.PREFIX)) {
            return null;
        }
        return v.startsWith("!") ? v.substring(1) : v;
    }

    private static Doc.Position position(Mark mark) {
        return mark == null ? null : new Doc.Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return message.replaceAll("\\s*\\n\\s*", " ").trim();
    }
}
