package dev.greenroom.catalog.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.validation.internal.CompiledSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The structural fast path (FastSchema, the envelope shortcut, the kind shortcuts) never changes
 * an answer: corpus entities, mutated field by field (dropped, retyped, emptied, odd values,
 * foreign fields), get the same verdict, Backstage text and resulting entity from the default
 * validator as from one with {@code fastPath(false)}, and every schema's "plainly valid" implies
 * that networknt finds no error.
 */
class FastPathAgreementTest {
  private static final EntityValidator FAST = EntityValidator.create();
  private static final EntityValidator SLOW = EntityValidator.builder().fastPath(false).build();
  private static final List<JsonNode> SEEDS = corpusDocuments();
  private static final List<String> SCHEMAS =
      List.of("entity.schema.json", "entity-envelope.schema.json", "api.v1alpha1.schema.json",
          "component.v1alpha1.schema.json", "domain.v1alpha1.schema.json",
          "group.v1alpha1.schema.json", "location.v1alpha1.schema.json",
          "resource.v1alpha1.schema.json", "system.v1alpha1.schema.json",
          "user.v1alpha1.schema.json", "template.v1beta3.schema.json");
  private static final List<CompiledSchema> COMPILED =
      SCHEMAS.stream().map(s -> CompiledSchema.resource(EntityValidator.class, s)).toList();

  /** Odd values a field may be replaced with or given. */
  private static final List<String> ODD_VALUES =
      List.of("null", "\"\"", "\" \"", "0", "1", "1.5", "-1", "true", "false", "{}", "[]",
          "[\"\"]", "[1]", "[null]", "[\"a\", \"b\"]", "{\"a\": 1}", "{\"a\": \"b\"}", "\"x\"",
          "\"Component\"", "\"backstage.io/v1alpha1\"", "\"é\"", "\"a\\u0085b\"", "\"\\ud83d\\ude00\"",
          "\"" + "a".repeat(70) + "\"", "\"group:default/x\"", "\"https://example.com\"",
          "\"not a url\"", "[{\"url\": \"https://x\"}]", "[{\"type\": \"ownedBy\"}]",
          "{\"items\": [{}]}", "\"required\"", "\"if\"");
  private static final List<String> FIELD_NAMES =
      List.of("spec", "owner", "type", "lifecycle", "definition", "relations", "status", "items",
          "namespace", "annotations", "labels", "tags", "links", "url", "title", "icon",
          "profile", "memberOf", "children", "steps", "action", "parameters", "output", "foo",
          "backstage.io/x", "", "a b", "target", "targets", "presence");

  @Test
  void corpusAgrees() {
    for (JsonNode doc : SEEDS) {
      assertSame(doc);
    }
  }

  @Test
  void fastPathIsTakenForValidCorpusEntities() {
    CompiledSchema entity = CompiledSchema.resource(EntityValidator.class, "entity.schema.json");
    int valid = 0;
    int plain = 0;
    for (JsonNode doc : SEEDS) {
      ValidationResult r = SLOW.validate(doc, "seed", 0, null);
      if (r.isValid()) {
        valid++;
        if (entity.plainlyValid(r.entity().toJson())) {
          plain++;
        }
      }
    }
    assertThat(valid).isGreaterThan(100);
    assertThat(plain).as("valid entities the fast path recognises").isEqualTo(valid);
  }

  @Property(tries = 3000)
  void mutatedEntitiesAgree(@ForAll("mutants") JsonNode doc) {
    assertSame(doc);
  }

  @Property(tries = 3000)
  void plainlyValidImpliesNoSchemaError(@ForAll("mutants") JsonNode doc) {
    ObjectNode entity = doc.isObject() ? (ObjectNode) doc : Json.object();
    for (int i = 0; i < SCHEMAS.size(); i++) {
      CompiledSchema s = COMPILED.get(i);
      if (s.plainlyValid(entity)) {
        assertThat(s.validate(entity)).as(SCHEMAS.get(i) + " on " + entity).isEmpty();
      }
    }
  }

  private static void assertSame(JsonNode doc) {
    JsonNode before = doc.deepCopy();
    ValidationResult fast = FAST.validate(doc, "mutant", 0, null);
    ValidationResult slow = SLOW.validate(doc, "mutant", 0, null);
    assertThat(doc).as("input untouched").isEqualTo(before);
    assertThat(fast.isValid()).as(doc.toString()).isEqualTo(slow.isValid());
    assertThat(fast.problems()).as(doc.toString()).isEqualTo(slow.problems());
    if (fast.isValid()) {
      assertThat(fast.entity().toJson()).isEqualTo(slow.entity().toJson());
    }
  }

  @Provide
  Arbitrary<JsonNode> mutants() {
    Arbitrary<Integer> seed = Arbitraries.integers().between(0, SEEDS.size() - 1);
    Arbitrary<List<Long>> steps =
        Arbitraries.longs().between(0, Long.MAX_VALUE).list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(seed, steps).as(FastPathAgreementTest::mutate);
  }

  /** Applies one mutation per step to a copy of seed {@code index}, choices drawn from the step. */
  private static JsonNode mutate(int index, List<Long> steps) {
    JsonNode doc = SEEDS.get(index).deepCopy();
    for (long step : steps) {
      List<JsonNode> containers = new ArrayList<>();
      collect(doc, containers);
      JsonNode target = containers.get((int) (step % containers.size()));
      long r = step / containers.size();
      JsonNode odd = Json.parse(ODD_VALUES.get((int) (r % ODD_VALUES.size())));
      r /= ODD_VALUES.size();
      int op = (int) (r % 3);
      r /= 3;
      if (target instanceof ObjectNode o) {
        List<String> names = new ArrayList<>(o.propertyNames());
        if (op == 0 || names.isEmpty()) {
          o.set(FIELD_NAMES.get((int) (r % FIELD_NAMES.size())), odd);
        } else {
          String name = names.get((int) (r % names.size()));
          if (op == 1) {
            o.remove(name);
          } else {
            o.set(name, odd);
          }
        }
      } else if (target instanceof ArrayNode a) {
        if (op == 0 || a.isEmpty()) {
          a.add(odd);
        } else if (op == 1) {
          a.remove((int) (r % a.size()));
        } else {
          a.set((int) (r % a.size()), odd);
        }
      }
    }
    return doc;
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isObject() || n.isArray()) {
      out.add(n);
      for (JsonNode child : n) {
        collect(child, out);
      }
    }
  }

  private static List<JsonNode> corpusDocuments() {
    EntityYamlReader reader = EntityYamlReader.create();
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CorpusConformanceTest.corpus())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
        try {
          for (RawDocument d : reader.read(f)) {
            docs.add(d.root());
          }
        } catch (CatalogReadException e) {
          // unreadable YAML is not a validation case
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(docs);
  }
}
