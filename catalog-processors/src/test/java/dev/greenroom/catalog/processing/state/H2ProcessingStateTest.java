package dev.greenroom.catalog.processing.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The contract on {@link JdbcProcessingState} over in-memory H2, plus what is H2's own. */
class H2ProcessingStateTest extends ProcessingStateStoreContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  protected ProcessingStateStore newStore() {
    return JdbcProcessingState.h2InMemory("proc-state-" + DATABASES.incrementAndGet());
  }

  @Test
  void sharesADatabaseWithTheCatalogStoreUnderItsOwnSchemaVersion() {
    try (JdbcEntityStore entities = JdbcEntityStore.h2InMemory("proc-state-shared");
        JdbcProcessingState state = JdbcProcessingState.create(entities.dataSource())) {
      assertThat(state.dialectName()).isEqualTo("H2");
      assertThat(state.schemaVersion()).isEqualTo(JdbcProcessingState.MIGRATIONS.latestVersion());
      assertThat(entities.schemaVersion()).isEqualTo(JdbcEntityStore.MIGRATIONS.latestVersion());
      state.applyMutation("p", EntityMutation.full(List.of(component("a", "k"))), T0);
      // a second start applies nothing and keeps the rows
      assertThat(JdbcProcessingState.MIGRATIONS.migrate(Jdbi.create(entities.dataSource()))).isEmpty();
      try (JdbcProcessingState again = JdbcProcessingState.create(entities.dataSource())) {
        assertThat(again.size()).isEqualTo(1);
      }
      assertThat(entities.size()).isZero();
    }
  }

  /**
   * Not a timing assertion: prints how long 10,000 rows take through insert, claim and complete
   * on H2, and checks that they all went through.
   */
  @Test
  void tenThousandRowsGoThroughInBatches() {
    int n = 10_000;
    List<DeferredEntity> es = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      es.add(component("bulk-" + i, "url:bulk"));
    }
    long t0 = System.nanoTime();
    store.applyMutation("p", EntityMutation.full(es), T0);
    long t1 = System.nanoTime();
    List<ClaimedEntity> claimed = new ArrayList<>(store.claim("engine", 10, T0, LEASE, EVERY_100S));
    long tSmall = System.nanoTime();
    claimed.addAll(store.claim("engine", n, T0, LEASE, EVERY_100S));
    long t2 = System.nanoTime();
    List<RunOutcome> outs = new ArrayList<>(n);
    for (ClaimedEntity c : claimed) {
      outs.add(
          new RunOutcome.Succeeded(
              c.ref(),
              "h",
              c.unprocessed().withUid(c.entityId()),
              List.of(new dev.greenroom.catalog.model.RelationEdge(
                  c.ref(), "ownedBy", EntityRef.parse("group:default/team"))),
              List.of(),
              List.of("url:bulk"),
              Json.object()));
    }
    CompletionOutcome done = store.complete("engine", outs, T0);
    long t3 = System.nanoTime();
    List<StitchInput> stitches = store.claimStitches("s", n, T0, LEASE);
    store.finishStitches("s", stitches);
    long t4 = System.nanoTime();
    assertThat(claimed).hasSize(n);
    assertThat(done.skipped()).isEmpty();
    assertThat(stitches).hasSize(n);
    assertThat(store.stitchQueueSize()).isZero();
    assertThat(store.refreshKeys(List.of("url:bulk"), T0)).isEqualTo(n);
    System.out.printf(
        "H2 %d rows: insert %d ms, claim of 10 %d us, claim %d ms, complete %d ms,"
            + " stitch claim+finish %d ms%n",
        n, (t1 - t0) / 1_000_000, (tSmall - t1) / 1_000, (t2 - tSmall) / 1_000_000,
        (t3 - t2) / 1_000_000,
        (t4 - t3) / 1_000_000);
  }
}
