package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.WriteResult;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory, H2 and PostgreSQL stores stitch the same batches into the same final entities, to
 * the byte: uid, orphan mark, status items, URL checks, relations (through deferred re-stitches
 * too) and etag. PostgreSQL joins when {@code greenroom.test.pg.url} is set, as for the other
 * store tests.
 */
class StitchingAcrossStoresTest {
  private final Map<String, EntityStore> stores = new LinkedHashMap<>();
  private final TreeSet<EntityRef> refs = new TreeSet<>();

  @BeforeEach
  void open() {
    stores.put("memory", new MemoryEntityStore());
    stores.put("h2", JdbcEntityStore.h2InMemory("stitch-across-stores"));
    if (!System.getProperty("greenroom.test.pg.url", "").isBlank()) {
      stores.put("postgresql", PostgresEntityStoreTest.freshStore());
    }
  }

  @AfterEach
  void close() {
    stores.values().forEach(EntityStore::close);
  }

  static Entity entity(String kind, String name, String metadataExtra, String spec) {
    return Entity.fromJson(Json.parse(("{'apiVersion':'backstage.io/v1alpha1','kind':'" + kind
        + "','metadata':{'name':'" + name + "'"
        + (metadataExtra.isEmpty() ? "" : "," + metadataExtra) + "},'spec':" + spec + "}")
        .replace('\'', '"')));
  }

  static WriteBatch.Upsert processed(Entity e, boolean orphan, StatusItem... errors) {
    return new WriteBatch.Upsert(e, BuiltinRelations.of(e), "state-" + e.ref().name(), orphan,
        List.of(errors));
  }

  /** Runs {@code step} on every store; the results, and then every entity, must be equal. */
  private WriteResult onEveryStore(Function<EntityStore, WriteResult> step) {
    Map<String, WriteResult> results = new LinkedHashMap<>();
    stores.forEach((name, store) -> results.put(name, step.apply(store)));
    WriteResult first = results.values().iterator().next();
    results.forEach((name, r) -> assertThat(r).as(name).isEqualTo(first));
    refs.addAll(first.added());
    Map<String, List<@Nullable String>> bodies = new LinkedHashMap<>();
    stores.forEach((name, store) -> {
      List<@Nullable String> json = new ArrayList<>();
      for (Entity e : store.getAll(List.copyOf(refs))) {
        json.add(e == null ? null : e.toJsonString());
      }
      bodies.put(name, json);
    });
    List<@Nullable String> expected = bodies.get("memory");
    bodies.forEach((name, json) -> assertThat(json).as(name).containsExactlyElementsOf(expected));
    return first;
  }

  @Test
  void everyStoreStitchesTheSameFinalEntities() {
    Entity team = entity("Group", "team-a", "", "{'type':'team','children':[]}");
    Entity api = entity("API", "pay-api", "'uid':'own-uid-ignored'",
        "{'type':'openapi','lifecycle':'production','owner':'team-a','definition':'x'}");
    Entity svc = entity("Component", "checkout",
        "'annotations':{'backstage.io/view-url':' JavaScript:alert(1)',"
            + "'backstage.io/edit-url':'https://git.example/edit'},'etag':'stale'",
        "{'type':'service','lifecycle':'production','owner':'team-a','providesApis':['pay-api'],"
            + "'dependsOn':['component:ledger']}");
    Entity ledger = entity("Component", "ledger", "",
        "{'type':'service','lifecycle':'production','owner':'group:default/team-a'}");
    WriteBatch bulk = new WriteBatch().deferRestitch()
        .upsert(processed(svc, false, StatusItem.processingError("InputError", "bad spec")))
        .upsert(processed(api, false))
        .upsert(processed(ledger, true));
    onEveryStore(s -> s.write(new WriteBatch().upsert(processed(team, false))));
    onEveryStore(s -> s.write(bulk)); // team-a's ownerOf relations wait for restitchDeferred
    assertThat(onEveryStore(s -> s.restitchDeferred(100)).changed()).isNotEmpty();
    Entity stitched = stores.get("memory").getAll(List.of(svc.ref())).get(0);
    assertThat(stitched.metadata().annotation("backstage.io/view-url"))
        .isEqualTo("https://backstage.io/annotation-rejected-for-security-reasons");
    assertThat(stitched.statusItems()).hasSize(1);

    // new processing outcomes: an owner change moves relations, an error goes, one is deleted,
    // one is written as it is (no uid given: its own, then kept)
    Entity svc2 = entity("Component", "checkout", "",
        "{'type':'service','lifecycle':'production','owner':'ledger-team'}");
    Entity plain = entity("Component", "tool", "'uid':'tool-own-uid'",
        "{'type':'library','owner':'team-a'}");
    onEveryStore(s -> s.write(new WriteBatch()
        .upsert(processed(svc2, true))
        .delete(api.ref())
        .upsert(plain, BuiltinRelations.of(plain))));
    for (EntityStore s : stores.values()) {
      assertThat(s.getAll(List.of(svc2.ref(), plain.ref())))
          .extracting(e -> e.metadata().uid()).containsExactly("state-checkout", "tool-own-uid");
    }
    assertThat(onEveryStore(s -> s.write(new WriteBatch().upsert(processed(svc2, true)))).isEmpty())
        .isTrue();
    assertThat(stores).hasSizeGreaterThanOrEqualTo(2);
  }
}
