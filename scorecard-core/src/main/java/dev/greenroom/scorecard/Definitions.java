package dev.greenroom.scorecard;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scorecard.card.Exemption;
import dev.greenroom.scorecard.card.Rule;
import dev.greenroom.scorecard.card.Scorecard;
import dev.greenroom.scorecard.check.Check;
import dev.greenroom.scorecard.check.CheckLoader;
import dev.greenroom.scorecard.fact.FactField;
import dev.greenroom.scorecard.fact.FactSchema;
import dev.greenroom.scorecard.fact.FactType;
import dev.greenroom.scorecard.internal.Filters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Definition documents: YAML or JSON files with up to four top-level keys, each a list (or, for
 * {@code checks}, also Tech Insights' map of id to check):
 *
 * <pre>{@code
 * factSchemas:      # facts pushed by CI: [{ id, version, title?, description?, entityFilter?, schema: { name: { type, description } } }]
 * checks:           # Tech Insights checks: [{ id, name, description, factIds, rule: { conditions }, metadata?, links?, filter? }]
 * scorecards:       # [{ id, title, description, filter, levels: [..], rules: [{ id, title, level?, weight?, filter?,
 *                   #    check: <check id> | factIds + conditions }] }]
 * exemptions:       # [{ scorecard, rule?, entity, reason, expires }]
 * }</pre>
 *
 * Files are read with the catalog's YAML reader and its limits (size, depth, aliases, documents);
 * several documents in one file are read in order. Everything is validated when the runtime is
 * built; a refused definition names the file, the definition and the rule.
 */
public final class Definitions {
  /** Largest definitions file accepted. */
  public static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

  private static final EntityYamlReader READER =
      EntityYamlReader.builder().maxFileBytes(MAX_FILE_BYTES).build();

  final List<Source> sources = new ArrayList<>();

  record Source(String name, JsonNode root) {}

  /** No documents yet. */
  public Definitions() {}

  /** Adds the documents of a file. */
  public Definitions file(Path file) {
    try {
      return text(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read definitions " + file + ": " + e.getMessage(), e);
    }
  }

  /** Adds the documents of a classpath resource. */
  public Definitions resource(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new ScorecardException("missing definitions resource " + name);
      }
      return text(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds the documents of YAML or JSON text.
   *
   * @throws InvalidDefinitionException on a syntax error or an exceeded limit
   */
  public Definitions text(String source, String text) {
    List<RawDocument> docs;
    try {
      docs = READER.read(source, text);
    } catch (CatalogReadException e) {
      throw new InvalidDefinitionException(e.getMessage());
    }
    for (RawDocument d : docs) {
      if (!d.root().isObject()) {
        throw new InvalidDefinitionException(source + ": document " + (d.index() + 1) + " must be an object");
      }
      for (String key : d.root().propertyNames()) {
        if (!List.of("factSchemas", "checks", "scorecards", "exemptions").contains(key)) {
          throw new InvalidDefinitionException(
              source + ": unknown key '" + key + "' (expected factSchemas, checks, scorecards, exemptions)");
        }
      }
      sources.add(new Source(source, d.root()));
    }
    return this;
  }

  /** The push schemas of every document. */
  List<FactSchema> factSchemas() {
    List<FactSchema> out = new ArrayList<>();
    for (Source s : sources) {
      for (JsonNode n : list(s, "factSchemas")) {
        out.add(factSchema(s.name(), n));
      }
    }
    return out;
  }

  /** The checks of every document, validated against {@code loader}'s schemas. */
  List<Check> checks(CheckLoader loader) {
    List<Check> out = new ArrayList<>();
    for (Source s : sources) {
      JsonNode checks = s.root().get("checks");
      if (checks != null && checks.isObject()) {
        for (Map.Entry<String, JsonNode> e : checks.properties()) {
          out.add(loader.check(s.name(), e.getKey(), e.getValue()));
        }
      } else {
        for (JsonNode n : list(s, "checks")) {
          out.add(loader.check(s.name(), null, n));
        }
      }
    }
    return out;
  }

  /** The scorecards of every document. */
  List<Scorecard> scorecards(CheckLoader loader, Map<String, Check> checks) {
    List<Scorecard> out = new ArrayList<>();
    for (Source s : sources) {
      for (JsonNode n : list(s, "scorecards")) {
        out.add(scorecard(s.name(), n, loader, checks));
      }
    }
    return out;
  }

  /** The exemptions of every document. */
  List<Exemption> exemptions() {
    List<Exemption> out = new ArrayList<>();
    for (Source s : sources) {
      for (JsonNode n : list(s, "exemptions")) {
        out.add(exemption(s.name(), n));
      }
    }
    return out;
  }

  private static List<JsonNode> list(Source s, String key) {
    JsonNode n = s.root().get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new InvalidDefinitionException(s.name() + ": " + key + " must be a list");
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  static FactSchema factSchema(String source, JsonNode n) {
    String id = req(source, "fact schema", n, "id");
    String where = source + ": fact schema '" + id + "'";
    JsonNode schema = n.get("schema");
    if (schema == null || !schema.isObject() || schema.isEmpty()) {
      throw new InvalidDefinitionException(where + ": schema must map fact names to { type, description }");
    }
    Map<String, FactField> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : schema.properties()) {
      JsonNode t = e.getValue().get("type");
      if (t == null || !t.isString()) {
        throw new InvalidDefinitionException(where + ": fact " + e.getKey() + " has no type");
      }
      try {
        fields.put(
            e.getKey(),
            FactField.of(e.getKey(), FactType.parse(t.stringValue()), opt(e.getValue(), "description", "")));
      } catch (IllegalArgumentException ex) {
        throw new InvalidDefinitionException(where + ": fact " + e.getKey() + ": " + ex.getMessage());
      }
    }
    try {
      return new FactSchema(
          id,
          opt(n, "version", "1.0.0"),
          opt(n, "title", id),
          opt(n, "description", ""),
          Filters.parse(n.get("entityFilter")),
          fields);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(where + ": " + e.getMessage());
    }
  }

  static Scorecard scorecard(String source, JsonNode n, CheckLoader loader, Map<String, Check> checks) {
    String id = req(source, "scorecard", n, "id");
    String where = source + ": scorecard '" + id + "'";
    List<String> levels = new ArrayList<>();
    JsonNode lv = n.get("levels");
    if (lv != null && !lv.isNull()) {
      if (!lv.isArray()) {
        throw new InvalidDefinitionException(where + ": levels must be a list of names, lowest first");
      }
      for (JsonNode l : lv) {
        levels.add(l.isObject() ? req(where, "level", l, "name") : l.asString());
      }
    }
    EntityPredicate filter;
    JsonNode f = n.get("filter");
    try {
      filter = Filters.parse(f);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(where + ": filter: " + e.getMessage());
    }
    List<Rule> rules = new ArrayList<>();
    JsonNode rs = n.get("rules");
    if (rs == null || !rs.isArray() || rs.isEmpty()) {
      throw new InvalidDefinitionException(where + ": rules must be a non-empty list");
    }
    for (JsonNode r : rs) {
      String rid = req(where, "rule", r, "id");
      String rwhere = where + ", rule '" + rid + "'";
      String level = opt(r, "level", null);
      if (level != null && !levels.contains(level)) {
        throw new InvalidDefinitionException(rwhere + ": level '" + level + "' is not one of " + levels);
      }
      double weight = 1;
      if (r.has("weight")) {
        if (!r.get("weight").isNumber() || r.get("weight").asDouble() < 0) {
          throw new InvalidDefinitionException(rwhere + ": weight must be a number >= 0");
        }
        weight = r.get("weight").asDouble();
      }
      Check check;
      if (r.has("check")) {
        check = checks.get(r.get("check").asString());
        if (check == null) {
          throw new InvalidDefinitionException(
              rwhere + ": unknown check '" + r.get("check").asString() + "' (known: " + String.join(", ", checks.keySet()) + ")");
        }
      } else {
        tools.jackson.databind.node.ObjectNode c = dev.greenroom.catalog.json.Json.object();
        c.put("id", id + "/" + rid);
        c.put("name", opt(r, "title", rid));
        c.put("description", opt(r, "description", ""));
        if (r.has("factIds")) {
          c.set("factIds", r.get("factIds"));
        }
        c.putObject("rule").set("conditions", r.get("conditions"));
        check = loader.check(rwhere, null, c);
      }
      EntityPredicate rf;
      try {
        rf = Filters.parse(r.get("filter"));
      } catch (IllegalArgumentException e) {
        throw new InvalidDefinitionException(rwhere + ": filter: " + e.getMessage());
      }
      rules.add(new Rule(rid, opt(r, "title", check.name()), opt(r, "description", check.description()), level, weight, check, rf));
    }
    try {
      return new Scorecard(
          id,
          opt(n, "title", id),
          opt(n, "description", ""),
          levels,
          filter,
          f == null || f.isNull() ? "" : f.isString() ? f.stringValue() : f.toString(),
          rules);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(source + ": " + e.getMessage());
    }
  }

  static Exemption exemption(String source, JsonNode n) {
    String card = req(source, "exemption", n, "scorecard");
    String entity = req(source, "exemption", n, "entity");
    String where = source + ": exemption of " + entity + " from scorecard '" + card + "'";
    String expires = req(where, "exemption", n, "expires");
    Instant exp = FactType.parseInstant(expires);
    if (exp == null) {
      throw new InvalidDefinitionException(where + ": expires must be an ISO-8601 instant, not '" + expires + "'");
    }
    try {
      return new Exemption(card, opt(n, "rule", null), EntityRef.parse(entity), req(where, "exemption", n, "reason"), exp);
    } catch (InvalidEntityRefException e) {
      throw new InvalidDefinitionException(where + ": " + e.getMessage());
    }
  }

  private static String req(String where, String what, JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull() || v.asString().isBlank()) {
      throw new InvalidDefinitionException(where + ": a " + what + " has no " + key);
    }
    return v.asString();
  }

  private static @Nullable String opt(JsonNode n, String key, @Nullable String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : v.asString();
  }
}
