package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.store.QueryTimeoutException;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.testsupport.PgSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Security issue 18, item 9: reads had no statement timeout (a 5,000-filter query went on running
 * in PostgreSQL for five minutes after its client left), and H2's connection pool handed out
 * connections the database had dropped, one failed read (HTTP 500) per pooled connection. Reads
 * now have a statement timeout and run once more after a broken connection, and the pools check
 * connections before reuse. On H2 and on PostgreSQL (property {@code greenroom.test.pg.url}).
 */
class JdbcReadResilienceTest {
  private static final JdbcOptions ONE_SECOND =
      JdbcOptions.defaults().withReadTimeout(Duration.ofSeconds(1));

  private static Entity component(String name) {
    return Entity.fromJson(
        "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\""
            + name + "\"},\"spec\":{\"owner\":\"team-a\"}}");
  }

  private static void write(JdbcEntityStore store, Entity e) {
    store.write(new WriteBatch().upsert(e, BuiltinRelations.of(e)));
  }

  @Test
  void optionsAreChecked() {
    assertThat(JdbcOptions.defaults().readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(JdbcOptions.defaults().withReadTimeout(Duration.ofMillis(1_200)).timeoutSeconds())
        .isEqualTo(2);
    assertThat(JdbcOptions.defaults().withReadTimeout(Duration.ZERO).timeoutSeconds()).isNull();
    assertThatThrownBy(() -> JdbcOptions.defaults().withReadTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcOptions.defaults().withReadRetries(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- H2 -------------------------------------------------------------------------------------

  @Test
  void aRunawayReadOnH2IsCancelledByTheStatementTimeout() {
    try (JdbcEntityStore store = JdbcEntityStore.h2InMemory("timeout-h2", ONE_SECOND)) {
      write(store, component("a"));
      // a cross join of 10^12 rows: hours without a timeout
      String heavy = "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 1000000) a, SYSTEM_RANGE(1, 1000000) b"
          + " WHERE a.X + b.X < 0";
      long start = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
          assertThatThrownBy(() -> store.read(h -> h.createQuery(heavy).mapTo(Long.class).one()))
              .isInstanceOf(QueryTimeoutException.class)
              .hasMessageContaining("catalog store read cancelled")
              .hasMessageContaining("statement timeout of 1 s"));
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(30.0);
      // the store goes on serving
      assertThat(store.get(EntityRef.parse("component:default/a"))).isPresent();
    }
  }

  @Test
  void writesHaveNoReadTimeout() {
    try (JdbcEntityStore store = JdbcEntityStore.h2InMemory("timeout-h2-writes", ONE_SECOND)) {
      for (int i = 0; i < 20; i++) {
        write(store, component("c" + i));
      }
      assertThat(store.size()).isEqualTo(20);
      // H2 keeps a statement's timeout on the session: the pooled connection that served the
      // read must not hand it on to the next user (a write, say)
      String timeout = "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
          + " WHERE SETTING_NAME = 'QUERY_TIMEOUT'";
      String duringRead = store.read(h -> h.createQuery(timeout).mapTo(String.class).one());
      assertThat(duringRead).isEqualTo("1000");
      String afterwards = Jdbi.create(store.dataSource())
          .withHandle(h -> h.createQuery(timeout).mapTo(String.class).one());
      assertThat(afterwards).isEqualTo("0");
    }
  }

  /**
   * The read timeout must not cost H2 its parsed statements: {@code SET QUERY_TIMEOUT}, which JDBC's
   * statement timeout runs, counts in H2 as a change of metadata and empties every session's cache
   * of parsed statements, so that under load every read parsed and planned its SQL again.
   */
  @Test
  void readsWithTheTimeoutKeepH2sParsedStatements() throws SQLException {
    try (JdbcEntityStore store = JdbcEntityStore.h2InMemory("timeout-h2-cache", ONE_SECOND);
        Connection c = store.dataSource().getConnection()) {
      write(store, component("a"));
      org.h2.engine.Database db =
          ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
              .getDatabase();
      long before = db.getModificationMetaId();
      for (int i = 0; i < 3; i++) {
        assertThat(store.get(EntityRef.parse("component:default/a"))).isPresent();
        Long rows = store.read(h -> h.createQuery("SELECT COUNT(*) FROM gr_entities")
            .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1L);
      }
      assertThat(db.getModificationMetaId()).isEqualTo(before);
    }
  }

  // ---- PostgreSQL -----------------------------------------------------------------------------

  /** A store in a fresh schema whose connections carry {@code applicationName}. */
  private record PgStore(JdbcEntityStore store, PgSchema schema) implements AutoCloseable {
    static PgStore open(String applicationName, JdbcOptions options) {
      PgSchema schema = PgSchema.create("gr_res");
      try {
        return new PgStore(JdbcEntityStore.postgres(
            schema.url() + "&ApplicationName=" + applicationName, options), schema);
      } catch (RuntimeException e) {
        schema.drop();
        throw e;
      }
    }

    /** The database's URL without the schema. */
    String base() {
      return PgSchema.baseUrl();
    }

    @Override
    public void close() {
      store.close();
      schema.drop();
    }
  }

  private static long count(String base, String sql, String arg) {
    try (Connection c = DriverManager.getConnection(base);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRunawayReadOnPostgresIsCancelledAndStopsRunningOnTheServer() throws Exception {
    String app = "gr-timeout-" + UUID.randomUUID().toString().substring(0, 8);
    try (PgStore pg = PgStore.open(app, ONE_SECOND)) {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
          assertThatThrownBy(() -> pg.store().read(
                  h -> h.createQuery("SELECT COUNT(*) FROM (SELECT pg_sleep(600)) t").mapTo(Long.class).one()))
              .isInstanceOf(QueryTimeoutException.class)
              .hasMessageContaining("statement timeout of 1 s"));
      // the server cancelled it: no backend of the store is still running the statement
      String running = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND application_name = ? AND state = 'active' AND query LIKE '%pg_sleep%'";
      long left = -1;
      for (int i = 0; i < 50 && left != 0; i++) {
        left = count(pg.base(), running, app);
        if (left != 0) {
          Thread.sleep(100);
        }
      }
      assertThat(left).as("statements still running on the server").isZero();
      assertThat(pg.store().size()).isZero();
    }
  }

  @Test
  void afterPostgresDroppedEveryConnectionTheNextReadsSucceed() throws Exception {
    String app = "gr-drop-" + UUID.randomUUID().toString().substring(0, 8);
    try (PgStore pg = PgStore.open(app, JdbcOptions.defaults())) {
      JdbcEntityStore store = pg.store();
      write(store, component("survivor"));
      EntityRef ref = EntityRef.parse("component:default/survivor");
      // fill the pool: several reads at once, each holding its connection for a moment
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<?>> busy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          busy.add(pool.submit(() -> store.read(
              h -> h.createQuery("SELECT COUNT(*) FROM (SELECT pg_sleep(0.3)) t").mapTo(Long.class).one())));
        }
        for (Future<?> f : busy) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(store.get(ref)).isPresent();
      // the database drops every connection of the store (a restart, a failover, an admin)
      long terminated = count(pg.base(),
          "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND application_name = ?"
              + " AND pid <> pg_backend_pid()) t", app);
      assertThat(terminated).isGreaterThanOrEqualTo(2);
      // at once, and then again and again: no failed read
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        try {
          assertThat(store.get(ref)).isPresent();
        } catch (StoreException e) {
          failures.add(e.getMessage());
        }
      }
      assertThat(failures).isEmpty();
    }
  }
}
