package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.RetrieverRun;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.card.RuleStatus;
import dev.greenroom.scorecard.card.ScorecardResult;
import dev.greenroom.scorecard.check.CheckOutcome;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.Retention;
import dev.greenroom.scorecard.fact.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageFactRetrieverTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private static final EntityRef PAYMENTS = EntityRef.parse("component:default/payments");
  private static final EntityRef SEARCH = EntityRef.parse("component:default/search");
  private static final EntityRef LEGACY = EntityRef.parse("component:default/legacy");
  private static final EntityRef BROKEN = EntityRef.parse("component:default/broken");
  private static final EntityRef SNEAKY = EntityRef.parse("component:default/sneaky");
  private static final EntityRef WEBSITE = EntityRef.parse("component:default/website");

  /** A check and a scorecard that read the retriever's facts, as a host would write them. */
  private static final String DEFINITIONS = """
      checks:
        - id: lineCoverage80
          name: Line coverage of 80% or more
          factIds: [acmeCoverage]
          rule:
            conditions:
              all:
                - { fact: lineCoverage, operator: greaterThanInclusive, value: 80 }
      scorecards:
        - id: test-quality
          title: Test quality
          filter: kind=component
          levels: [Bronze, Silver]
          rules:
            - id: fresh-report
              level: Bronze
              weight: 2
              title: A coverage report from the last 30 days
              factIds: [acmeCoverage]
              conditions:
                all:
                  - { fact: hasReport, operator: equal, value: true }
                  - { fact: reportedAt, operator: greaterThan, value: now-P30D }
            - { id: line-coverage, level: Silver, weight: 3, check: lineCoverage80 }
            - id: branch-coverage
              level: Silver
              weight: 1
              factIds: [acmeCoverage]
              conditions:
                all:
                  - { fact: branchCoverage, operator: greaterThanInclusive, value: 70 }
      """;

  @TempDir Path reports;
  private Catalog catalog;

  @BeforeEach
  void catalogAndReports() throws Exception {
    report("payments/coverage-summary.json", summary(91.25, 74.5), "2026-11-20T08:00:00Z");
    report("search/coverage-summary.json", summary(62.5, 80.0), "2026-11-24T08:00:00Z");
    report("legacy/coverage-summary.json", summary(85.0, 71.0), "2026-08-01T08:00:00Z"); // stale
    report("broken/coverage-summary.json", "{\"total\": {\"lines\": ", "2026-11-24T08:00:00Z");
    Files.writeString(reports.resolveSibling("secret.json"), summary(100, 100));

    catalog = Catalog.builder().build();
    catalog.upsert(List.of(
        component("payments", "payments/coverage-summary.json"),
        component("search", "search/coverage-summary.json"),
        component("legacy", "legacy/coverage-summary.json"),
        component("broken", "broken/coverage-summary.json"),
        component("sneaky", "../secret.json"),
        component("website", null), // no annotation: not selected by the retriever
        Entity.fromJson("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Group","metadata":{"name":"payments-team",
             "annotations":{"acme.example/coverage-report":"payments/coverage-summary.json"}},
             "spec":{"type":"team","children":[]}}""")));
  }

  private void report(String path, String json, String modified) throws Exception {
    Path f = reports.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, json);
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse(modified)));
  }

  /** Istanbul's json-summary shape (the per-file entries are left out). */
  private static String summary(double lines, double branches) {
    return """
        {"total": {
          "lines": {"total": 400, "covered": %1$d, "skipped": 0, "pct": %2$s},
          "statements": {"total": 420, "covered": %1$d, "skipped": 0, "pct": %2$s},
          "functions": {"total": 50, "covered": 40, "skipped": 0, "pct": 80},
          "branches": {"total": 100, "covered": %3$d, "skipped": 0, "pct": %4$s},
          "branchesTrue": {"total": 0, "covered": 0, "skipped": 0, "pct": "Unknown"}}}
        """.formatted(Math.round(lines * 4), lines, Math.round(branches), branches);
  }

  private static Entity component(String name, String report) {
    String annotations = report == null ? "{}"
        : "{\"" + CoverageFactRetriever.ANNOTATION + "\":\"" + report + "\"}";
    return Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
         "metadata":{"name":"%s","annotations":%s},
         "spec":{"type":"service","lifecycle":"production","owner":"payments-team"}}"""
        .formatted(name, annotations));
  }

  private Scorecards scorecards() {
    return Scorecards.builder()
        .catalog(catalog)
        .clock(CLOCK)
        .retriever(new CoverageFactRetriever(reports), Schedule.cron("0 * * * *"), Retention.maxItems(30))
        .definitions("test-quality.yaml", DEFINITIONS)
        .build();
  }

  @Test
  void theRetrieverRecordsFactsForTheComponentsItsFilterSelects() {
    Scorecards sc = scorecards();
    RetrieverRun run = sc.runRetriever(CoverageFactRetriever.ID);
    assertThat(run.error()).isNull();
    assertThat(run.rejected()).isEmpty(); // every value matched the declared schema
    assertThat(run.stored()).isEqualTo(5); // five annotated components; not the website, not the group

    Fact payments = sc.latestFacts(PAYMENTS, List.of(CoverageFactRetriever.ID)).get(CoverageFactRetriever.ID);
    assertThat(payments.version()).isEqualTo("1.0.0");
    assertThat(payments.timestamp()).isEqualTo(CLOCK.instant());
    assertThat(payments.values().toString()).isEqualTo(
        "{\"hasReport\":true,\"lineCoverage\":91.25,\"branchCoverage\":74.5,"
            + "\"reportedAt\":\"2026-11-20T08:00:00Z\",\"reportProblem\":null}");

    Map<String, Fact> broken = sc.latestFacts(BROKEN, List.of(CoverageFactRetriever.ID));
    assertThat(broken.get(CoverageFactRetriever.ID).values().get("hasReport").asBoolean()).isFalse();
    assertThat(broken.get(CoverageFactRetriever.ID).values().get("reportProblem").asString())
        .startsWith("component:default/broken annotation acme.example/coverage-report: "
            + "broken/coverage-summary.json is not JSON");
    assertThat(sc.latestFacts(SNEAKY, List.of(CoverageFactRetriever.ID)).get(CoverageFactRetriever.ID)
            .values().get("reportProblem").asString())
        .isEqualTo("component:default/sneaky annotation acme.example/coverage-report: "
            + "'../secret.json' leads outside the reports folder");
    assertThat(sc.latestFacts(WEBSITE, List.of(CoverageFactRetriever.ID))).isEmpty();

    // the schema Tech Insights' /fact-schemas serves
    assertThat(sc.schemas().get(CoverageFactRetriever.ID).toJson().path("schema").propertyNames())
        .containsExactly("hasReport", "lineCoverage", "branchCoverage", "reportedAt", "reportProblem");
    assertThat(sc.retrievers().get(CoverageFactRetriever.ID).schedule()).isNotNull();
  }

  @Test
  void theScorecardReadsTheFactsAndSaysWhyEachRulePassedOrFailed() {
    Scorecards sc = scorecards();
    sc.runRetriever(CoverageFactRetriever.ID);

    ScorecardResult payments = sc.evaluate("test-quality", PAYMENTS);
    assertThat(payments.level()).isEqualTo("Silver");
    assertThat(payments.percent()).isEqualTo(100.0);
    assertThat(payments.rule("line-coverage").status()).isEqualTo(RuleStatus.PASS);
    assertThat(payments.rule("line-coverage").reason())
        .isEqualTo("lineCoverage is 91.25 (greaterThanInclusive 80)");

    ScorecardResult search = sc.evaluate("test-quality", SEARCH);
    assertThat(search.level()).isEqualTo("Bronze"); // a Silver rule fails
    assertThat(search.rule("fresh-report").status()).isEqualTo(RuleStatus.PASS);
    assertThat(search.rule("line-coverage").status()).isEqualTo(RuleStatus.FAIL);
    assertThat(search.rule("line-coverage").reason())
        .isEqualTo("lineCoverage is 62.5, expected greaterThanInclusive 80");
    assertThat(search.rule("branch-coverage").status()).isEqualTo(RuleStatus.PASS);
    assertThat(search.score()).isEqualTo(3.0); // weights 2 + 1 of 6
    assertThat(search.maxScore()).isEqualTo(6.0);

    ScorecardResult legacy = sc.evaluate("test-quality", LEGACY);
    assertThat(legacy.level()).isNull(); // good figures, but the Bronze rule fails: no level
    assertThat(legacy.rule("fresh-report").reason())
        .isEqualTo("reportedAt is 2026-08-01T08:00:00Z, expected greaterThan now-P30D");
    assertThat(legacy.rule("line-coverage").status()).isEqualTo(RuleStatus.PASS);

    ScorecardResult broken = sc.evaluate("test-quality", BROKEN);
    assertThat(broken.rule("fresh-report").reason()).startsWith("hasReport is false, expected equal true");
    assertThat(broken.rule("line-coverage").status()).isEqualTo(RuleStatus.FAIL);
    assertThat(broken.rule("line-coverage").reason()).isEqualTo("fact lineCoverage missing");

    // the website has no annotation, so the retriever recorded nothing for it
    ScorecardResult website = sc.evaluate("test-quality", WEBSITE);
    assertThat(website.level()).isNull();
    assertThat(website.rule("fresh-report").missingFacts()).containsExactly("hasReport", "reportedAt");

    // the same check through Tech Insights' check runner, with its compared values
    CheckOutcome outcome = sc.runChecks(SEARCH, List.of("lineCoverage80")).get(0);
    assertThat(outcome.verdict().name()).isEqualTo("FAIL");
    assertThat(outcome.reason()).isEqualTo("lineCoverage is 62.5, expected greaterThanInclusive 80");
  }
}
