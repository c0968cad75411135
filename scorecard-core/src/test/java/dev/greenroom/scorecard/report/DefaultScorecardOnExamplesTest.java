package dev.greenroom.scorecard.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.RetrieverRun;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.TestSupport;
import dev.greenroom.scorecard.card.RuleStatus;
import dev.greenroom.scorecard.card.ScorecardResult;
import dev.greenroom.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shipped default scorecards over Backstage's example catalog (plus two Greenroom fixture
 * services with on-call annotations): catalog retrievers, pushed CI facts, per-rule reasons, owner
 * roll-up through the acme group tree, fleet counts, weekly trend and the auditors' export.
 */
class DefaultScorecardOnExamplesTest {
  static final EntityRef PETSTORE = EntityRef.parse("component:default/petstore");
  static final EntityRef PAYMENTS = EntityRef.parse("component:default/payments");
  static final EntityRef LEDGER = EntityRef.parse("component:default/ledger");
  static final EntityRef PLAYBACK_ORDER = EntityRef.parse("component:default/playback-order");

  final SettableClock clock = new SettableClock(Instant.parse("2026-11-02T09:00:00Z"));
  Catalog catalog;
  Scorecards sc;

  @BeforeEach
  void setUp() {
    catalog = TestSupport.examples();
    sc = Scorecards.builder().catalog(catalog).clock(clock).builtinRetrievers().defaultScorecard().build();
    for (RetrieverRun run : sc.runAllRetrievers()) {
      assertThat(run.error()).as(run.retrieverId()).isNull();
      assertThat(run.rejected()).as(run.retrieverId()).isEmpty();
      assertThat(run.stored()).as(run.retrieverId()).isGreaterThan(40);
    }
  }

  void pushAllGood(EntityRef e) {
    sc.pushFacts("ciQuality", e, Json.object().put("readmeHasRunbook", true).put("testCoverage", 91.0), null);
    sc.pushFacts("imageScan", e, Json.object().put("image", "registry/x:1").put("criticalCves", 0), null);
    sc.pushFacts("sloCoverage", e, Json.object().put("endpoints", 12).put("endpointsWithoutSlo", 0), null);
    sc.pushFacts(
        "deployments", e, Json.object().put("lastDeployedAt", clock.instant().minus(Duration.ofDays(2)).toString()), null);
  }

  ScorecardResult result(String card, EntityRef e) {
    return sc.evaluate(card, e);
  }

  @Test
  void theDefaultScorecardAppliesToEveryServiceOfTheExampleCatalog() {
    List<ScorecardResult> all = sc.evaluateAll(false);
    Set<String> services =
        all.stream()
            .filter(r -> r.scorecard().id().equals("production-readiness"))
            .map(r -> r.entity().name())
            .collect(Collectors.toSet());
    assertThat(services)
        .hasSize(12)
        .contains("petstore", "searcher", "wayback-search", "payments", "ledger")
        .doesNotContain("queue-proxy", "www-artist", "playback-lib");
    // nothing pushed yet: nobody gets a production-readiness level
    assertThat(all).filteredOn(r -> r.scorecard().id().equals("production-readiness")).allMatch(r -> r.level() == null);
  }

  @Test
  void perRuleReasonsForAServiceWithNoCiFacts() {
    ScorecardResult r = result("production-readiness", PETSTORE);
    assertThat(r.level()).isNull();
    assertThat(r.rule("on-call").status()).isEqualTo(RuleStatus.FAIL);
    assertThat(r.rule("on-call").reason()).isEqualTo("hasOnCall is false, expected equal true");
    assertThat(r.rule("runbook").reason()).isEqualTo("fact readmeHasRunbook missing");
    assertThat(r.rule("test-coverage").reason()).isEqualTo("fact testCoverage missing");
    assertThat(r.rule("no-critical-cves").reason()).isEqualTo("fact criticalCves missing");
    assertThat(r.rule("endpoint-slos").reason()).isEqualTo("fact endpointsWithoutSlo missing");
    assertThat(r.rule("recent-deployment").reason()).isEqualTo("fact lastDeployedAt missing");
    assertThat(r.score()).isZero();
    assertThat(r.maxScore()).isEqualTo(12);
  }

  @Test
  void catalogHygieneComesFromTheCatalogAlone() {
    ScorecardResult petstore = result("catalog-hygiene", PETSTORE);
    assertThat(petstore.rule("owner").status()).isEqualTo(RuleStatus.PASS);
    assertThat(petstore.rule("owner").reason()).isEqualTo("hasOwner is true (equal true); ownerExists is true (equal true)");
    assertThat(petstore.rule("lifecycle").reason()).isEqualTo("spec.lifecycle is experimental (in [\"production\",\"experimental\",\"deprecated\"])");
    assertThat(petstore.rule("description").status()).isEqualTo(RuleStatus.PASS);
    assertThat(petstore.rule("techdocs").status()).isEqualTo(RuleStatus.FAIL);
    assertThat(petstore.level()).isEqualTo("Bronze");

    ScorecardResult payments = result("catalog-hygiene", PAYMENTS);
    assertThat(payments.level()).isEqualTo("Silver");
    assertThat(payments.rule("techdocs").reason()).isEqualTo("hasAnnotationBackstageIoTechdocsRef is true (equal true)");
  }

  @Test
  void pushedFactsClimbTheLadderAndFailuresSayWhy() {
    pushAllGood(PAYMENTS);
    ScorecardResult p = result("production-readiness", PAYMENTS);
    assertThat(p.level()).isEqualTo("Gold");
    assertThat(p.percent()).isEqualTo(100.0);

    pushAllGood(LEDGER);
    sc.pushFacts("ciQuality", LEDGER, Json.object().put("readmeHasRunbook", true).put("testCoverage", 72.5), null);
    sc.pushFacts(
        "deployments", LEDGER, Json.object().put("lastDeployedAt", clock.instant().minus(Duration.ofDays(40)).toString()), null);
    ScorecardResult l = result("production-readiness", LEDGER);
    assertThat(l.level()).isEqualTo("Bronze");
    assertThat(l.rule("test-coverage").reason()).isEqualTo("testCoverage is 72.5, expected greaterThanInclusive 80");
    assertThat(l.rule("recent-deployment").reason())
        .isEqualTo("lastDeployedAt is 2026-09-23T09:00:00Z, expected greaterThan now-P30D");
    assertThat(l.score()).isEqualTo(3 + 1 + 3 + 2);
  }

  @Test
  void ownerReportsRollUpThroughGroupsAndMembers() {
    pushAllGood(PAYMENTS);
    List<ScorecardResult> all = sc.evaluateAll(false);
    Reports reports = sc.reports();
    OwnerReport teamA = reports.owner(EntityRef.parse("group:default/team-a"), all);
    Set<EntityRef> teamAEntities = teamA.results().stream().map(ScorecardResult::entity).collect(Collectors.toSet());
    // payments is owned by team-a, ledger by a member of team-a, playback-order by user:guest (member of team-a)
    assertThat(teamAEntities).contains(PAYMENTS, LEDGER, PLAYBACK_ORDER).doesNotContain(PETSTORE);
    assertThat(teamA.directOwners().get(LEDGER)).isEqualTo(EntityRef.parse("user:default/breanna.davison"));

    OwnerReport backstage = reports.owner(EntityRef.parse("group:default/backstage"), all);
    OwnerReport boxoffice = reports.owner(EntityRef.parse("group:default/boxoffice"), all);
    OwnerReport acme = reports.owner(EntityRef.parse("group:default/acme-corp"), all);
    assertThat(backstage.results()).containsAll(teamA.results());
    assertThat(boxoffice.results()).extracting(ScorecardResult::entity).contains(PETSTORE).doesNotContain(PAYMENTS);
    assertThat(acme.results()).hasSize(backstage.results().size() + boxoffice.results().size());
    assertThat(acme.results()).hasSameSizeAs(all);

    CardSummary prA = teamA.scorecards().get(0);
    assertThat(prA.scorecardId()).isEqualTo("production-readiness");
    assertThat(prA.levels().get("Gold")).isEqualTo(1);
    JsonNode json = teamA.toJson();
    assertThat(json.get("owner").asString()).isEqualTo("group:default/team-a");
  }

  @Test
  void fleetReportCountsLevels() {
    pushAllGood(PAYMENTS);
    FleetReport fleet = sc.reports().fleet();
    CardSummary pr = fleet.scorecards().get(0);
    assertThat(pr.entities()).isEqualTo(12);
    assertThat(pr.levels()).containsEntry("Gold", 1).containsEntry("none", 11).containsEntry("Bronze", 0);
    assertThat(pr.rulePassRates().get("on-call")).isEqualTo(Math.round(1000.0 * 2 / 12) / 1000.0);
    assertThat(fleet.toCsv()).startsWith("scorecard,level,entities,averagePercent\r\n").contains("production-readiness,Gold,1,");
  }

  @Test
  void trendCountsEachEntitysLastResultPerIsoWeek() {
    sc.evaluateAll(true); // 2026-W45: nobody has a level
    clock.advance(Duration.ofDays(7));
    pushAllGood(PAYMENTS);
    sc.evaluateAll(true); // W46: payments Gold
    clock.advance(Duration.ofHours(1));
    sc.pushFacts("imageScan", PAYMENTS, Json.object().put("image", "x").put("criticalCves", 2), null);
    sc.evaluateAll(true); // later in W46: payments back to Bronze; the week keeps the last result
    TrendReport t = sc.reports().trend("production-readiness", Instant.parse("2026-10-01T00:00:00Z"), clock.instant().plusSeconds(1));
    assertThat(t.weeks()).extracting(TrendReport.Week::week).containsExactly("2026-W45", "2026-W46");
    assertThat(t.weeks().get(0).levels()).containsEntry("none", 12);
    assertThat(t.weeks().get(1).levels()).containsEntry("Bronze", 1).containsEntry("Gold", 0).containsEntry("none", 11);
    assertThat(t.weeks().get(1).entities()).isEqualTo(12);
    assertThat(t.toCsv()).contains("production-readiness,2026-W46,Bronze,1,");
  }

  @Test
  void auditorsExportHasOneRowPerRuleWithItsReason() {
    List<ScorecardResult> petstore = sc.reports().entity(PETSTORE);
    assertThat(petstore).extracting(r -> r.scorecard().id()).containsExactly("production-readiness", "catalog-hygiene");
    String csv = Reports.csv(petstore, sc.reports().directOwners(petstore));
    String[] lines = csv.split("\r\n");
    assertThat(lines).hasSize(1 + 6 + 4);
    assertThat(lines[0]).isEqualTo("evaluatedAt,scorecard,entity,owner,level,score,maxScore,percent,rule,ruleLevel,weight,status,reason");
    assertThat(lines[1])
        .isEqualTo(
            "2026-11-02T09:00:00Z,production-readiness,component:default/petstore,group:default/team-c,none,0.0,12.0,0.0,on-call,Bronze,3.0,fail,\"hasOnCall is false, expected equal true\"");
    JsonNode json = Reports.json(petstore);
    assertThat(json.get(0).at("/rules/0/comparisons/0/actual").asBoolean()).isFalse();
  }

  @Test
  void bulkEvaluationOnAnExecutorGivesTheSameResultsInTheSameOrder() {
    pushAllGood(PAYMENTS);
    java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      Scorecards sequential =
          Scorecards.builder().catalog(catalog).clock(clock).factStore(sc.factStore()).builtinRetrievers().defaultScorecard()
              .bulkChunkSize(3).build();
      Scorecards parallel =
          Scorecards.builder().catalog(catalog).clock(clock).factStore(sc.factStore()).builtinRetrievers().defaultScorecard()
              .bulkChunkSize(3).executor(ex).build();
      List<String> a = sequential.evaluateAll(false).stream().map(r -> r.toJson().toString()).toList();
      List<String> b = parallel.evaluateAll(false).stream().map(r -> r.toJson().toString()).toList();
      assertThat(a).hasSizeGreaterThan(20).isEqualTo(b);
      assertThat(a).anyMatch(x -> x.contains("\"level\":\"Gold\""));
    } finally {
      ex.shutdownNow();
    }
  }
}
