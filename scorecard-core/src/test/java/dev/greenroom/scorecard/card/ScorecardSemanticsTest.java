package dev.greenroom.scorecard.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Ladder, weights, missing facts, exemptions and rule filters, on a three-level scorecard. */
class ScorecardSemanticsTest {
  static final String DEFS =
      """
      factSchemas:
        - id: ci
          schema:
            a: { type: boolean }
            b: { type: boolean }
            c: { type: integer }
      scorecards:
        - id: card
          filter: kind=component
          levels: [Bronze, Silver, Gold]
          rules:
            - { id: r-a, level: Bronze, weight: 1, factIds: [ci], conditions: { all: [ { fact: a, operator: equal, value: true } ] } }
            - { id: r-b, level: Silver, weight: 2, factIds: [ci], conditions: { all: [ { fact: b, operator: equal, value: true } ] } }
            - { id: r-c, level: Gold, weight: 3, factIds: [ci], conditions: { all: [ { fact: c, operator: greaterThan, value: 5 } ] } }
            - id: r-web
              weight: 4
              filter: spec.type=website
              factIds: [ci]
              conditions: { all: [ { fact: a, operator: equal, value: true } ] }
      exemptions:
        - { scorecard: card, rule: r-a, entity: component:default/exempt-a, reason: legacy service, expires: "2026-06-01T00:00:00Z" }
        - { scorecard: card, entity: component:default/exempt-all, reason: being retired, expires: "2026-06-01T00:00:00Z" }
      """;

  final SettableClock clock = new SettableClock(Instant.parse("2026-05-01T00:00:00Z"));
  Scorecards sc;

  static Entity component(String name, String type) {
    return Entity.fromJson(
        """
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"%s"},
         "spec":{"type":"%s","lifecycle":"production","owner":"team-a"}}"""
            .formatted(name, type));
  }

  @BeforeEach
  void setUp() {
    Catalog catalog = Catalog.builder().build();
    catalog.upsert(
        List.of(
            component("svc", "service"),
            component("site", "website"),
            component("exempt-a", "service"),
            component("exempt-all", "service")));
    sc = Scorecards.builder().catalog(catalog).clock(clock).definitions("semantics.yaml", DEFS).build();
  }

  void push(String name, Boolean a, Boolean b, Integer c) {
    ObjectNode v = Scorecards.facts();
    if (a != null) {
      v.put("a", a);
    }
    if (b != null) {
      v.put("b", b);
    }
    if (c != null) {
      v.put("c", c);
    }
    sc.pushFacts("ci", EntityRef.parse("component:default/" + name), v, null);
  }

  ScorecardResult eval(String name) {
    return sc.evaluate("card", EntityRef.parse("component:default/" + name));
  }

  @Test
  void everyRulePassingReachesTheTopLevel() {
    push("svc", true, true, 9);
    ScorecardResult r = eval("svc");
    assertThat(r.level()).isEqualTo("Gold");
    assertThat(r.score()).isEqualTo(6);
    assertThat(r.maxScore()).isEqualTo(6);
    assertThat(r.percent()).isEqualTo(100.0);
  }

  @Test
  void failingALowerLevelCapsTheLadderEvenWhenHigherLevelsPass() {
    push("svc", false, true, 9);
    ScorecardResult r = eval("svc");
    assertThat(r.level()).isNull();
    assertThat(r.score()).isEqualTo(5);
    assertThat(r.percent()).isEqualTo(83.3);

    push("svc", true, false, 9);
    assertThat(eval("svc").level()).isEqualTo("Bronze");

    push("svc", true, true, 1);
    ScorecardResult gold = eval("svc");
    assertThat(gold.level()).isEqualTo("Silver");
    assertThat(gold.rule("r-c").reason()).isEqualTo("c is 1, expected greaterThan 5");
  }

  @Test
  void weightsScoreOnlyPassingRulesOverApplicableOnes() {
    push("site", true, false, 2);
    ScorecardResult r = eval("site");
    // r-a (1) and r-web (4) pass; r-b (2), r-c (3) fail; all apply to a website
    assertThat(r.score()).isEqualTo(5);
    assertThat(r.maxScore()).isEqualTo(10);
    assertThat(r.percent()).isEqualTo(50.0);
    assertThat(r.rule("r-web").status()).isEqualTo(RuleStatus.PASS);
  }

  @Test
  void aRuleWhoseFilterDoesNotSelectTheEntityIsNeutral() {
    push("svc", true, true, 9);
    ScorecardResult r = eval("svc");
    assertThat(r.rule("r-web").status()).isEqualTo(RuleStatus.NOT_APPLICABLE);
    assertThat(r.maxScore()).isEqualTo(6);
  }

  @Test
  void aMissingFactFailsTheRuleWithThatReasonAndNeverThrows() {
    ScorecardResult none = eval("svc");
    assertThat(none.level()).isNull();
    assertThat(none.rule("r-a").status()).isEqualTo(RuleStatus.FAIL);
    assertThat(none.rule("r-a").reason()).isEqualTo("fact a missing");
    assertThat(none.rule("r-a").missingFacts()).containsExactly("a");

    push("svc", true, true, null);
    ScorecardResult r = eval("svc");
    assertThat(r.level()).isEqualTo("Silver");
    assertThat(r.rule("r-c").status()).isEqualTo(RuleStatus.FAIL);
    assertThat(r.rule("r-c").reason()).isEqualTo("fact c missing");
    assertThat(r.rule("r-a").reason()).isEqualTo("a is true (equal true)");
  }

  @Test
  void anExemptRuleIsNeutralUntilItExpires() {
    push("exempt-a", false, true, 9);
    ScorecardResult r = eval("exempt-a");
    assertThat(r.rule("r-a").status()).isEqualTo(RuleStatus.EXEMPT);
    assertThat(r.rule("r-a").reason()).isEqualTo("exempt until 2026-06-01T00:00:00Z: legacy service");
    assertThat(r.level()).isEqualTo("Gold");
    assertThat(r.maxScore()).isEqualTo(5);

    clock.set(Instant.parse("2026-06-01T00:00:00Z"));
    ScorecardResult expired = eval("exempt-a");
    assertThat(expired.rule("r-a").status()).isEqualTo(RuleStatus.FAIL);
    assertThat(expired.level()).isNull();
  }

  @Test
  void aWholeScorecardExemptionExemptsEveryRuleAndGivesNoLevel() {
    push("exempt-all", false, false, 0);
    ScorecardResult r = eval("exempt-all");
    assertThat(r.exemption()).isNotNull();
    assertThat(r.rules()).allMatch(x -> x.status() == RuleStatus.EXEMPT);
    assertThat(r.level()).isNull();
    assertThat(r.maxScore()).isZero();

    clock.advance(Duration.ofDays(60));
    assertThat(eval("exempt-all").exemption()).isNull();
  }

  @Test
  void theScorecardFilterSelectsEntitiesForEvaluateAll() {
    push("svc", true, true, 9);
    List<ScorecardResult> all = sc.evaluateAll(false);
    assertThat(all).extracting(r -> r.entity().name()).containsExactlyInAnyOrder("svc", "site", "exempt-a", "exempt-all");
    assertThat(sc.evaluate(EntityRef.parse("component:default/svc"))).hasSize(1);
  }

  @Test
  void resultJsonCarriesActualAndExpectedPerRule() {
    push("svc", true, true, 1);
    var json = eval("svc").toJson();
    var rc = json.get("rules").get(2);
    assertThat(rc.get("id").asString()).isEqualTo("r-c");
    assertThat(rc.get("status").asString()).isEqualTo("fail");
    assertThat(rc.at("/comparisons/0/actual").asInt()).isEqualTo(1);
    assertThat(rc.at("/comparisons/0/expected").asInt()).isEqualTo(5);
    assertThat(rc.at("/comparisons/0/operator").asString()).isEqualTo("greaterThan");
  }
}
