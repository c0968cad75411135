package dev.greenroom.catalog.msgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The provider's entities through the catalog engine: Backstage's relations, the schedule, failures. */
class MicrosoftGraphOrgEngineTest {

  static Entity entity(CatalogEngine engine, String ref) {
    return engine.catalog().entity(EntityRef.parse(ref)).orElseThrow(
        () -> new AssertionError(ref + " is not in the catalog"));
  }

  static Relation rel(String type, String target) {
    return new Relation(type, EntityRef.parse(target));
  }

  @Test
  void processedEntitiesCarryMemberOfHasMemberParentOfAndChildOfAndSurviveAnOutage()
      throws Exception {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    try (FakeGraph graph = new FakeGraph("/graph/contoso.json")) {
      MicrosoftGraphOrgEntityProvider provider = MicrosoftGraphOrgEntityProvider.builder(
              graph.config("contoso", "user: { loadPhotos: false }\n"))
          .schedule(TaskSchedule.every(Duration.ofHours(1), Duration.ofMinutes(1)))
          .scheduler(scheduler)
          .build();
      try (CatalogEngine engine = CatalogEngine.builder().provider(provider)
          .processingDisabled().build()) {
        engine.start(); // connects the provider: its schedule runs the first read at once
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (engine.catalog().entity(EntityRef.parse("group:default/retail")).isEmpty()
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
          engine.awaitIdle(Duration.ofSeconds(5)); // without a processing interval, this processes
        }
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

        assertThat(entity(engine, "user:default/leeg_contoso.com").relations()).contains(
            rel("memberOf", "group:default/mark8projectteam"),
            rel("memberOf", "group:default/salesandmarketing"));
        assertThat(entity(engine, "group:default/mark8projectteam").relations()).contains(
            rel("hasMember", "user:default/leeg_contoso.com"),
            rel("hasMember", "user:default/meganb_contoso.com"),
            rel("childOf", "group:default/engineering"),
            rel("parentOf", "group:default/retail"));
        assertThat(entity(engine, "group:default/contoso_ltd").relations()).contains(
            rel("parentOf", "group:default/engineering"),
            rel("parentOf", "group:default/salesandmarketing"));
        assertThat(entity(engine, "group:default/engineering").relations()).contains(
            rel("childOf", "group:default/contoso_ltd"),
            rel("hasMember", "user:default/adelev_contoso.com"));

        graph.failWith = 500;
        assertThatThrownBy(provider::read).isInstanceOf(MicrosoftGraphException.class)
            .hasMessageContaining("MicrosoftGraphOrgEntityProvider:contoso");
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
        assertThat(entity(engine, "user:default/leeg_contoso.com").relations())
            .contains(rel("memberOf", "group:default/mark8projectteam"));
        provider.close();
      }
    } finally {
      scheduler.shutdownNow();
    }
  }
}
