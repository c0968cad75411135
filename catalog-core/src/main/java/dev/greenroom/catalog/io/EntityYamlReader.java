package dev.greenroom.catalog.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads catalog files (multi-document YAML, and JSON, which is YAML) into {@link RawDocument}s.
 *
 * <p>Design: the file is parsed with snakeyaml-engine's low-level event API and the JSON trees are
 * built here with an explicit stack, so that nesting depth, alias use and node counts are checked
 * while reading (a hostile file fails fast, before any large tree exists) and every node's line is
 * known. Scalars are resolved with the YAML 1.2 core schema, as Backstage's {@code yaml} package
 * does: {@code yes}/{@code on} stay strings, {@code 0o17} is octal, {@code ~} is null. Merge keys
 * are off ({@code <<} is an ordinary key), duplicate keys are an error, object key order is kept.
 *
 * <p>Empty documents and documents whose root is {@code null} are skipped and not counted, as
 * Backstage's {@code parseEntityYaml} does. A root of another type is returned as is; the validator
 * reports it for that document only. A YAML syntax error fails the whole file with a {@link
 * CatalogReadException} (Backstage's reader keeps the documents before the broken one; we do not).
 *
 * <p>Instances are immutable and thread-safe. Limits and their defaults: {@link
 * Builder#maxFileBytes} 10 MiB, {@link Builder#maxDepth} 100, {@link Builder#maxAliases} 100 per
 * document, {@link Builder#maxNodes} 1,000,000 per file (counting every alias expansion), {@link
 * Builder#maxDocuments} 10,000 per file.
 */
public final class EntityYamlReader {
  /** Default largest file accepted: 10 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 10L * 1024 * 1024;
  /** Default deepest nesting of collections. */
  public static final int DEFAULT_MAX_DEPTH = 100;
  /** Default largest number of aliases in one document (as the {@code yaml} package's default). */
  public static final int DEFAULT_MAX_ALIASES = 100;
  /** Default largest number of JSON nodes per file, alias expansions included. */
  public static final int DEFAULT_MAX_NODES = 1_000_000;
  /** Default largest number of non-empty documents in one file. */
  public static final int DEFAULT_MAX_DOCUMENTS = 10_000;

  private static final ScalarResolver RESOLVER = new CoreSchema().getScalarResolver();

  /**
   * Every first character for which {@link #RESOLVER} has implicit resolvers (null, including the
   * null that is one space, bool, int, float, env, merge), and a few more. A plain scalar that
   * starts with none of them is a string: the resolver looks its resolvers up by first character,
   * and would only match the one it keeps for every value (the empty null) with a regular
   * expression. {@code PlainScalarResolutionTest} checks every first character against it.
   */
  private static final String IMPLICIT_FIRST = " -+.0123456789<$~nNtTfF";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final long maxFileBytes;
  private final int maxDepth;
  private final int maxAliases;
  private final int maxNodes;
  private final int maxDocuments;
  private final boolean trackLines;

  private EntityYamlReader(Builder b) {
    this.maxFileBytes = b.maxFileBytes;
    this.maxDepth = b.maxDepth;
    this.maxAliases = b.maxAliases;
    this.maxNodes = b.maxNodes;
    this.maxDocuments = b.maxDocuments;
    this.trackLines = b.trackLines;
  }

  /** A reader with the default limits. */
  public static EntityYamlReader create() {
    return builder().build();
  }

  /** A builder for a reader with other limits. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads every non-empty document of a file; the source label is the path as given.
   *
   * @throws CatalogReadException on a YAML error or an exceeded limit
   * @throws UncheckedIOException when the file cannot be read
   */
  public List<RawDocument> read(Path file) {
    String source = file.toString();
    try {
      long size = Files.size(file);
      if (size > maxFileBytes) {
        throw tooLarge(source, size);
      }
      return read(source, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + source, e);
    }
  }

  /**
   * Reads every non-empty document from a stream of UTF-8 text, reading at most the size limit.
   *
   * @param source the label used in documents and errors, usually the file name
   */
  public List<RawDocument> read(String source, InputStream in) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxFileBytes) {
          throw tooLarge(source, total);
        }
        out.write(buf, 0, n);
      }
      return read(source, out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + source, e);
    }
  }

  private CatalogReadException tooLarge(String source, long size) {
    return new CatalogReadException(
        source, -1, 0, "file is " + size + " bytes, larger than the limit of " + maxFileBytes);
  }

  /**
   * Reads every non-empty document of YAML or JSON text.
   *
   * @param source the label used in documents and errors, usually the file name
   * @throws CatalogReadException on a YAML error or an exceeded limit
   */
  public List<RawDocument> read(String source, String text) {
    if ((long) text.length() > maxFileBytes
        || text.getBytes(StandardCharsets.UTF_8).length > maxFileBytes) {
      throw tooLarge(source, text.getBytes(StandardCharsets.UTF_8).length);
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(source)
            .setSchema(new CoreSchema())
            .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxFileBytes + 1))
            .setUseMarks(true)
            .build();
    DocBuilder doc = new DocBuilder(source);
    try {
      for (Event event : new Parse(settings).parseString(text)) {
        doc.accept(event);
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      String context = e.getContext();
      throw new CatalogReadException(
          source,
          doc.docs.size(),
          line,
          context == null || context.isEmpty() ? problem : context + ", " + problem);
    } catch (YamlEngineException e) {
      throw new CatalogReadException(source, doc.docs.size(), 0, String.valueOf(e.getMessage()));
    }
    return Collections.unmodifiableList(doc.docs);
  }

  private static int lineOf(Event e) {
    Optional<Mark> m = e.getStartMark();
    return m.map(x -> x.getLine() + 1).orElse(0);
  }

  /** A node anchored in the current document, with the number of nodes it holds. */
  private record Anchored(JsonNode node, int size) {}

  /** An open collection: the node, its dotted path, and (for maps) the key waiting for a value. */
  private static final class Frame {
    final JsonNode node;
    final String path;
    final @Nullable String anchor;
    final int startCount;
    @Nullable String pendingKey;
    int pendingKeyLine;

    Frame(JsonNode node, String path, @Nullable String anchor, int startCount) {
      this.node = node;
      this.path = path;
      this.anchor = anchor;
      this.startCount = startCount;
    }
  }

  /** Builds documents from parser events; one per {@link #read(String, String)} call. */
  private final class DocBuilder {
    final String source;
    final List<RawDocument> docs = new ArrayList<>();
    final ArrayDeque<Frame> stack = new ArrayDeque<>();
    Map<String, Anchored> anchors = new HashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    @Nullable JsonNode root;
    int rootLine;
    int aliases;
    int nodes;

    DocBuilder(String source) {
      this.source = source;
    }

    CatalogReadException error(int line, String detail) {
      return new CatalogReadException(source, docs.size(), line, detail);
    }

    void accept(Event event) {
      switch (event.getEventId()) {
        case DocumentStart -> {
          anchors = new HashMap<>();
          lines = trackLines ? new LinkedHashMap<>() : Map.of();
          root = null;
          aliases = 0;
        }
        case DocumentEnd -> endDocument();
        case Scalar -> {
          ScalarEvent s = (ScalarEvent) event;
          Frame top = stack.peek();
          if (top != null && top.node.isObject() && top.pendingKey == null) {
            setKey(top, s.getValue(), lineOf(event));
            return;
          }
          JsonNode value = scalar(s);
          count(1, event);
          anchor(s, value, 1);
          add(value, lineOf(event));
        }
        case Alias -> {
          AliasEvent a = (AliasEvent) event;
          String name = a.getAlias().getValue();
          Anchored target = anchors.get(name);
          if (target == null) {
            throw error(lineOf(event), "unknown alias *" + name);
          }
          if (++aliases > maxAliases) {
            throw error(
                lineOf(event),
                "more than " + maxAliases + " aliases in one document (possible alias bomb)");
          }
          Frame top = stack.peek();
          if (top != null && top.node.isObject() && top.pendingKey == null) {
            if (!target.node().isValueNode()) {
              throw error(lineOf(event), "a mapping key must be a scalar");
            }
            setKey(top, target.node().asString(), lineOf(event));
            return;
          }
          count(target.size(), event);
          add(target.size() == 1 ? target.node() : target.node().deepCopy(), lineOf(event));
        }
        case MappingStart, SequenceStart -> {
          Frame top = stack.peek();
          if (top != null && top.node.isObject() && top.pendingKey == null) {
            throw error(lineOf(event), "a mapping key must be a scalar");
          }
          if (stack.size() >= maxDepth) {
            throw error(lineOf(event), "nesting deeper than the limit of " + maxDepth);
          }
          count(1, event);
          JsonNode node =
              event.getEventId() == Event.ID.MappingStart
                  ? NODES.objectNode()
                  : NODES.arrayNode();
          String path = childPath(top);
          add(node, lineOf(event));
          String anchor =
              ((CollectionStartEvent) event).getAnchor().map(x -> x.getValue()).orElse(null);
          stack.push(new Frame(node, path, anchor, nodes));
        }
        case MappingEnd, SequenceEnd -> {
          Frame f = stack.pop();
          if (f.anchor != null) {
            anchors.put(f.anchor, new Anchored(f.node, nodes - f.startCount + 1));
          }
        }
        default -> {}
      }
    }

    void setKey(Frame top, String key, int line) {
      if (top.node.has(key)) {
        throw error(line, "duplicate key \"" + key + "\" (map keys must be unique)");
      }
      top.pendingKey = key;
      top.pendingKeyLine = line;
    }

    void count(int n, Event event) {
      nodes += n;
      if (nodes > maxNodes) {
        throw error(
            lineOf(event),
            "more than "
                + maxNodes
                + " nodes in the file, counting alias expansions (possible alias bomb)");
      }
    }

    void anchor(NodeEvent e, JsonNode value, int size) {
      e.getAnchor().ifPresent(a -> anchors.put(a.getValue(), new Anchored(value, size)));
    }

    String childPath(@Nullable Frame top) {
      if (top == null) {
        return "";
      }
      String child =
          top.node.isObject() ? String.valueOf(top.pendingKey) : Integer.toString(top.node.size());
      return top.path.isEmpty() ? child : top.path + '.' + child;
    }

    void add(JsonNode value, int line) {
      Frame top = stack.peek();
      if (top == null) {
        root = value;
        rootLine = line;
        if (trackLines) {
          lines.put("", line);
        }
        return;
      }
      if (trackLines) {
        lines.put(childPath(top), line);
      }
      if (top.node instanceof ObjectNode o) {
        o.set(top.pendingKey, value);
        top.pendingKey = null;
      } else {
        ((ArrayNode) top.node).add(value);
      }
    }

    void endDocument() {
      JsonNode r = root;
      if (r == null || r.isNull()) {
        return;
      }
      if (docs.size() >= maxDocuments) {
        throw error(rootLine, "more than " + maxDocuments + " documents in one file");
      }
      docs.add(
          new RawDocument(
              source, docs.size(), rootLine, r, trackLines ? Map.copyOf(lines) : Map.of()));
    }
  }

  /** {@link #RESOLVER}'s tag for a plain scalar: most values are strings, known at a glance. */
  static Tag resolvePlain(String value) {
    if (!value.isEmpty() && IMPLICIT_FIRST.indexOf(value.charAt(0)) < 0) {
      return Tag.STR;
    }
    return RESOLVER.resolve(value, true);
  }

  private static JsonNode scalar(ScalarEvent s) {
    String value = s.getValue();
    Optional<String> explicit = s.getTag();
    Tag tag;
    if (explicit.isPresent() && !"!".equals(explicit.get())) {
      String t = explicit.get();
      if (t.equals(Tag.NULL.getValue())
          || t.equals(Tag.BOOL.getValue())
          || t.equals(Tag.INT.getValue())
          || t.equals(Tag.FLOAT.getValue())) {
        tag = RESOLVER.resolve(value, true);
      } else {
        tag = Tag.STR; // !!str, and custom tags, which Backstage's reader also reads as text
      }
    } else if (s.isPlain()) {
      tag = resolvePlain(value);
    } else {
      tag = Tag.STR;
    }
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(value.equalsIgnoreCase("true"));
    }
    if (tag.equals(Tag.INT)) {
      return integer(value);
    }
    if (tag.equals(Tag.FLOAT)) {
      return NODES.numberNode(floating(value));
    }
    return NODES.stringNode(value);
  }

  private static JsonNode integer(String value) {
    String v = value;
    int radix = 10;
    boolean negative = false;
    if (v.startsWith("+") || v.startsWith("-")) {
      negative = v.startsWith("-");
      v = v.substring(1);
    }
    if (v.startsWith("0o")) {
      radix = 8;
      v = v.substring(2);
    } else if (v.startsWith("0x")) {
      radix = 16;
      v = v.substring(2);
    }
    BigInteger big = new BigInteger(v, radix);
    if (negative) {
      big = big.negate();
    }
    if (big.bitLength() < 32) {
      return NODES.numberNode(big.intValue());
    }
    if (big.bitLength() < 64) {
      return NODES.numberNode(big.longValue());
    }
    return NODES.numberNode(big);
  }

  private static double floating(String value) {
    String v = value.toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      case ".nan" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }

  /** Limits for a reader; every limit must be positive. */
  public static final class Builder {
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxAliases = DEFAULT_MAX_ALIASES;
    private int maxNodes = DEFAULT_MAX_NODES;
    private int maxDocuments = DEFAULT_MAX_DOCUMENTS;
    private boolean trackLines = true;

    private Builder() {}

    /** Largest file accepted, in bytes (default 10 MiB). */
    public Builder maxFileBytes(long bytes) {
      this.maxFileBytes = positive(bytes, "maxFileBytes");
      return this;
    }

    /** Deepest nesting of mappings and sequences (default 100). */
    public Builder maxDepth(int depth) {
      this.maxDepth = (int) positive(depth, "maxDepth");
      return this;
    }

    /** Most aliases ({@code *name}) in one document (default 100). */
    public Builder maxAliases(int aliases) {
      this.maxAliases = (int) positive(aliases, "maxAliases");
      return this;
    }

    /**
     * Most JSON nodes in one file, where an alias counts as every node it expands to (default
     * 1,000,000); this is what stops "billion laughs" files.
     */
    public Builder maxNodes(int nodes) {
      this.maxNodes = (int) positive(nodes, "maxNodes");
      return this;
    }

    /** Most non-empty documents in one file (default 10,000). */
    public Builder maxDocuments(int documents) {
      this.maxDocuments = (int) positive(documents, "maxDocuments");
      return this;
    }

    /** Whether to record the line of every field in {@link RawDocument#fieldLines()} (default on). */
    public Builder trackLines(boolean track) {
      this.trackLines = track;
      return this;
    }

    /** The reader. */
    public EntityYamlReader build() {
      return new EntityYamlReader(this);
    }

    private static long positive(long v, String name) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }
  }
}
