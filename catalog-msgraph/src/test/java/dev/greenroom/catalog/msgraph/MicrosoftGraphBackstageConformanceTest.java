package dev.greenroom.catalog.msgraph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The judge: Backstage's own Microsoft Graph reader (npm {@code
 * @backstage/plugin-catalog-backend-module-msgraph}, pinned in {@code
 * src/test/node/package-lock.json}: its {@code readProviderConfig} and {@code
 * readMicrosoftGraphOrg}, called as its provider calls them) reads the same fake tenant with the
 * same config and makes the same users and groups as Greenroom's provider. Skipped without node
 * and npm.
 */
class MicrosoftGraphBackstageConformanceTest {
  static Path nodeDir;

  @BeforeAll
  static void install() throws Exception {
    nodeDir = NodeConformance.install("msgraph-conformance.mjs");
  }

  @ParameterizedTest(name = "{0}")
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  @CsvSource(delimiter = '|', textBlock = """
      defaults, photos included            | 1000 | ''
      pages of two                         | 2    | 'user: { loadPhotos: false }'
      sub-groups of one group              | 1000 | 'user: { loadPhotos: false }\\ngroup: { filter: "displayName eq ''Engineering''", includeSubGroups: true }'
      users of one group                   | 1000 | 'user: { loadPhotos: false }\\nuserGroupMember: { filter: "displayName eq ''Mark 8 Project Team''" }'
      advanced query, select and search    | 1000 | 'queryMode: advanced\\nuser: { filter: "userType eq ''Member''", select: [id, displayName, mail, userPrincipalName], loadPhotos: false }\\ngroup: { search: ''"displayName:Sales"'' }'
      """)
  void backstagesReaderMakesTheSameUsersAndGroups(String name, int maxPage, String extra)
      throws Exception {
    String yaml = extra.replace("\\n", "\n") + "\n";
    try (FakeGraph graph = new FakeGraph("/graph/contoso.json")) {
      graph.maxPage = maxPage;
      NodeConformance.Result r = NodeConformance.run(List.of("node", "msgraph-conformance.mjs",
          Json.write(graph.providerNode(FakeGraph.CLIENT_SECRET, yaml))), nodeDir,
          Duration.ofMinutes(1));
      assertThat(r.exitCode()).as("Backstage's reader: %s", r.stderr()).isZero();
      JsonNode backstageOrg = Json.parse(r.stdout());
      ArrayNode backstageAll = Json.nodes().arrayNode();
      backstageOrg.path("users").forEach(backstageAll::add);
      backstageOrg.path("groups").forEach(backstageAll::add);

      MicrosoftGraphOrg org = MicrosoftGraphOrgEntityProvider.builder(
          graph.config("conformance", yaml)).build().readOrg();
      ArrayNode ours = Json.nodes().arrayNode();
      for (Entity e : org.users()) {
        ours.add(e.toJson());
      }
      for (Entity e : org.groups()) {
        ours.add(e.toJson());
      }

      Map<String, JsonNode> backstage = byRef(backstageAll);
      Map<String, JsonNode> greenroom = byRef(ours);
      assertThat(greenroom.keySet()).isEqualTo(backstage.keySet()).isNotEmpty();
      List<String> differences = new ArrayList<>();
      for (String ref : backstage.keySet()) {
        if (!greenroom.get(ref).equals(backstage.get(ref))) {
          differences.add(ref + "\n  backstage: " + Json.stableWrite(backstage.get(ref))
              + "\n  greenroom: " + Json.stableWrite(greenroom.get(ref)));
        }
      }
      assertThat(differences).as("entities that differ").isEmpty();
    }
  }

  /** Entities by ref, with the order of relation lists set aside. */
  static Map<String, JsonNode> byRef(ArrayNode entities) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode e : entities) {
      ObjectNode entity = (ObjectNode) e.deepCopy();
      if (entity.get("spec") instanceof ObjectNode spec) {
        for (String list : List.of("memberOf", "children")) {
          if (spec.get(list) instanceof ArrayNode a) {
            List<String> values = new ArrayList<>();
            a.forEach(v -> values.add(v.asString()));
            values.sort(null);
            ArrayNode sorted = spec.putArray(list);
            values.forEach(sorted::add);
          }
        }
      }
      out.put(entity.path("kind").asString().toLowerCase(Locale.ROOT) + ":default/"
          + entity.path("metadata").path("name").asString(), entity);
    }
    return out;
  }
}
