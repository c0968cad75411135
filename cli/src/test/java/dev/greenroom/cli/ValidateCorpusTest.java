package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code greenroom validate} over the whole real-world corpus ({@code catalog} and {@code
 * catalog-edge}) against Backstage's own verdict and error text per document ({@code
 * corpus-verdicts.jsonl}). No document is an exception: all 301 match.
 */
class ValidateCorpusTest {
  private static final String CORPUS = CliRun.rel("corpus");

  private static Map<String, JsonNode> verdicts() throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(CliRun.resource("corpus/corpus-verdicts.jsonl"))) {
      JsonNode n = Json.parse(line);
      out.put(n.get("file").asString() + "#" + n.get("index").asInt(), n);
    }
    return out;
  }

  private static Map<String, JsonNode> run(String... extra) {
    List<String> args = new ArrayList<>(List.of("validate", "--format", "json"));
    args.addAll(List.of(extra));
    args.add(CORPUS + "/catalog");
    args.add(CORPUS + "/catalog-edge");
    CliRun r = CliRun.run(args.toArray(String[]::new));
    assertThat(r.status).as(r.err).isEqualTo(1); // the corpus holds invalid documents
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String line : r.out.split("\n")) {
      JsonNode n = Json.parse(line);
      String file = n.get("file").asString().substring(CORPUS.length() + 1);
      out.put(file + "#" + n.get("document").asInt(), n);
    }
    return out;
  }

  @Test
  void everyDocumentGetsBackstagesVerdictAndErrorText() throws IOException {
    Map<String, JsonNode> verdicts = verdicts();
    Map<String, JsonNode> actual = run("--all");
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(verdicts.keySet());
    List<String> mismatches = new ArrayList<>();
    verdicts.forEach((key, v) -> {
      JsonNode a = actual.get(key);
      String expectedError = v.get("error").isNull() ? null : v.get("error").asString();
      String actualError = a.get("errors").isEmpty() ? null
          : a.get("errors").get(0).get("backstage").asString();
      if (a.get("valid").asBoolean() != v.get("valid").asBoolean()
          || !java.util.Objects.equals(expectedError, actualError)) {
        mismatches.add(key + ": Backstage " + expectedError + " / greenroom " + actualError);
      }
    });
    assertThat(mismatches).isEmpty();
    assertThat(verdicts).hasSize(301);
    assertThat(actual.values().stream().filter(n -> n.get("valid").asBoolean())).hasSize(183);
  }

  @Test
  void withoutAllOnlyFilesWithoutBackstageEntitiesAreSkipped() throws IOException {
    Map<String, JsonNode> verdicts = verdicts();
    Map<String, JsonNode> actual = run();
    Set<String> skipped = new TreeSet<>(verdicts.keySet());
    skipped.removeAll(actual.keySet());
    // the five documents that are not catalog entities at all: two test fixtures without
    // apiVersion, copied twice, and an OpenAPI definition; Backstage refuses each of them
    assertThat(skipped).containsExactly(
        "catalog-edge/backstage-fileReaderProcessor-2021/component.yaml#0",
        "catalog-edge/backstage-fileReaderProcessor-2021/dir/api.yaml#0",
        "catalog-edge/backstage-fileReaderProcessor-recent/component.yaml#0",
        "catalog-edge/backstage-fileReaderProcessor-recent/dir/api.yaml#0",
        "catalog/backstage-examples/apis/petstore-webhook.oas.yaml#0");
    for (String k : skipped) {
      assertThat(verdicts.get(k).get("error").asString())
          .contains("must have required property 'apiVersion'");
    }
    // everything that is checked gets the same verdict as with --all
    actual.forEach((k, n) -> assertThat(n.get("valid").asBoolean())
        .isEqualTo(verdicts.get(k).get("valid").asBoolean()));
  }

  @Test
  void textSummaryCountsTheCorpus() {
    CliRun r = CliRun.run("validate", "--all", CORPUS + "/catalog", CORPUS + "/catalog-edge");
    assertThat(r.status).isEqualTo(1);
    assertThat(r.out).endsWith("301 documents in 148 files: 183 valid, 118 invalid\n");
    assertThat(r.out).contains("INVALID " + CORPUS + "/catalog-edge/roadie-entity-validator-samples/"
        + "invalid-system-entity.yml:6: spec.owner is missing (document 1, system:default/sample-service-5)\n"
        + "          /spec must have required property 'owner' - missingProperty: owner");
  }
}
