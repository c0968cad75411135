package dev.greenroom.catalog.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shared JSON plumbing: one configured mapper, stable stringification for hashes, and SHA-1.
 *
 * <p>The mapper keeps object key order (Jackson's {@link ObjectNode} is insertion-ordered) and
 * limits nesting depth and string size so that hostile input cannot exhaust the stack or heap.
 */
public final class Json {
  /** Deepest nesting accepted in any JSON document. */
  public static final int MAX_DEPTH = 200;

  /** Largest single string value accepted, in characters. */
  public static final int MAX_STRING_LENGTH = 10 * 1024 * 1024;

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_STRING_LENGTH)
                          .build())
                  .build())
          .build();

  private static final JsonMapper SORTED =
      MAPPER.rebuild().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

  private Json() {}

  /** The shared, thread-safe mapper. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** The node factory for building trees by hand. */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses JSON text into a tree. */
  public static JsonNode parse(String text) {
    return MAPPER.readTree(text);
  }

  /** Compact JSON text of a tree, in its key order. */
  public static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  /**
   * JSON text with object keys sorted at every level, so that equal trees give equal text
   * whatever order their keys were written in (as Backstage's {@code stableStringify}).
   */
  public static String stableWrite(JsonNode node) {
    return SORTED.writeValueAsString(node);
  }

  /** Lower-case hex SHA-1 of the UTF-8 bytes of {@code text}. */
  public static String sha1Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by the Java platform", e);
    }
  }

  /** A short, readable name for a node's JSON type: object, array, string, number, boolean, null. */
  public static String typeName(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "undefined";
    }
    if (node.isObject()) {
      return "object";
    }
    if (node.isArray()) {
      return "array";
    }
    if (node.isString()) {
      return "string";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isNull()) {
      return "null";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
