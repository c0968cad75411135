package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.store.EntityStoreContract;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.testsupport.PgSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The facet counts kept on write ({@link FacetCounts}) where the store contract's property does not
 * reach: filling them when schema version 4 is applied to a database with entities, changing the
 * maintained keys, a bulk load on H2, and keys of re-stitched relations. Each runs on H2 and on
 * PostgreSQL.
 */
class FacetCountsTest {
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** A database that stores can be opened on, several at once; closed at the end of the test. */
  private interface Db extends AutoCloseable {
    JdbcEntityStore open(JdbcOptions options);

    @Override
    void close();
  }

  private static Db h2() {
    String name = "facets-" + SEQ.incrementAndGet();
    JdbcEntityStore keepAlive = JdbcEntityStore.h2InMemory(name);
    return new Db() {
      @Override
      public JdbcEntityStore open(JdbcOptions options) {
        return JdbcEntityStore.h2InMemory(name, options);
      }

      @Override
      public void close() {
        keepAlive.close();
      }
    };
  }

  private static Db pg() {
    PgSchema schema = PgSchema.create("gr_facets");
    return new Db() {
      @Override
      public JdbcEntityStore open(JdbcOptions options) {
        return JdbcEntityStore.postgres(schema.url(), options);
      }

      @Override
      public void close() {
        schema.drop();
      }
    };
  }

  private static Entity entity(String kind, String name, String type, String tags, String owner) {
    return Entity.fromJson(
        ("{'apiVersion':'backstage.io/v1alpha1','kind':'" + kind + "','metadata':{'name':'" + name
                + "','tags':[" + tags + "]},'spec':{'type':'" + type + "','owner':'" + owner
                + "','lifecycle':'production'}}")
            .replace('\'', '"'));
  }

  /** Thirty entities over three kinds, with tags that differ in case, owned by five groups. */
  private static List<Entity> catalog(String suffix) {
    List<Entity> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String kind = List.of("Component", "API", "Resource").get(i % 3);
      String tags = i % 4 == 0 ? "'Java','java','go'" : i % 4 == 1 ? "'java'" : "";
      out.add(entity(kind, "e" + i + suffix, i % 5 == 0 ? "Service" : "service-" + (i % 4), tags, "team-" + (i % 5)));
    }
    for (int g = 0; g < 5; g++) {
      out.add(Entity.fromJson(
          ("{'apiVersion':'backstage.io/v1alpha1','kind':'Group','metadata':{'name':'team-" + g
                  + "'},'spec':{'type':'team','children':[]}}").replace('\'', '"')));
    }
    return out;
  }

  private static void write(JdbcEntityStore store, List<Entity> entities) {
    WriteBatch b = new WriteBatch();
    entities.forEach(e -> b.upsert(e, BuiltinRelations.of(e)));
    store.write(b);
  }

  private static final List<EntityPredicate> FILTERS = EntityStoreContract.facetFilters();

  /** Every filter, every picker key: the counts answer and equal the computed facets. */
  private static void assertCountsAgree(JdbcEntityStore store) {
    for (EntityPredicate f : FILTERS) {
      FacetPaths.check(store, EntityStoreContract.FACET_KEYS, f);
    }
  }

  private static void eachDatabase(java.util.function.Consumer<Db> test) {
    for (Function<Void, Db> open : List.<Function<Void, Db>>of(v -> h2(), v -> pg())) {
      try (Db db = open.apply(null)) {
        test.accept(db);
      }
    }
  }

  @Test
  void schemaVersionFourFillsTheCountsOfAStoreThatHasEntities() {
    eachDatabase(
        db -> {
          try (JdbcEntityStore old = db.open(JdbcOptions.defaults())) {
            write(old, catalog(""));
            // back to schema version 3, as a database written before this version
            old.read(
                h -> {
                  h.execute("DROP TABLE gr_facet_counts");
                  h.execute("DROP TABLE gr_facet_keys");
                  h.execute("DELETE FROM gr_schema_version WHERE version = 4");
                  return null;
                });
            assertThat(old.schemaVersion()).isEqualTo(3);
            try (JdbcEntityStore migrated = db.open(JdbcOptions.defaults())) {
              assertThat(migrated.schemaVersion()).isEqualTo(4);
              assertCountsAgree(migrated);
              assertThat(migrated.facets(List.of("metadata.tags"), EntityPredicate.matchAll()).get("metadata.tags"))
                  .containsExactly(new FacetCount("Java", 8), new FacetCount("go", 8), new FacetCount("java", 8));
              write(migrated, catalog("-more"));
              assertCountsAgree(migrated);
            }
          }
        });
  }

  @Test
  void aStoreOpenedWithOtherKeysFillsThemAndDropsTheOthers() {
    eachDatabase(
        db -> {
          try (JdbcEntityStore first = db.open(JdbcOptions.defaults())) {
            write(first, catalog(""));
            JdbcOptions other = JdbcOptions.defaults().withFacetKeys(List.of("spec.type", "Relations.OwnerOf"));
            try (JdbcEntityStore second = db.open(other)) {
              List<String> keys = List.of("relations.ownerof", "spec.type");
              for (EntityPredicate f : FILTERS) {
                var counted = second.countedFacets(keys, f);
                assertThat(counted != null)
                    .isEqualTo(f.equals(EntityPredicate.matchAll()) || FacetCounts.kinds(f) != null);
                if (counted != null) {
                  assertThat(FacetPaths.sorted(counted)).isEqualTo(FacetPaths.sorted(second.computedFacets(keys, f)));
                }
              }
              assertThat(second.countedFacets(List.of("kind"), EntityPredicate.matchAll())).isNull();
              // the first store still answers right: its writes keep the database's keys
              write(first, catalog("-more"));
              assertThat(FacetPaths.sorted(second.countedFacets(keys, EntityPredicate.matchAll())))
                  .isEqualTo(FacetPaths.sorted(second.computedFacets(keys, EntityPredicate.matchAll())));
              assertThat(first.facets(List.of("kind"), EntityPredicate.matchAll()).get("kind"))
                  .extracting(FacetCount::count)
                  .containsExactly(20L, 20L, 5L, 20L);
            }
            try (JdbcEntityStore none = db.open(JdbcOptions.defaults().withFacetKeys(List.of()))) {
              assertThat(none.countedFacets(List.of("spec.type"), EntityPredicate.matchAll())).isNull();
              write(none, catalog("-third"));
              long rows = none.read(h -> h.createQuery("SELECT COUNT(*) FROM gr_facet_counts").mapTo(Long.class).one());
              assertThat(rows).isZero();
            }
          }
        });
  }

  @Test
  void deferredAndRestitchedRelationsKeepTheirCounts() {
    eachDatabase(
        db -> {
          JdbcOptions withOwnerOf =
              JdbcOptions.defaults().withFacetKeys(List.of("relations.ownerof", "relations.ownedby", "kind"));
          try (JdbcEntityStore store = db.open(withOwnerOf)) {
            List<Entity> all = catalog("");
            List<Entity> groups = all.subList(30, 35);
            write(store, groups);
            WriteBatch b = new WriteBatch().deferRestitch();
            all.subList(0, 30).forEach(e -> b.upsert(e, BuiltinRelations.of(e)));
            store.write(b);
            List<String> keys = List.of("kind", "relations.ownedby", "relations.ownerof");
            EntityPredicate groupsOnly = EntityFilters.parseLegacy(List.of("kind=group"));
            assertThat(store.countedFacets(keys, groupsOnly).get("relations.ownerof")).isEmpty();
            store.restitchDeferred(100);
            assertThat(store.countedFacets(keys, groupsOnly).get("relations.ownerof")).hasSize(30);
            for (EntityPredicate f : FILTERS) {
              var counted = store.countedFacets(keys, f);
              if (counted != null) {
                assertThat(FacetPaths.sorted(counted)).isEqualTo(FacetPaths.sorted(store.computedFacets(keys, f)));
              }
            }
            WriteBatch deletes = new WriteBatch();
            all.subList(0, 15).forEach(e -> deletes.delete(e.ref()));
            store.write(deletes);
            assertThat(FacetPaths.sorted(store.countedFacets(keys, groupsOnly)))
                .isEqualTo(FacetPaths.sorted(store.computedFacets(keys, groupsOnly)));
          }
        });
  }

  @Test
  void aBulkLoadOnH2KeepsTheCountsWhileItsIndexesAreDropped() {
    try (Db db = h2();
        JdbcEntityStore store = db.open(JdbcOptions.defaults())) {
      store.beginBulkLoad();
      write(store, catalog(""));
      assertCountsAgree(store);
      write(store, catalog("-b"));
      store.endBulkLoad();
      assertCountsAgree(store);
    }
  }
}
