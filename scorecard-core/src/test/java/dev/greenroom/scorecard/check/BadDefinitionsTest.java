package dev.greenroom.scorecard.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.scorecard.InvalidDefinitionException;
import dev.greenroom.scorecard.Scorecards;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Definitions that must be refused at load, with the file, check or scorecard, and rule named. */
class BadDefinitionsTest {
  static final String SCHEMA =
      """
      factSchemas:
        - id: ci
          schema:
            coverage: { type: float }
            ok: { type: boolean }
            tags: { type: set }
            name: { type: string }
            deployedAt: { type: datetime }
      """;

  static Scorecards load(String defs) {
    return Scorecards.builder().catalog(Catalog.builder().build()).definitions("defs.yaml", SCHEMA + defs).build();
  }

  static String check(String leaf) {
    return """
        checks:
          - id: my-check
            factIds: [ci]
            rule:
              conditions:
                all:
                  - { fact: ok, operator: equal, value: true }
                  - %s
        """.formatted(leaf);
  }

  @Test
  void aGoodDefinitionLoads() {
    Scorecards sc = load(check("{ fact: coverage, operator: greaterThanInclusive, value: 80 }"));
    assertThat(sc.checks()).containsKey("my-check");
    assertThat(sc.checks().get("my-check").factNames()).containsExactly("ok", "coverage");
  }

  @Test
  void unknownOperatorIsRefusedWithCheckAndConditionNamed() {
    assertThatThrownBy(() -> load(check("{ fact: coverage, operator: greaterThen, value: 80 }")))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "defs.yaml: check 'my-check': conditions.all[1] (fact coverage): unknown operator 'greaterThen' "
                + "(expected equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, "
                + "contains, doesNotContain, exists, notExists)");
  }

  @Test
  void unknownFactIsRefused() {
    assertThatThrownBy(() -> load(check("{ fact: coverag, operator: equal, value: 80 }")))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage("defs.yaml: check 'my-check': conditions.all[1] (fact coverag): unknown fact 'coverag' (not in the schemas of ci)");
  }

  @Test
  void unknownRetrieverInFactIdsIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    checks:
                      - { id: c2, factIds: [nope], rule: { conditions: { all: [ { fact: ok, operator: equal, value: true } ] } } }
                    """))
        .hasMessageStartingWith("defs.yaml: check 'c2': factIds names unknown fact retriever 'nope'");
  }

  @Test
  void wrongTypesForTheOperatorAreRefused() {
    assertThatThrownBy(() -> load(check("{ fact: name, operator: lessThan, value: 3 }")))
        .hasMessage(
            "defs.yaml: check 'my-check': conditions.all[1] (fact name): wrong type: operator lessThan needs a number or datetime fact, but name is string");
    assertThatThrownBy(() -> load(check("{ fact: coverage, operator: greaterThan, value: eighty }")))
        .hasMessageContaining("(fact coverage): wrong type: coverage is float but operator greaterThan got string 'eighty'");
    assertThatThrownBy(() -> load(check("{ fact: ok, operator: contains, value: true }")))
        .hasMessageContaining("(fact ok): wrong type: operator contains needs a set fact, but ok is boolean");
    assertThatThrownBy(() -> load(check("{ fact: name, operator: in, value: gold }")))
        .hasMessageContaining("(fact name): wrong type: operator in needs an array value, not string 'gold'");
    assertThatThrownBy(() -> load(check("{ fact: tags, operator: in, value: [a] }")))
        .hasMessageContaining("(fact tags): wrong type: operator in compares a single value, but tags is set");
    assertThatThrownBy(() -> load(check("{ fact: deployedAt, operator: greaterThan, value: last-month }")))
        .hasMessageContaining("(fact deployedAt): wrong type: deployedAt is datetime");
    assertThatThrownBy(() -> load(check("{ fact: ok, operator: equal, value: \"yes\" }")))
        .hasMessageContaining("(fact ok): wrong type: ok is boolean but operator equal got string 'yes'");
  }

  @Test
  void malformedConditionsAreRefused() {
    assertThatThrownBy(() -> load(check("{ fact: ok, operator: equal }")))
        .hasMessageContaining("conditions.all[1] (fact ok): value is missing");
    assertThatThrownBy(() -> load(check("{ fact: ok, operator: equal, value: { fact: other } }")))
        .hasMessageContaining("values that name another fact are not supported");
    assertThatThrownBy(() -> load(check("{ operator: equal, value: 1 }")))
        .hasMessageContaining("needs exactly one of 'fact' or 'entity'");
    assertThatThrownBy(() -> load(check("{ entity: \"metadata.annotations['x\", operator: exists }")))
        .hasMessageContaining("(entity field metadata.annotations['x): unclosed quoted name");
    assertThatThrownBy(
            () ->
                load(
                    """
                    checks:
                      - { id: c3, factIds: [ci], rule: { conditions: { fact: ok, operator: equal, value: true } } }
                    """))
        .hasMessage("defs.yaml: check 'c3': rule.conditions: the top level must be all, any or not");
  }

  @Test
  void aScorecardRuleIsNamedInItsErrors() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    scorecards:
                      - id: card
                        levels: [Bronze]
                        rules:
                          - id: cov
                            level: Bronze
                            factIds: [ci]
                            conditions: { all: [ { fact: coverage, operator: atLeast, value: 80 } ] }
                    """))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith(
            "defs.yaml: scorecard 'card', rule 'cov': check 'card/cov': conditions.all[0] (fact coverage): unknown operator 'atLeast'");
    assertThatThrownBy(
            () ->
                load(
                    """
                    scorecards:
                      - id: card
                        levels: [Bronze]
                        rules:
                          - { id: cov, level: Platinum, check: x }
                    """))
        .hasMessage("defs.yaml: scorecard 'card', rule 'cov': level 'Platinum' is not one of [Bronze]");
    assertThatThrownBy(
            () ->
                load(
                    """
                    scorecards:
                      - id: card
                        rules:
                          - { id: cov, check: nope }
                    """))
        .hasMessageStartingWith("defs.yaml: scorecard 'card', rule 'cov': unknown check 'nope'");
  }

  @Test
  void exemptionsMustNameARealScorecardAndRuleAndExpire() {
    String card =
        """
        scorecards:
          - id: card
            rules:
              - { id: r, factIds: [ci], conditions: { all: [ { fact: ok, operator: equal, value: true } ] } }
        """;
    assertThatThrownBy(
            () -> load(card + "exemptions:\n  - { scorecard: card, rule: q, entity: component:x, reason: r, expires: \"2030-01-01T00:00:00Z\" }\n"))
        .hasMessage("exemption of component:default/x: scorecard 'card' has no rule 'q'");
    assertThatThrownBy(() -> load(card + "exemptions:\n  - { scorecard: card, entity: component:x, reason: r, expires: soon }\n"))
        .hasMessageContaining("expires must be an ISO-8601 instant, not 'soon'");
  }

  @Test
  void fileLimitsAndYamlErrorsAreRefused(@TempDir Path dir) throws Exception {
    StringBuilder aliases = new StringBuilder("checks:\n  - &a { id: c0 }\n");
    for (int i = 0; i < 200; i++) {
      aliases.append("  - *a\n");
    }
    assertThatThrownBy(() -> load(aliases.toString()))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("alias");
    assertThatThrownBy(() -> load("checks: [ {")).isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("defs.yaml");
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "# " + "x".repeat(3 * 1024 * 1024));
    assertThatThrownBy(() -> Scorecards.builder().catalog(Catalog.builder().build()).definitions(big))
        .isInstanceOf(InvalidDefinitionException.class);
  }

  @Test
  void unknownTopLevelKeysAreRefused() {
    assertThatThrownBy(() -> load("scorecard: []\n")).hasMessageContaining("unknown key 'scorecard'");
  }

  @Test
  void checksMayBeWrittenAsTechInsightsConfigMapOfIdToCheck() {
    Scorecards sc =
        load(
            """
            checks:
              coverageCheck:
                type: json-rules-engine
                name: Coverage
                description: Coverage of 80% or more
                factIds: [ci]
                rule: { conditions: { all: [ { fact: coverage, operator: greaterThanInclusive, value: 80 } ] } }
                metadata: { rank: 2 }
                successMetadata: { message: good }
                links: [ { title: Docs, url: "https://example.com" } ]
            """);
    Check c = sc.checks().get("coverageCheck");
    assertThat(c.name()).isEqualTo("Coverage");
    assertThat(c.toJson().toString())
        .isEqualTo(
            "{\"id\":\"coverageCheck\",\"type\":\"json-rules-engine\",\"name\":\"Coverage\",\"description\":\"Coverage of 80% or more\","
                + "\"factIds\":[\"ci\"],\"metadata\":{\"rank\":2},\"links\":[{\"title\":\"Docs\",\"url\":\"https://example.com\"}],"
                + "\"rule\":{\"conditions\":{\"all\":[{\"fact\":\"coverage\",\"operator\":\"greaterThanInclusive\",\"value\":80}]}}}");
    assertThatThrownBy(() -> load("checks:\n  c: { type: other, factIds: [ci], rule: { conditions: { all: [] } } }\n"))
        .hasMessage("defs.yaml: check 'c': type must be json-rules-engine but is 'other'");
  }
}
