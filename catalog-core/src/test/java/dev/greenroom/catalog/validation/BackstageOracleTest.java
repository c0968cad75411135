package dev.greenroom.catalog.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Our field-format functions and reference parser against Backstage's own answers for 2,000
 * strings, stored in {@code validation/backstage-oracle.jsonl} (regenerate with {@code
 * make-oracle.mjs}; the test never calls node).
 */
class BackstageOracleTest {

  static List<JsonNode> oracle() throws IOException {
    try (InputStream in = BackstageOracleTest.class.getResourceAsStream("/validation/backstage-oracle.jsonl")) {
      List<JsonNode> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(Json.parse(line));
        }
      }
      return out;
    }
  }

  @Test
  void validatorsAndRefsAgreeWithBackstage() throws IOException {
    List<String> disagreements = new ArrayList<>();
    List<JsonNode> lines = oracle();
    assertThat(lines).hasSize(2000);
    for (JsonNode j : lines) {
      String s = j.get("input").asString();
      check(disagreements, j, "entityName", FieldValidators.isValidObjectName(s));
      check(disagreements, j, "namespace", FieldValidators.isValidDnsLabel(s));
      check(disagreements, j, "tag", FieldValidators.isValidTag(s));
      check(disagreements, j, "labelKey", FieldValidators.isValidLabelKey(s));
      check(disagreements, j, "annotationKey", FieldValidators.isValidLabelKey(s));
      check(disagreements, j, "labelValue", FieldValidators.isValidLabelValue(s));
      check(disagreements, j, "apiVersion", FieldValidators.isValidApiVersion(s));
      check(disagreements, j, "kind", FieldValidators.isValidKind(s));
      check(disagreements, j, "url", FieldValidators.isValidUrl(s));
      check(disagreements, j, "nonEmpty", FieldValidators.isNonEmptyString(s));
      checkRef(disagreements, s, j.get("ref"), null, null);
      checkRef(disagreements, s, j.get("refDefaults"), "Group", "ns1");
    }
    assertThat(disagreements).isEmpty();
  }

  private static void check(List<String> out, JsonNode j, String key, boolean ours) {
    if (j.get(key).asBoolean() != ours) {
      out.add(key + " " + Json.write(j.get("input")) + ": Backstage " + j.get(key));
    }
  }

  private static void checkRef(
      List<String> out, String s, JsonNode expected, String defaultKind, String defaultNs) {
    String got;
    try {
      EntityRef r = EntityRef.parse(s, defaultKind, defaultNs);
      got = r.kind() + "|" + r.namespace() + "|" + r.name() + "|" + r;
      // round trip: parse(stringify(ref)) is the same reference
      assertThat(EntityRef.parse(r.toString())).isEqualTo(r);
    } catch (InvalidEntityRefException e) {
      got = "ERR " + e.getMessage();
    }
    String want =
        expected.has("error")
            ? "ERR " + expected.get("error").asString().replaceFirst("^[A-Za-z]+: ", "")
            : expected.get("kind").asString() + "|" + expected.get("namespace").asString() + "|"
                + expected.get("name").asString() + "|" + expected.get("string").asString();
    if (!want.equals(got)) {
      out.add("ref " + Json.write(Json.nodes().stringNode(s)) + ": want " + want + " got " + got);
    }
  }
}
