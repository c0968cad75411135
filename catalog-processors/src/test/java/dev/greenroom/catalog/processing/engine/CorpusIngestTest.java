package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Ingests the real-world corpus, project by project, with every YAML file as a location, and checks
 * it against Backstage's verdict on each document ({@code corpus-verdicts.jsonl}, made with the
 * real backend's packages): every document Backstage accepts is served, none it refuses is, and
 * every served entity has exactly the relations Backstage's built-in kinds processor implies, from
 * both directions, among the served entities.
 */
class CorpusIngestTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {
    "backstage-examples", "backstage-examples-2021", "backstage-repo-2021", "backstage-demo",
    "create-app-default-app", "misc"
  })
  void aProjectIngestsAsBackstageJudgesIt(String project) throws IOException {
    Path root = TestCatalogs.copy("corpus/" + project, dir.resolve(project));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
    }
    Map<String, Boolean> verdicts = verdicts(project);
    CatalogEngine.Builder builder = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .processingDisabled();
    files.forEach(f -> builder.location("file", f.toString()));
    try (CatalogEngine engine = builder.build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();

      Map<EntityRef, Entity> served = new HashMap<>();
      TestCatalogs.all(engine.catalog()).forEach(e -> served.put(e.ref(), e));
      EntityYamlReader reader = EntityYamlReader.create();
      Set<EntityRef> accepted = new HashSet<>();
      Set<EntityRef> refused = new HashSet<>();
      for (Path f : files) {
        String key = "catalog/" + project + "/" + root.relativize(f).toString().replace('\\', '/');
        List<RawDocument> docs;
        try {
          docs = reader.read(f);
        } catch (RuntimeException e) {
          continue; // a file Backstage cannot read either: covered by the verdicts of its documents
        }
        for (RawDocument d : docs) {
          Boolean valid = verdicts.get(key + "#" + d.index());
          JsonNode n = d.root();
          if (valid == null || !n.isObject() || !n.path("metadata").path("name").isString()
              || !n.path("kind").isString() || hasPlaceholder(n)) {
            continue; // placeholders are resolved here but not by the offline verdicts
          }
          EntityRef ref = EntityRef.of(n.get("kind").asString(),
              n.path("metadata").path("namespace").asString("default"),
              n.path("metadata").path("name").asString());
          (valid ? accepted : refused).add(ref);
        }
      }
      refused.removeAll(accepted); // the same ref may be valid in another file
      assertThat(accepted).as(project).isNotEmpty();
      for (EntityRef ref : accepted) {
        if (ref.kind().equals("location")) {
          // a Location whose targets are missing from the corpus copy fails, as in Backstage
          assertThat(served.containsKey(ref) || !engine.state().get(ref).orElseThrow().errors()
              .isEmpty()).as(ref.toString()).isTrue();
        } else {
          assertThat(served).as(project).containsKey(ref);
        }
      }
      for (EntityRef ref : refused) {
        assertThat(served).as(project).doesNotContainKey(ref);
      }

      Map<EntityRef, Set<String>> expected = new TreeMap<>();
      for (Entity e : served.values()) {
        expected.computeIfAbsent(e.ref(), k -> new TreeSet<>());
        for (RelationEdge edge : BuiltinRelations.of(e)) {
          if (served.containsKey(edge.source())) {
            expected.computeIfAbsent(edge.source(), k -> new TreeSet<>())
                .add(edge.type() + " " + edge.target());
          }
        }
      }
      for (Entity e : served.values()) {
        Set<String> actual = new TreeSet<>();
        e.relations().forEach(r -> actual.add(r.type() + " " + r.targetRef()));
        assertThat(actual).as(e.ref().toString()).isEqualTo(expected.get(e.ref()));
      }
      assertThat(served).as(project).isNotEmpty();
    }
  }

  @Test
  void roadieGlobLocationFailsLikeBackstageWhenOneGlobMatchesNothing() {
    Path root = TestCatalogs.copy("corpus/roadie-backstage-plugins", dir.resolve("roadie"));
    try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
        .location("file", root.resolve("catalog-info.yaml").toString())
        .processingDisabled().build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/roadie-backstage-plugins")))
          .isPresent();
      // ./utils/**/catalog-info.yaml matches nothing in the copy: NotFoundError, the Location's run
      // fails, and none of its children are written (Backstage does the same)
      assertThat(engine.state().get(EntityRef.parse("location:default/roadie-backstage-plugins"))
          .orElseThrow().errors()).singleElement().asString()
          .startsWith("NotFoundError: file ").contains("utils/**/catalog-info.yaml");
      assertThat(engine.catalog().store().size()).isEqualTo(2); // the component and the root
    }
  }

  @Test
  void roadieGlobLocationReadsEveryPluginOnceBothGlobsMatch() throws IOException {
    Path root = TestCatalogs.copy("corpus/roadie-backstage-plugins", dir.resolve("roadie"));
    TestCatalogs.write(root.resolve("utils/roadie-utils/catalog-info.yaml"),
        EngineBehaviourTest.component("roadie-utils", "group:open-source"));
    List<Path> pluginFiles;
    try (Stream<Path> walk = Files.walk(root.resolve("plugins"))) {
      pluginFiles = walk.filter(p -> p.getFileName().toString().equals("catalog-info.yaml")).toList();
    }
    try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
        .location("file", root.resolve("catalog-info.yaml").toString())
        .processingDisabled().build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      Set<String> locations = new TreeSet<>();
      for (Entity e : TestCatalogs.all(engine.catalog())) {
        locations.add(e.metadata().annotation("backstage.io/managed-by-location"));
        assertThat(e.metadata().annotation("backstage.io/managed-by-origin-location"))
            .isEqualTo("file:" + root.resolve("catalog-info.yaml").toAbsolutePath());
      }
      for (Path p : pluginFiles) {
        assertThat(locations).contains("file:" + p.toAbsolutePath());
      }
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/roadie-utils")))
          .hasValueSatisfying(e -> assertThat(e.relations()).extracting(r -> r.type() + " " + r.targetRef())
              .containsExactly("ownedBy group:default/open-source"));
      assertThat(engine.catalog().entity(EntityRef.parse("location:default/roadie-backstage-plugins")))
          .isPresent();
    }
  }

  private static boolean hasPlaceholder(JsonNode n) {
    if (n.isObject()) {
      for (String k : n.propertyNames()) {
        if (k.startsWith("$") || hasPlaceholder(n.get(k))) {
          return true;
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        if (hasPlaceholder(c)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Map<String, Boolean> verdicts(String project) throws IOException {
    Map<String, Boolean> out = new HashMap<>();
    for (String line : Files.readAllLines(TestCatalogs.resource("corpus/corpus-verdicts.jsonl"))) {
      JsonNode n = Json.parse(line);
      String file = n.get("file").asString();
      if (file.startsWith("catalog/" + project + "/")) {
        out.put(file + "#" + n.get("index").asInt(), n.get("valid").asBoolean());
      }
    }
    return out;
  }
}
