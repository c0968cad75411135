package dev.greenroom.catalog.processing.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.testsupport.PgSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on {@link JdbcProcessingState} over PostgreSQL (system property {@code
 * greenroom.test.pg.url}), in a schema of its own that each test recreates.
 */
class PostgresProcessingStateTest extends ProcessingStateStoreContract {
  static final PgSchema SCHEMA = new PgSchema("gr_proc_state_test");

  static String url() {
    return SCHEMA.url();
  }

  @Override
  protected ProcessingStateStore newStore() {
    SCHEMA.recreate();
    return JdbcProcessingState.postgres(url());
  }

  @AfterAll
  static void dropSchema() {
    SCHEMA.drop();
  }

  @Test
  void twoEnginesClaimingAtOnceNeverGetTheSameRow() throws Exception {
    int n = 400;
    List<DeferredEntity> es = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      es.add(component("row-" + i, "url:rows"));
    }
    store.applyMutation("p", EntityMutation.full(es), T0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try (JdbcProcessingState e1 = JdbcProcessingState.postgres(url());
        JdbcProcessingState e2 = JdbcProcessingState.postgres(url())) {
      List<Future<List<EntityRef>>> runs = new ArrayList<>();
      for (JdbcProcessingState engine : List.of(e1, e2)) {
        String owner = engine == e1 ? "e1" : "e2";
        Callable<List<EntityRef>> run =
            () -> {
              start.await();
              List<EntityRef> mine = new ArrayList<>();
              List<ClaimedEntity> got;
              while (!(got = engine.claim(owner, 7, T0, Duration.ofMinutes(10), EVERY_100S))
                  .isEmpty()) {
                got.forEach(c -> mine.add(c.ref()));
              }
              return mine;
            };
        runs.add(pool.submit(run));
      }
      start.countDown();
      List<EntityRef> a = runs.get(0).get();
      List<EntityRef> b = runs.get(1).get();
      Set<EntityRef> both = new HashSet<>(a);
      both.retainAll(b);
      assertThat(both).isEmpty();
      assertThat(new HashSet<>(a)).hasSameSizeAs(a);
      assertThat(a.size() + b.size()).isEqualTo(n);
      // while the leases hold, nobody claims anything
      assertThat(store.claim("e3", n, T0.plusSeconds(200), Duration.ofMinutes(1), EVERY_100S))
          .isEmpty();
      // when they expire, everything is due again
      assertThat(store.claim("e3", n, T0.plusSeconds(601), Duration.ofMinutes(1), EVERY_100S))
          .hasSize(n);
    } finally {
      pool.shutdownNow();
    }
  }
}
