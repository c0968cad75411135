package dev.greenroom.scorecard.fact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.InvalidFactException;
import dev.greenroom.scorecard.RetrieverRun;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Built-in retrievers, retriever runs (schema checks, failures, retention), pushes and scheduling. */
class RetrieversAndPushTest {
  static final EntityRef SVC = EntityRef.parse("component:default/svc");
  static final EntityRef ORPHAN = EntityRef.parse("component:default/orphan");
  final SettableClock clock = new SettableClock(Instant.parse("2026-05-10T00:00:00Z"));
  Catalog catalog;

  static Entity entity(String json) {
    return Entity.fromJson(json);
  }

  @BeforeEach
  void catalog() {
    catalog = Catalog.builder().build();
    catalog.upsert(
        List.of(
            entity("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Group\",\"metadata\":{\"name\":\"team-a\"},\"spec\":{\"type\":\"team\",\"children\":[]}}"),
            entity(
                """
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
                 "metadata":{"name":"svc","title":"Service","description":"d","tags":["java"],
                   "annotations":{"backstage.io/techdocs-ref":"dir:.","opsgenie.com/team":"ops",
                                  "greenroom.dev/docs-updated-at":"2026-05-01T00:00:00Z"}},
                 "spec":{"type":"service","lifecycle":"production","owner":"team-a","dependsOn":["component:default/orphan"]}}"""),
            entity(
                """
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"orphan"},
                 "spec":{"type":"service","lifecycle":"experimental","owner":"team-gone"}}""")));
  }

  Scorecards runtime(Scorecards.Builder b) {
    return b.catalog(catalog).clock(clock).build();
  }

  @Test
  void builtinRetrieversReadTheCatalog() {
    Scorecards sc = runtime(Scorecards.builder().builtinRetrievers());
    assertThat(sc.runAllRetrievers()).allMatch(r -> r.error() == null && r.rejected().isEmpty());
    Map<String, Fact> f = sc.latestFacts(SVC, List.of());
    assertThat(f.get("entityOwnershipFactRetriever").values().toString())
        .isEqualTo("{\"hasOwner\":true,\"hasGroupOwner\":true,\"ownerExists\":true}");
    assertThat(f.get("entityMetadataFactRetriever").values().toString())
        .isEqualTo("{\"hasTitle\":true,\"hasDescription\":true,\"hasTags\":true,\"tags\":[\"java\"],\"lifecycle\":\"production\"}");
    assertThat(f.get("techdocsFactRetriever").values().get("hasAnnotationBackstageIoTechdocsRef").asBoolean()).isTrue();
    assertThat(f.get("entityAnnotationsFactRetriever").values().get("hasOnCall").asBoolean()).isTrue();
    assertThat(f.get("entityAnnotationsFactRetriever").values().get("hasAnnotationOpsgenieComTeam").asBoolean()).isTrue();
    assertThat(f.get("entityRelationsFactRetriever").values().get("dependsOnCount").asInt()).isEqualTo(1);
    assertThat(f.get("docsFreshnessFactRetriever").values().get("docsAgeDays").asInt()).isEqualTo(9);

    Map<String, Fact> o = sc.latestFacts(ORPHAN, List.of());
    assertThat(o.get("entityOwnershipFactRetriever").values().get("ownerExists").asBoolean()).isFalse();
    assertThat(o.get("entityAnnotationsFactRetriever").values().get("hasOnCall").asBoolean()).isFalse();
    assertThat(o.get("entityRelationsFactRetriever").values().get("dependencyOfCount").asInt()).isEqualTo(1);
    assertThat(o.get("docsFreshnessFactRetriever").values().get("docsAgeDays").isNull()).isTrue();
    assertThat(CatalogRetrievers.annotationFactName("pagerduty.com/integration-key"))
        .isEqualTo("hasAnnotationPagerdutyComIntegrationKey");
  }

  /** A retriever whose handler the test controls. */
  static final class Custom implements FactRetriever {
    final AtomicInteger runs = new AtomicInteger();
    volatile boolean fail;

    @Override
    public String id() {
      return "custom";
    }

    @Override
    public String version() {
      return "0.1.0";
    }

    @Override
    public List<FactField> schema() {
      return List.of(FactField.of("n", FactType.INTEGER, "a count"));
    }

    @Override
    public List<RetrievedFacts> handler(FactRetrieverContext ctx) {
      runs.incrementAndGet();
      if (fail) {
        throw new IllegalStateException("backend down");
      }
      return List.of(
          RetrievedFacts.of(SVC, Json.object().put("n", runs.get())),
          RetrievedFacts.of(ORPHAN, Json.object().put("n", "many")),
          RetrievedFacts.of(ORPHAN, Json.object().put("m", 1)));
    }
  }

  @Test
  void retrieverRunsAreTimedByRetrieverAndResultAndTheirFactsCounted() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    Custom c = new Custom();
    Scorecards sc = runtime(Scorecards.builder().meterRegistry(meters)
        .retriever(c, null, Retention.maxItems(2)));
    sc.runRetriever("custom");
    sc.runRetriever("custom");
    c.fail = true;
    sc.runRetriever("custom");
    assertThat(meters.get(Scorecards.RETRIEVER_RUNS_METER)
        .tags("retriever", "custom", "result", "ok").timer().count()).isEqualTo(2);
    assertThat(meters.get(Scorecards.RETRIEVER_RUNS_METER)
        .tags("retriever", "custom", "result", "error").timer().count()).isEqualTo(1);
    assertThat(meters.get(Scorecards.FACTS_METER)
        .tags("retriever", "custom", "result", "stored").counter().count()).isEqualTo(2);
    assertThat(meters.get(Scorecards.FACTS_METER)
        .tags("retriever", "custom", "result", "rejected").counter().count()).isEqualTo(4);
  }

  @Test
  void aRunStoresValidFactsRejectsBadOnesAndSurvivesAFailingHandler() {
    Custom c = new Custom();
    Scorecards sc = runtime(Scorecards.builder().retriever(c, null, Retention.maxItems(2)));
    RetrieverRun run = sc.runRetriever("custom");
    assertThat(run.stored()).isEqualTo(1);
    assertThat(run.rejected())
        .containsExactly(
            "fact custom.n for component:default/orphan: expected an integer but found string 'many'",
            "fact m for component:default/orphan is not in the schema of custom (known: n)");
    clock.advance(Duration.ofMinutes(1));
    sc.runRetriever("custom");
    clock.advance(Duration.ofMinutes(1));
    RetrieverRun third = sc.runRetriever("custom");
    assertThat(third.deleted()).isEqualTo(1);
    assertThat(sc.factStore().range(SVC, List.of("custom"), Instant.EPOCH, clock.instant()).get("custom"))
        .extracting(f -> f.values().get("n").asInt())
        .containsExactly(2, 3);

    c.fail = true;
    RetrieverRun failed = sc.runRetriever("custom");
    assertThat(failed.error()).isEqualTo("java.lang.IllegalStateException: backend down");
    assertThat(sc.latestFacts(SVC, List.of("custom")).get("custom").values().get("n").asInt()).isEqualTo(3);
  }

  @Test
  void pushedFactsAreCheckedAgainstTheirSchema() {
    Scorecards sc = runtime(Scorecards.builder().defaultScorecard().builtinRetrievers());
    assertThatThrownBy(() -> sc.pushFacts("nope", SVC, Json.object(), null))
        .isInstanceOf(InvalidFactException.class)
        .hasMessageStartingWith("unknown fact schema 'nope' (known: ");
    assertThatThrownBy(() -> sc.pushFacts("ciQuality", SVC, Json.object().put("coverage", 1), null))
        .hasMessage("fact coverage for component:default/svc is not in the schema of ciQuality (known: readmeHasRunbook, testCoverage)");
    assertThatThrownBy(() -> sc.pushFacts("deployments", SVC, Json.object().put("lastDeployedAt", "last tuesday"), null))
        .hasMessage("fact deployments.lastDeployedAt for component:default/svc: expected an ISO-8601 datetime but found 'last tuesday'");
    Fact f = sc.pushFacts("ciQuality", SVC, Json.object().put("testCoverage", 80), Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(f.timestamp()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(f.version()).isEqualTo("1.0.0");
    assertThat(sc.evaluate("production-readiness", SVC).rule("test-coverage").reason())
        .isEqualTo("testCoverage is 80 (greaterThanInclusive 80)");
  }

  @Test
  void cronAndIntervalSchedules() {
    Instant t = Instant.parse("2026-05-10T10:17:30Z"); // a Sunday
    assertThat(Schedule.cron("0 3 * * *").next(t)).isEqualTo(Instant.parse("2026-05-11T03:00:00Z"));
    assertThat(Schedule.cron("*/15 * * * *").next(t)).isEqualTo(Instant.parse("2026-05-10T10:30:00Z"));
    assertThat(Schedule.cron("0 9 * * 1-5").next(t)).isEqualTo(Instant.parse("2026-05-11T09:00:00Z"));
    assertThat(Schedule.cron("30 2 1 * *").next(t)).isEqualTo(Instant.parse("2026-06-01T02:30:00Z"));
    assertThat(Schedule.cron("0 0 29 2 *").next(t)).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    assertThat(Schedule.cron("0 12 * * 7").next(t)).isEqualTo(Instant.parse("2026-05-10T12:00:00Z"));
    assertThat(Schedule.parse("PT6H").next(t)).isEqualTo(t.plus(Duration.ofHours(6)));
    assertThatThrownBy(() -> Schedule.cron("0 25 * * *")).hasMessage("cron expression '0 25 * * *': bad hour field '25' (0-23)");
    assertThatThrownBy(() -> Schedule.cron("0 3 * *")).hasMessageContaining("must have 5 fields");
    assertThatThrownBy(() -> Schedule.cron("0 0 31 2 *").next(t)).hasMessageContaining("never fires");
  }

  @Test
  void startRunsScheduledRetrieversOnTheHostsExecutorUntilClosed() throws Exception {
    Custom c = new Custom();
    Scorecards sc =
        Scorecards.builder()
            .catalog(catalog)
            .retriever(c, Schedule.every(Duration.ofMillis(50)), Retention.FOREVER)
            .build();
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    try {
      AutoCloseable handle = sc.start(ex);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (c.runs.get() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(c.runs.get()).isGreaterThanOrEqualTo(3);
      handle.close();
      Thread.sleep(100);
      int after = c.runs.get();
      Thread.sleep(300);
      assertThat(c.runs.get()).isEqualTo(after);
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void anEvaluationScheduleRecordsResultsForTrends() throws Exception {
    Scorecards sc =
        Scorecards.builder()
            .catalog(catalog)
            .builtinRetrievers()
            .defaultScorecard()
            .evaluationSchedule(Schedule.every(Duration.ofMillis(50)))
            .build();
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    try (AutoCloseable handle = sc.start(ex)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sc.resultHistory().history("catalog-hygiene", Instant.EPOCH, Instant.now().plusSeconds(60)).size() < 4
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      // two components per evaluation; at least two evaluations recorded
      assertThat(sc.resultHistory().history("catalog-hygiene", Instant.EPOCH, Instant.now().plusSeconds(60)))
          .hasSizeGreaterThanOrEqualTo(4)
          .extracting(h -> h.entity().name())
          .contains("svc", "orphan");
    } finally {
      ex.shutdownNow();
    }
  }
}
