package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.CachingEntityStore;
import dev.greenroom.catalog.store.EntityChanges;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import dev.greenroom.testsupport.PgSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hosts' catalogs over one database (two {@link JdbcEntityStore}s, each behind its own
 * cache): what one writes, the other's cache forgets through the store's change log, without any
 * message between them. On H2 (two stores over one named in-memory database) and on PostgreSQL
 * (one schema of the test's own in the database {@code greenroom.test.pg.url} names).
 */
class SharedDatabaseCacheTest {
  static final EntityRef SVC = EntityRef.parse("component:default/svc");
  final List<AutoCloseable> open = new ArrayList<>();
  PgSchema schema;

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (schema != null) {
      schema.drop();
    }
  }

  static Entity component(String name, String description) {
    return Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
        + "\"metadata\":{\"name\":\"" + name + "\",\"description\":\"" + description + "\"},"
        + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"team-a\"}}");
  }

  static String description(Catalog c) {
    return c.entity(SVC).map(e -> e.metadata().description()).orElse(null);
  }

  /** Opens two stores on one H2 database, as two hosts would open one database. */
  Supplier<JdbcEntityStore> h2() {
    String name = "shared-cache-" + UUID.randomUUID();
    return () -> JdbcEntityStore.h2InMemory(name);
  }

  Supplier<JdbcEntityStore> postgres() {
    schema = PgSchema.create("gr_cache_test");
    String url = schema.url();
    return () -> JdbcEntityStore.postgres(url);
  }

  Catalog catalog(JdbcEntityStore store, Duration checkInterval) {
    Catalog c = Catalog.builder().store(store).cacheCheckInterval(checkInterval).build();
    open.add(c);
    return c;
  }

  @Test
  void anotherHostsWriteIsSeenAtTheNextCheckOnH2() {
    anotherHostsWriteIsSeenAtTheNextCheck(h2());
  }

  @Test
  void anotherHostsWriteIsSeenAtTheNextCheckOnPostgres() {
    anotherHostsWriteIsSeenAtTheNextCheck(postgres());
  }

  void anotherHostsWriteIsSeenAtTheNextCheck(Supplier<JdbcEntityStore> stores) {
    Catalog a = catalog(stores.get(), Duration.ZERO);
    Catalog b = catalog(stores.get(), Duration.ZERO); // asks the change log on every cached read
    a.upsert(List.of(component("svc", "first")));
    assertThat(description(b)).isEqualTo("first"); // cached in b from now on
    assertThat(b.facets(List.of("metadata.description"), EntityPredicate.matchAll())
        .get("metadata.description")).extracting(f -> f.value()).containsExactly("first");
    assertThat(b.count(EntityPredicate.matchAll())).isEqualTo(1);

    a.upsert(List.of(component("svc", "second"), component("other", "x")));
    assertThat(description(b)).isEqualTo("second");
    assertThat(b.entities(List.of(SVC)).get(0).metadata().description()).isEqualTo("second");
    assertThat(b.facets(List.of("metadata.description"), EntityPredicate.matchAll())
        .get("metadata.description")).extracting(f -> f.value()).containsExactly("second", "x");
    assertThat(b.count(EntityPredicate.matchAll())).isEqualTo(2);

    a.remove(List.of(SVC));
    assertThat(description(b)).isNull();
    assertThat(b.count(EntityPredicate.matchAll())).isEqualTo(1);
  }

  @Test
  void betweenChecksTheCacheServesWhatItHasOnH2() {
    Supplier<JdbcEntityStore> stores = h2();
    Catalog a = catalog(stores.get(), Duration.ZERO);
    Catalog b = catalog(stores.get(), Duration.ofHours(1)); // the first check is an hour away
    a.upsert(List.of(component("svc", "first")));
    assertThat(description(b)).isEqualTo("first");
    a.upsert(List.of(component("svc", "second")));
    assertThat(description(b)).as("served from b's cache until its next check").isEqualTo("first");
  }

  @Test
  void aWriteOfManyEntitiesMakesOtherHostsForgetEverythingOnH2() {
    aWriteOfManyEntitiesMakesOtherHostsForgetEverything(h2());
  }

  @Test
  void aWriteOfManyEntitiesMakesOtherHostsForgetEverythingOnPostgres() {
    aWriteOfManyEntitiesMakesOtherHostsForgetEverything(postgres());
  }

  void aWriteOfManyEntitiesMakesOtherHostsForgetEverything(Supplier<JdbcEntityStore> stores) {
    JdbcEntityStore sa = stores.get();
    Catalog a = catalog(sa, Duration.ZERO);
    Catalog b = catalog(stores.get(), Duration.ZERO);
    a.upsert(List.of(component("svc", "first")));
    long before = sa.changesSince(-1).version();
    assertThat(description(b)).isEqualTo("first");
    List<Entity> many = new ArrayList<>();
    many.add(component("svc", "second"));
    for (int i = 0; i < JdbcEntityStore.LOGGED_REFS; i++) {
      many.add(component("c" + i, "many"));
    }
    a.upsert(many);
    EntityChanges c = sa.changesSince(before);
    assertThat(c.everything()).isTrue();
    assertThat(c.version()).isEqualTo(before + 1);
    assertThat(description(b)).isEqualTo("second");
  }

  @Test
  void theChangeLogListsWhatWritesChangedOnH2() {
    theChangeLogListsWhatWritesChanged(h2());
  }

  @Test
  void theChangeLogListsWhatWritesChangedOnPostgres() {
    theChangeLogListsWhatWritesChanged(postgres());
  }

  void theChangeLogListsWhatWritesChanged(Supplier<JdbcEntityStore> stores) {
    JdbcEntityStore s = stores.get();
    open.add(s);
    long v0 = s.changesSince(-1).version();
    assertThat(s.changesSince(-1)).isEqualTo(EntityChanges.none(v0));
    Catalog c = Catalog.builder().store(s).cacheSize(0).build();
    c.upsert(List.of(component("a", "1"), component("b", "1")));
    c.upsert(List.of(component("a", "1"))); // unchanged: no new version
    c.upsert(List.of(component("b", "2")));
    c.remove(List.of(EntityRef.parse("component:default/a")));
    EntityChanges all = s.changesSince(v0);
    assertThat(all.version()).isEqualTo(v0 + 3);
    assertThat(all.everything()).isFalse();
    assertThat(all.refs()).extracting(EntityRef::toString)
        .containsExactlyInAnyOrder("component:default/a", "component:default/b");
    assertThat(s.changesSince(v0 + 2).refs()).extracting(EntityRef::toString)
        .containsExactly("component:default/a");
    assertThat(s.changesSince(v0 + 3)).isEqualTo(EntityChanges.none(v0 + 3));
    // a reader ahead of the database (which was replaced) and one further behind than the log
    // keeps both forget everything
    assertThat(s.changesSince(v0 + 4).everything()).isTrue();
    sql(s, "UPDATE gr_entity_version SET version = version + " + (JdbcEntityStore.KEPT_VERSIONS + 1));
    assertThat(s.changesSince(v0 + 3).everything()).isTrue();
  }

  @Test
  void theLogKeepsTheLastVersionsOnly() {
    JdbcEntityStore s = h2().get();
    open.add(s);
    // as if 2,095 writes had happened, the oldest logged rows still there
    sql(s, "UPDATE gr_entity_version SET version = 2095");
    sql(s, "INSERT INTO gr_entity_changes (version, ref) VALUES (1100, 'component:default/old'),"
        + " (1101, 'component:default/kept')");
    Catalog c = Catalog.builder().store(s).cacheSize(0).build();
    for (int i = 0; i < 5; i++) { // the fifth is version 2100: every 100th write prunes
      c.upsert(List.of(component("svc", "v" + i)));
    }
    assertThat(s.changesSince(-1).version()).isEqualTo(2100);
    assertThat(sql(s, "SELECT MIN(version) FROM gr_entity_changes"))
        .as("versions up to 2100 - %s are pruned", JdbcEntityStore.KEPT_VERSIONS).isEqualTo(1101);
    assertThat(s.changesSince(1100).refs()).extracting(EntityRef::toString)
        .containsExactlyInAnyOrder("component:default/kept", "component:default/svc");
    assertThat(s.changesSince(1099).everything()).as("older than the log keeps").isTrue();
  }

  /** Runs {@code statement} on the store's database; the first column of a query's first row. */
  static long sql(JdbcEntityStore store, String statement) {
    try (java.sql.Connection c = store.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      if (st.execute(statement)) {
        try (java.sql.ResultSet rs = st.getResultSet()) {
          rs.next();
          return rs.getLong(1);
        }
      }
      return st.getUpdateCount();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aStoreWithoutAChangeLogIsNotAsked() {
    MemoryEntityStore memory = new MemoryEntityStore();
    assertThat(memory.changesSince(-1)).isNull();
    Catalog c = Catalog.builder().store(memory).cacheCheckInterval(Duration.ZERO).build();
    c.upsert(List.of(component("svc", "first")));
    assertThat(description(c)).isEqualTo("first");
  }

  @Test
  void cacheSettingsAreChecked() {
    assertThatThrownBy(() -> Catalog.builder().cacheSize(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache size");
    assertThatThrownBy(() -> Catalog.builder().cacheTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache ttl");
    assertThatThrownBy(() -> Catalog.builder().cacheCheckInterval(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache check interval");
    assertThatThrownBy(() -> new CachingEntityStore(new MemoryEntityStore(), 0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum size");
  }
}
