package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.WriteBatch;
import java.nio.file.Path;
import dev.greenroom.testsupport.PgSchema;
import java.util.List;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract does not cover: migrations, files, host data sources, LIKE escaping. */
class JdbcEntityStoreTest {

  private static Entity component(String name, String owner) {
    return Entity.fromJson(
        "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\""
            + name
            + "\"},\"spec\":{\"owner\":\""
            + owner
            + "\"}}");
  }

  private static void write(JdbcEntityStore store, Entity... es) {
    WriteBatch b = new WriteBatch();
    for (Entity e : es) {
      b.upsert(e, BuiltinRelations.of(e));
    }
    store.write(b);
  }

  @Test
  void aVersionOneDatabaseMigratesWithItsEntities() {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:migrate-v1", "sa", "");
    try (var keep = pool.getConnection()) {
      SchemaMigrations v1 = new SchemaMigrations("catalog store", "gr_schema_version",
          JdbcEntityStore.class, "/dev/greenroom/catalog/store/jdbc",
          List.of("V1__entities_search_edges.sql"), 0x67726e726f6f6d01L);
      v1.migrate(Jdbi.create(pool));
      String body = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
          + "\"metadata\":{\"name\":\"old\",\"namespace\":\"default\",\"uid\":\"u-1\","
          + "\"etag\":\"e\",\"description\":\"" + "d".repeat(5_000) + "\"},"
          + "\"spec\":{\"type\":\"service\"},\"relations\":[]}";
      Jdbi.create(pool).useHandle(h -> h.execute(
          "INSERT INTO gr_entities (ref, uid, kind, namespace, name, body, etag, updated_at)"
              + " VALUES ('component:default/old', 'u-1', 'component', 'default', 'old', ?, 'e',"
              + " CURRENT_TIMESTAMP)", body));
      try (JdbcEntityStore store = JdbcEntityStore.create(pool)) {
        assertThat(store.schemaVersion()).isEqualTo(4);
        assertThat(store.get(EntityRef.parse("component:default/old")).orElseThrow()
            .metadata().description()).hasSize(5_000);
        assertThat(store.deferredCount()).isZero();
        // V3's change log starts empty, at version 0
        assertThat(store.changesSince(-1).version()).isZero();
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    } finally {
      pool.dispose();
    }
  }

  @Test
  void aBulkLoadSuspendsTheSearchIndexesAndQueriesStayRightOnH2() {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:bulk-load", "sa", "");
    try (var keep = pool.getConnection()) {
      bulkLoadSuspendsAndRebuilds(() -> JdbcEntityStore.create(pool), false);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    } finally {
      pool.dispose();
    }
  }

  @Test
  void aBulkLoadSuspendsTheSearchIndexesAndQueriesStayRightOnPostgres() {
    PgSchema schema = PgSchema.create("gr_bulk");
    try {
      bulkLoadSuspendsAndRebuilds(() -> JdbcEntityStore.postgres(schema.url()), true);
    } finally {
      schema.drop();
    }
  }

  /**
   * Opens a store, loads in bulk, "crashes" (a second store opened on the same database while the
   * first still loads) and ends the load; {@code open} opens a store on one and the same database.
   */
  private static void bulkLoadSuspendsAndRebuilds(Supplier<JdbcEntityStore> open, boolean pg) {
    List<String> suspended = List.of("gr_search_key_value", "gr_search_key_original", "gr_edges_target");
    try (JdbcEntityStore store = open.get()) {
      assertThat(indexes(store, pg)).containsAll(suspended);
      store.beginBulkLoad();
      assertThat(indexes(store, pg)).doesNotContainAnyElementsOf(suspended)
          .contains("gr_search_entity", "gr_edges_source");
      write(store, component("a", "team-x"));
      write(store, component("b", "team-y"));
      assertThat(store.count(ScanRequest.of(
          dev.greenroom.catalog.query.EntityFilters.parseLegacy(List.of("spec.owner=team-x")), 10)))
          .isEqualTo(1);
      // a crash now: the next store opened on the database rebuilds the indexes
      try (JdbcEntityStore reopened = open.get()) {
        assertThat(indexes(store, pg)).containsAll(suspended);
        store.endBulkLoad();
        assertThat(indexes(store, pg)).containsAll(suspended);
        assertThat(reopened.count(ScanRequest.of(
            dev.greenroom.catalog.query.EntityFilters.parseLegacy(List.of("spec.owner=team-y")), 10)))
            .isEqualTo(1);
        assertThat(reopened.scan(ScanRequest.of(
            dev.greenroom.catalog.query.EntityFilters.parseLegacy(List.of("spec.owner=TEAM-X")), 10))
            .entities()).extracting(e -> e.metadata().name()).containsExactly("a");
      }
      // a second load after the first ended suspends and rebuilds again
      store.beginBulkLoad();
      assertThat(indexes(store, pg)).doesNotContainAnyElementsOf(suspended);
      store.endBulkLoad();
      assertThat(indexes(store, pg)).containsAll(suspended);
    }
  }

  /**
   * A host whose PostgreSQL role only reads and writes rows (the schema's owner migrated it) opened
   * the store before bulk loads touched PostgreSQL's indexes, and still does; its bulk load keeps
   * the indexes (only their owner may drop or build them) instead of failing the engine's start.
   */
  @Test
  void aRoleThatDoesNotOwnTheTablesOpensAPostgresStoreAndBulkLoads() {
    try (PgSchema schema = PgSchema.create("gr_dml")) {
      JdbcEntityStore.postgres(schema.url()).close(); // the owner migrates
      String role = schema.name() + "_app";
      PgSchema.execute(schema.url(), "CREATE ROLE " + role);
      try {
        PgSchema.execute(schema.url(), "GRANT USAGE, CREATE ON SCHEMA " + schema.name() + " TO " + role);
        PgSchema.execute(schema.url(), "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
            + schema.name() + " TO " + role);
        PgSchema.execute(schema.url(), "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "
            + schema.name() + " TO " + role);
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(schema.url());
        config.setConnectionInitSql("SET ROLE " + role);
        try (com.zaxxer.hikari.HikariDataSource app = new com.zaxxer.hikari.HikariDataSource(config);
            JdbcEntityStore store = JdbcEntityStore.create(app)) {
          store.beginBulkLoad();
          write(store, component("a", "team-x"));
          store.endBulkLoad();
          assertThat(indexes(store, true))
              .contains("gr_search_key_value", "gr_search_key_original", "gr_edges_target");
          assertThat(store.count(ScanRequest.of(
              dev.greenroom.catalog.query.EntityFilters.parseLegacy(List.of("spec.owner=team-x")), 10)))
              .isEqualTo(1);
        }
      } finally {
        PgSchema.execute(schema.url(), "DROP OWNED BY " + role);
        PgSchema.execute(schema.url(), "DROP ROLE " + role);
      }
    }
  }

  /** The lower-case names of the indexes on the search and edge tables in the store's schema. */
  private static List<String> indexes(JdbcEntityStore store, boolean pg) {
    String sql = pg
        ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            + " AND tablename IN ('gr_search', 'gr_edges')"
        : "SELECT index_name FROM information_schema.indexes"
            + " WHERE table_name IN ('GR_SEARCH', 'GR_EDGES')";
    return Jdbi.create(store.dataSource()).withHandle(h -> h.createQuery(sql)
        .mapTo(String.class).map(n -> n.toLowerCase(java.util.Locale.ROOT)).list());
  }

  @Test
  void largeBodiesStoreInline() {
    try (JdbcEntityStore store = JdbcEntityStore.h2InMemory("large-bodies")) {
      Entity big = Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"API\","
          + "\"metadata\":{\"name\":\"big\"},\"spec\":{\"type\":\"openapi\","
          + "\"definition\":\"" + "x".repeat(3_000_000) + "\"}}");
      store.write(new WriteBatch().upsert(big, List.of()));
      assertThat(store.get(EntityRef.parse("api:default/big")).orElseThrow()
          .spec().path("definition").asString()).hasSize(3_000_000);
    }
  }

  @Test
  void migrationsApplyOnceAndRecordTheirVersion() {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:migrations-once", "sa", "");
    try (var keep = pool.getConnection()) {
      try (JdbcEntityStore first = JdbcEntityStore.create(pool)) {
        assertThat(first.schemaVersion()).isEqualTo(JdbcEntityStore.MIGRATIONS.latestVersion());
        write(first, component("a", "team"));
      }
      // a second start finds the schema current, applies nothing and keeps the data
      assertThat(JdbcEntityStore.MIGRATIONS.migrate(Jdbi.create(pool))).isEmpty();
      try (JdbcEntityStore second = JdbcEntityStore.create(pool)) {
        assertThat(second.size()).isEqualTo(1);
      }
      List<Integer> versions =
          Jdbi.create(pool)
              .withHandle(h -> h.createQuery("SELECT version FROM gr_schema_version").mapTo(Integer.class).list());
      assertThat(versions).containsExactly(1, 2, 3, 4);
      // the host's data source stays usable after the stores are closed
      assertThat(pool.getActiveConnections()).isEqualTo(1);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    } finally {
      pool.dispose();
    }
  }

  @Test
  void anH2FileStoreKeepsItsDataAcrossReopening(@TempDir Path dir) {
    Path file = dir.resolve("catalog");
    try (JdbcEntityStore store = JdbcEntityStore.h2File(file)) {
      write(store, component("kept", "team-a"));
    }
    try (JdbcEntityStore store = JdbcEntityStore.h2File(file)) {
      assertThat(store.get(EntityRef.parse("component:default/kept"))).isPresent();
      assertThat(store.schemaVersion()).isEqualTo(JdbcEntityStore.MIGRATIONS.latestVersion());
    }
  }

  @Test
  void anH2FileLeftOpenByAKilledProcessIsRebuiltWithItsRows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("catalog");
    try (JdbcEntityStore store = JdbcEntityStore.h2File(file)) {
      assertThat(dir.resolve("catalog.open")).exists();
      write(store, component("kept", "team-a"));
    }
    assertThat(dir.resolve("catalog.open")).doesNotExist();
    // a process killed with the file open leaves the marker behind (the crash itself is in
    // catalog-processors' CrashRecoveryTest)
    java.nio.file.Files.writeString(dir.resolve("catalog.open"), "12345");
    try (JdbcEntityStore store = JdbcEntityStore.h2File(file)) {
      assertThat(store.get(EntityRef.parse("component:default/kept")).orElseThrow().relations())
          .extracting(r -> r.type() + " " + r.targetRef())
          .containsExactly("ownedBy group:default/team-a");
      assertThat(store.schemaVersion()).isEqualTo(JdbcEntityStore.MIGRATIONS.latestVersion());
      write(store, component("added", "team-a"));
      assertThat(store.size()).isEqualTo(2);
    }
    assertThat(dir.resolve("catalog.open")).doesNotExist();
    assertThat(dir.resolve("catalog.recover.sql")).doesNotExist();
  }

  @Test
  void hasPrefixTreatsLikeWildcardsLiterally() {
    try (JdbcEntityStore store = JdbcEntityStore.h2InMemory("like-escaping")) {
      write(
          store,
          component("a", "100%_sure"),
          component("b", "100xxsure"),
          component("c", "team!x"),
          component("d", "team_x"));
      assertThat(owners(store, "100%")).containsExactly("component:default/a");
      assertThat(owners(store, "100%_")).containsExactly("component:default/a");
      assertThat(owners(store, "team_")).containsExactly("component:default/d");
      assertThat(owners(store, "team!")).containsExactly("component:default/c");
      assertThat(owners(store, "")).hasSize(4);
    }
  }

  private static List<String> owners(JdbcEntityStore store, String prefix) {
    return store.scan(ScanRequest.of(EntityPredicate.hasPrefix("spec.owner", prefix), 10)).entities().stream()
        .map(e -> e.ref().toString())
        .toList();
  }

  @Test
  void predicatesBecomeBoundSubqueries() {
    Sql sql = new Sql();
    new PredicateSql()
        .append(
            EntityPredicate.any(
                List.of(
                    EntityPredicate.eq("kind", "x' OR 1=1 --"),
                    EntityPredicate.not(EntityPredicate.exists("spec.type", true)),
                    EntityPredicate.all(List.of()),
                    EntityPredicate.any(List.of()))),
            "e.id",
            sql);
    assertThat(sql.text.toString())
        .doesNotContain("OR 1=1 --")
        .contains("EXISTS (SELECT 1 FROM gr_search s0 WHERE s0.entity_id = e.id AND s0.field_key = ?")
        .contains("NOT (EXISTS")
        .contains("1=1")
        .contains("1=0");
    assertThat(sql.params).containsExactly("kind", "x' or 1=1 --", "spec.type");
  }
}
