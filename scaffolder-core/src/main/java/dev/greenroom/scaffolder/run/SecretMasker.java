package dev.greenroom.scaffolder.run;

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
 * Replaces secret values with {@code ***} in text and in every string (and key) of a JSON tree,
 * as Backstage's task logger redacts them: each secret as given and trimmed, when at least two
 * characters long, longest first so that a secret containing another is masked whole. Values
 * derived from secrets (rendered from {@code ${{ secrets.x }}}) can be added while a run goes on.
 * One masker serves the runner's log and events, the task store's events and step state, and the
 * dry-run route. Thread-safe.
 */
public final class SecretMasker {
  /** What a secret becomes. */
  public static final String MASK = "***";

  private volatile List<String> values = List.of();

  /** A masker of these secret values. */
  public SecretMasker(Collection<String> secrets) {
    secrets.forEach(this::add);
  }

  /** A masker of a task's secrets map (its values). */
  public static SecretMasker of(Map<String, String> secrets) {
    return new SecretMasker(secrets.values());
  }

  /** Adds a value to mask; ignored when shorter than two characters after trimming. */
  public synchronized void add(String value) {
    List<String> next = new ArrayList<>(values);
    for (String form : List.of(value, value.strip())) {
      if (form.strip().length() >= 2 && !next.contains(form)) {
        next.add(form);
      }
    }
    next.sort(Comparator.comparingInt(String::length).reversed());
    values = List.copyOf(next);
  }

  /** True when there is nothing to mask. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** {@code text} with every secret replaced by {@code ***}. */
  public String mask(String text) {
    String out = text;
    for (String v : values) {
      if (out.contains(v)) {
        out = out.replace(v, MASK);
      }
    }
    return out;
  }

  /** A copy of the tree with every string value and object key masked. */
  public JsonNode mask(JsonNode node) {
    if (isEmpty()) {
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
