package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces secret values with {@code ***} in text and in every string of a JSON tree, as
 * Backstage's task logger does: values are trimmed, and values shorter than two characters are
 * ignored. Longer secrets are replaced first, so one secret inside another leaves no fragment.
 */
public final class SecretMasker {
  /** The replacement text. */
  public static final String MASK = "***";

  private final List<String> values;

  /** A masker of these secret values. */
  public SecretMasker(Collection<String> secrets) {
    List<String> v = new ArrayList<>();
    for (String s : secrets) {
      String t = s.strip();
      if (t.length() >= 2 && !v.contains(t)) {
        v.add(t);
      }
    }
    v.sort(Comparator.comparingInt(String::length).reversed());
    this.values = List.copyOf(v);
  }

  /** A masker of a task's secrets map. */
  public static SecretMasker of(Map<String, String> secrets) {
    return new SecretMasker(secrets.values());
  }

  /** True when there is nothing to mask. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The text with every secret replaced. */
  public String mask(String text) {
    String out = text;
    for (String v : values) {
      if (out.contains(v)) {
        out = out.replace(v, MASK);
      }
    }
    return out;
  }

  /** A copy of the tree with every string value (and object key) masked. */
  public JsonNode mask(JsonNode node) {
    if (values.isEmpty()) {
      return node.deepCopy();
    }
    if (node.isString()) {
      return Json.nodes().stringNode(mask(node.asString()));
    }
    if (node instanceof ObjectNode o) {
      ObjectNode out = Json.object();
      o.properties().forEach(e -> out.set(mask(e.getKey()), mask(e.getValue())));
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = Json.nodes().arrayNode();
      a.forEach(e -> out.add(mask(e)));
      return out;
    }
    return node.deepCopy();
  }

  /** {@link #mask(JsonNode)} of an object. */
  public ObjectNode mask(ObjectNode node) {
    return (ObjectNode) mask((JsonNode) node);
  }
}
