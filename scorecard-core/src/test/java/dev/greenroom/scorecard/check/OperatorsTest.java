package dev.greenroom.scorecard.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.FactField;
import dev.greenroom.scorecard.fact.FactSchema;
import dev.greenroom.scorecard.fact.FactType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Each operator on facts of each type, and on entity fields, both ways. */
class OperatorsTest {
  static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
  static final EntityRef REF = EntityRef.parse("component:default/svc");
  static final FactSchema SCHEMA =
      FactSchema.of(
          "f",
          "1.0.0",
          EntityPredicate.matchAll(),
          List.of(
              FactField.of("n", FactType.INTEGER, ""),
              FactField.of("x", FactType.FLOAT, ""),
              FactField.of("s", FactType.STRING, ""),
              FactField.of("b", FactType.BOOLEAN, ""),
              FactField.of("d", FactType.DATETIME, ""),
              FactField.of("tags", FactType.SET, ""),
              FactField.of("o", FactType.OBJECT, "")));
  static final CheckLoader LOADER = new CheckLoader(Map.of("f", SCHEMA));

  static final Entity ENTITY =
      Entity.fromJson(
          """
          {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
           "metadata":{"name":"svc","annotations":{"pagerduty.com/integration-key":"k1"},"tags":["java","web"]},
           "spec":{"type":"service","lifecycle":"production","owner":"team-a"}}""");

  static Verdict run(String leafJson) {
    ObjectNode facts = (ObjectNode) Json.parse(
        """
        {"n": 10, "x": 79.5, "s": "gold", "b": true, "d": "2026-04-20T00:00:00Z",
         "tags": ["java", "web"], "o": {"endpoints": [{"slo": true}], "owner": "a"}}""");
    Check c =
        LOADER.check(
            "test",
            "c",
            Json.parse("{\"factIds\":[\"f\"],\"rule\":{\"conditions\":{\"all\":[" + leafJson + "]}}}"));
    Fact f = new Fact("f", "1.0.0", REF, NOW, facts);
    return c.evaluate(new EvaluationInput(REF, ENTITY, Map.of("f", f), NOW)).verdict();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"fact\":\"n\",\"operator\":\"equal\",\"value\":10}|PASS",
        "{\"fact\":\"n\",\"operator\":\"equal\",\"value\":11}|FAIL",
        "{\"fact\":\"s\",\"operator\":\"equal\",\"value\":\"gold\"}|PASS",
        "{\"fact\":\"b\",\"operator\":\"equal\",\"value\":false}|FAIL",
        "{\"fact\":\"n\",\"operator\":\"notEqual\",\"value\":11}|PASS",
        "{\"fact\":\"s\",\"operator\":\"notEqual\",\"value\":\"gold\"}|FAIL",
        "{\"fact\":\"x\",\"operator\":\"lessThan\",\"value\":80}|PASS",
        "{\"fact\":\"x\",\"operator\":\"lessThan\",\"value\":79.5}|FAIL",
        "{\"fact\":\"x\",\"operator\":\"lessThanInclusive\",\"value\":79.5}|PASS",
        "{\"fact\":\"n\",\"operator\":\"lessThanInclusive\",\"value\":9}|FAIL",
        "{\"fact\":\"n\",\"operator\":\"greaterThan\",\"value\":9}|PASS",
        "{\"fact\":\"n\",\"operator\":\"greaterThan\",\"value\":10}|FAIL",
        "{\"fact\":\"x\",\"operator\":\"greaterThanInclusive\",\"value\":79.5}|PASS",
        "{\"fact\":\"x\",\"operator\":\"greaterThanInclusive\",\"value\":80}|FAIL",
        "{\"fact\":\"s\",\"operator\":\"in\",\"value\":[\"silver\",\"gold\"]}|PASS",
        "{\"fact\":\"n\",\"operator\":\"in\",\"value\":[1,2]}|FAIL",
        "{\"fact\":\"s\",\"operator\":\"notIn\",\"value\":[\"bronze\"]}|PASS",
        "{\"fact\":\"s\",\"operator\":\"notIn\",\"value\":[\"gold\"]}|FAIL",
        "{\"fact\":\"tags\",\"operator\":\"contains\",\"value\":\"java\"}|PASS",
        "{\"fact\":\"tags\",\"operator\":\"contains\",\"value\":\"go\"}|FAIL",
        "{\"fact\":\"tags\",\"operator\":\"doesNotContain\",\"value\":\"go\"}|PASS",
        "{\"fact\":\"tags\",\"operator\":\"doesNotContain\",\"value\":\"web\"}|FAIL",
        "{\"fact\":\"d\",\"operator\":\"greaterThan\",\"value\":\"now-P30D\"}|PASS",
        "{\"fact\":\"d\",\"operator\":\"greaterThan\",\"value\":\"now-P5D\"}|FAIL",
        "{\"fact\":\"d\",\"operator\":\"lessThan\",\"value\":\"2026-04-21T00:00:00Z\"}|PASS",
        "{\"fact\":\"o\",\"path\":\"$.owner\",\"operator\":\"equal\",\"value\":\"a\"}|PASS",
        "{\"fact\":\"o\",\"path\":\"$.endpoints[0].slo\",\"operator\":\"equal\",\"value\":false}|FAIL",
        "{\"fact\":\"b\",\"operator\":\"exists\"}|PASS",
        "{\"fact\":\"b\",\"operator\":\"notExists\"}|FAIL",
        "{\"entity\":\"metadata.annotations['pagerduty.com/integration-key']\",\"operator\":\"exists\"}|PASS",
        "{\"entity\":\"metadata.annotations['opsgenie.com/team']\",\"operator\":\"exists\"}|FAIL",
        "{\"entity\":\"metadata.annotations['opsgenie.com/team']\",\"operator\":\"notExists\"}|PASS",
        "{\"entity\":\"metadata.annotations['pagerduty.com/integration-key']\",\"operator\":\"equal\",\"value\":\"k1\"}|PASS",
        "{\"entity\":\"spec.type\",\"operator\":\"in\",\"value\":[\"service\",\"website\"]}|PASS",
        "{\"entity\":\"spec.lifecycle\",\"operator\":\"notEqual\",\"value\":\"production\"}|FAIL",
        "{\"entity\":\"metadata.tags\",\"operator\":\"contains\",\"value\":\"web\"}|PASS",
        "{\"entity\":\"kind\",\"operator\":\"equal\",\"value\":\"Component\"}|PASS",
        "{\"entity\":\"spec.type\",\"operator\":\"greaterThan\",\"value\":3}|FAIL",
      })
  void operator(String leaf, Verdict expected) {
    assertThat(run(leaf)).isEqualTo(expected);
  }

  @Test
  void anyNotAndAllCombineThreeValuedVerdicts() {
    String missing = "{\"fact\":\"n\",\"operator\":\"equal\",\"value\":1}";
    assertThat(run("{\"any\":[{\"fact\":\"n\",\"operator\":\"equal\",\"value\":1},{\"fact\":\"b\",\"operator\":\"equal\",\"value\":true}]}"))
        .isEqualTo(Verdict.PASS);
    assertThat(run("{\"not\":" + missing + "}")).isEqualTo(Verdict.PASS);
    assertThat(run("{\"not\":{\"fact\":\"b\",\"operator\":\"equal\",\"value\":true}}")).isEqualTo(Verdict.FAIL);
  }

  @Test
  void aMissingFactInsideNotStaysMissing() {
    Check c =
        LOADER.check(
            "test",
            "c",
            Json.parse(
                "{\"factIds\":[\"f\"],\"rule\":{\"conditions\":{\"not\":{\"fact\":\"n\",\"operator\":\"greaterThan\",\"value\":0}}}}"));
    CheckOutcome o =
        c.evaluate(new EvaluationInput(REF, ENTITY, Map.of(), NOW));
    assertThat(o.verdict()).isEqualTo(Verdict.MISSING);
    assertThat(o.reason()).isEqualTo("fact n missing");
  }

  @Test
  void theFailureReasonShowsActualAgainstExpected() {
    Check c =
        LOADER.check(
            "test",
            "c",
            Json.parse(
                "{\"factIds\":[\"f\"],\"rule\":{\"conditions\":{\"all\":[{\"fact\":\"x\",\"operator\":\"greaterThanInclusive\",\"value\":80}]}}}"));
    ObjectNode v = Json.object().put("x", 72.5);
    CheckOutcome o = c.evaluate(new EvaluationInput(REF, ENTITY, Map.of("f", new Fact("f", "1", REF, NOW, v)), NOW));
    assertThat(o.reason()).isEqualTo("x is 72.5, expected greaterThanInclusive 80");
  }
}
