package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A manual scale probe, not a benchmark (JMH lives in the benchmarks module): loads {@code
 * -Dgreenroom.scale=N} generated entities into in-memory H2 (or PostgreSQL with {@code
 * -Dgreenroom.scale.pg=true}), prints load and query times and the plans of the main queries.
 * Skipped unless the property is set; asserts results, never timings.
 *
 * <pre>{@code mvn -o -q -pl catalog-core test -Dtest=JdbcScaleProbeTest -Dgreenroom.scale=100000}</pre>
 */
class JdbcScaleProbeTest {
  private static final List<String> TYPES = List.of("service", "website", "library");
  private static final List<String> LIFECYCLES = List.of("production", "experimental", "deprecated");
  private static final List<String> TAGS = List.of("java", "go", "python", "kafka", "internal", "public");

  static List<Entity> generate(int n) {
    Random rnd = new Random(42);
    int groups = Math.max(2, n * 3 / 100);
    int users = n * 15 / 100;
    List<Entity> out = new ArrayList<>(n);
    for (int i = 0; i < groups; i++) {
      ObjectNode spec = Json.object().put("type", "team");
      if (i > 0) {
        spec.put("parent", String.format("team-%05d", rnd.nextInt(i)));
      }
      spec.putArray("children");
      out.add(entity("Group", String.format("team-%05d", i), spec, List.of()));
    }
    for (int i = 0; i < users; i++) {
      ObjectNode spec = Json.object();
      spec.putArray("memberOf").add(String.format("team-%05d", rnd.nextInt(groups)));
      spec.putObject("profile").put("displayName", "User " + i).put("email", "u" + i + "@example.com");
      out.add(entity("User", String.format("user-%06d", i), spec, List.of()));
    }
    for (int i = out.size(); i < n; i++) {
      boolean api = rnd.nextInt(5) == 0;
      ObjectNode spec =
          Json.object()
              .put("type", api ? "openapi" : TYPES.get(rnd.nextInt(TYPES.size())))
              .put("lifecycle", LIFECYCLES.get(rnd.nextInt(LIFECYCLES.size())))
              .put("owner", String.format("team-%05d", rnd.nextInt(groups)));
      if (!api) {
        var deps = spec.putArray("dependsOn");
        for (int d = rnd.nextInt(3); d > 0; d--) {
          deps.add(String.format("component:comp-%06d", rnd.nextInt(n)));
        }
      }
      List<String> tags = new ArrayList<>();
      for (int t = rnd.nextInt(3); t > 0; t--) {
        String tag = TAGS.get(rnd.nextInt(TAGS.size()));
        if (!tags.contains(tag)) {
          tags.add(tag);
        }
      }
      out.add(entity(api ? "API" : "Component", String.format(api ? "api-%06d" : "comp-%06d", i), spec, tags));
    }
    return out;
  }

  private static Entity entity(String kind, String name, ObjectNode spec, List<String> tags) {
    ObjectNode root = Json.object().put("apiVersion", "backstage.io/v1alpha1").put("kind", kind);
    ObjectNode meta = root.putObject("metadata").put("name", name).put("namespace", "default");
    meta.put("description", "Generated " + kind.toLowerCase() + " " + name + " for the scale probe");
    meta.putObject("annotations").put("backstage.io/source-location", "url:https://example.com/" + name);
    if (!tags.isEmpty()) {
      var arr = meta.putArray("tags");
      tags.forEach(arr::add);
    }
    root.set("spec", spec);
    return Entity.fromJson(root);
  }

  /** Runs the probe outside Maven: {@code java -Dgreenroom.scale=N -cp ... JdbcScaleProbeTest}. */
  public static void main(String[] args) {
    new JdbcScaleProbeTest().loadAndQuery();
  }

  @Test
  void loadAndQuery() {
    int n = Integer.getInteger("greenroom.scale", 0);
    assumeTrue(n > 0, "set -Dgreenroom.scale=N to run the scale probe");
    List<Entity> entities = generate(n);
    boolean pg = Boolean.getBoolean("greenroom.scale.pg");
    try (JdbcEntityStore store =
        pg
            ? JdbcEntityStore.postgres(System.getProperty("greenroom.test.pg.url"))
            : JdbcEntityStore.h2InMemory("scale-probe")) {
      if (pg) {
        store.write(deleteAll(store));
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < entities.size(); i += 1000) {
        WriteBatch b = new WriteBatch();
        for (Entity e : entities.subList(i, Math.min(entities.size(), i + 1000))) {
          b.upsert(e, BuiltinRelations.of(e));
        }
        store.write(b);
      }
      System.out.printf("%s: loaded %d entities in %d ms%n", store.dialectName(), n, (System.nanoTime() - t0) / 1_000_000);
      assertThat(store.size()).isEqualTo(n);
      if (pg) {
        store.analyze();
      }
      if (Boolean.getBoolean("greenroom.scale.loadOnly")) {
        return;
      }

      String owner = "team-00042";
      EntityPredicate kindOwner =
          EntityPredicate.all(List.of(EntityPredicate.eq("kind", "component"), EntityPredicate.eq("spec.owner", owner)));
      EntityPredicate ownedBy = EntityPredicate.eq("relations.ownedby", "group:default/" + owner);
      EntityPredicate components = EntityPredicate.eq("kind", "component");
      time("kind+owner page 100", () -> store.scan(ScanRequest.of(kindOwner, 100)).entities().size());
      time("ownedby page 100", () -> store.scan(ScanRequest.of(ownedBy, 100)).entities().size());
      time("kind=component page 100", () -> store.scan(ScanRequest.of(components, 100)).entities().size());
      time(
          "kind+owner by name page 100",
          () ->
              store.scan(new ScanRequest(kindOwner, null, List.of(SortField.asc("metadata.name")), true, null, 0, 100))
                  .entities().size());
      time(
          "kind=component by name page 100",
          () ->
              store.scan(new ScanRequest(components, null, List.of(SortField.asc("metadata.name")), true, null, 0, 100))
                  .entities().size());
      time("count kind=component", () -> (int) store.count(ScanRequest.of(components, 0)));
      time("facets spec.type (all)", () -> store.facets(List.of("spec.type"), EntityPredicate.matchAll()).size());
      time("facets spec.type (components)", () -> store.facets(List.of("spec.type"), components).size());
      time("facets metadata.tags (kind+owner)", () -> store.facets(List.of("metadata.tags"), kindOwner).size());
      time("get by ref", () -> store.get(EntityRef.parse("component:default/comp-050000")).isPresent() ? 1 : 0);
      time("relationsTo group", () -> store.relationsTo(List.of(EntityRef.parse("group:default/" + owner))).size());
      for (String line : store.explainScan(ScanRequest.of(kindOwner, 100))) {
        System.out.println("PLAN kind+owner: " + line);
      }
      for (String line : store.explainScan(ScanRequest.of(components, 100))) {
        System.out.println("PLAN kind=component: " + line);
      }
    }
  }

  private static WriteBatch deleteAll(JdbcEntityStore store) {
    WriteBatch b = new WriteBatch();
    for (var e : store.scan(ScanRequest.of(EntityPredicate.matchAll(), 1_000_000)).entities()) {
      b.delete(e.ref());
    }
    return b;
  }

  private static void time(String what, Supplier<Integer> q) {
    int result = 0;
    for (int i = 0; i < 5; i++) {
      result = q.get(); // warm up
    }
    long best = Long.MAX_VALUE;
    long total = 0;
    for (int i = 0; i < 20; i++) {
      long t = System.nanoTime();
      q.get();
      long d = System.nanoTime() - t;
      best = Math.min(best, d);
      total += d;
    }
    System.out.printf("%-36s result %6d  best %7.2f ms  mean %7.2f ms%n", what, result, best / 1e6, total / 20 / 1e6);
  }
}
