package dev.greenroom.benchmarks;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.SortField;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.SyntheticCatalog;
import java.util.List;
import java.util.function.Supplier;

/**
 * A scale probe of the JDBC catalog store, not a benchmark: loads N entities of the {@link
 * SyntheticCatalog} into in-memory H2 (or PostgreSQL with {@code --pg <jdbc url>}), prints load
 * and query times (best and mean of 20 after 5 warm-ups) and the plans of the main queries.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.ScaleProbe 100000
 * [--pg jdbc:postgresql://127.0.0.1:5432/test?user=postgres] [--load-only]}</pre>
 */
public final class ScaleProbe {
  private ScaleProbe() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: ScaleProbe <entities> [--pg <jdbc url>] [--load-only]");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    String pgUrl = null;
    boolean loadOnly = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--pg") && i + 1 < args.length) {
        pgUrl = args[++i];
      } else if (args[i].equals("--load-only")) {
        loadOnly = true;
      }
    }
    run(SyntheticCatalog.generate(n, 42).stream().map(Entity::fromJson).toList(), pgUrl, loadOnly);
  }

  static void run(List<Entity> entities, String pgUrl, boolean loadOnly) {
    boolean pg = pgUrl != null;
    int n = entities.size();
    try (JdbcEntityStore store =
        pg ? JdbcEntityStore.postgres(pgUrl) : JdbcEntityStore.h2InMemory("scale-probe")) {
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
      System.out.printf("%s: loaded %d entities in %d ms%n", store.dialectName(), n,
          (System.nanoTime() - t0) / 1_000_000);
      if (store.size() != n) {
        throw new IllegalStateException("stored " + store.size() + " entities, not " + n);
      }
      if (pg) {
        store.analyze();
      }
      if (loadOnly) {
        return;
      }
      Entity someComponent = entities.stream().filter(e -> e.kind().equals("Component"))
          .findFirst().orElseThrow();
      String ownerRef = someComponent.toJson().path("spec").path("owner").asString();
      EntityRef owner = EntityRef.parse(ownerRef, "group", null);
      EntityPredicate kindOwner = EntityPredicate.all(List.of(
          EntityPredicate.eq("kind", "component"), EntityPredicate.eq("spec.owner", ownerRef)));
      EntityPredicate ownedBy = EntityPredicate.eq("relations.ownedby", owner.toString());
      EntityPredicate components = EntityPredicate.eq("kind", "component");
      time("kind+owner page 100", () -> store.scan(ScanRequest.of(kindOwner, 100)).entities().size());
      time("ownedby page 100", () -> store.scan(ScanRequest.of(ownedBy, 100)).entities().size());
      time("kind=component page 100", () -> store.scan(ScanRequest.of(components, 100)).entities().size());
      time("kind+owner by name page 100", () -> store.scan(new ScanRequest(kindOwner, null,
          List.of(SortField.asc("metadata.name")), true, null, 0, 100)).entities().size());
      time("kind=component by name page 100", () -> store.scan(new ScanRequest(components, null,
          List.of(SortField.asc("metadata.name")), true, null, 0, 100)).entities().size());
      time("count kind=component", () -> (int) store.count(ScanRequest.of(components, 0)));
      time("facets spec.type (all)", () -> store.facets(List.of("spec.type"), EntityPredicate.matchAll()).size());
      time("facets spec.type (components)", () -> store.facets(List.of("spec.type"), components).size());
      time("facets metadata.tags (kind+owner)", () -> store.facets(List.of("metadata.tags"), kindOwner).size());
      time("get by ref", () -> store.get(someComponent.ref()).isPresent() ? 1 : 0);
      time("relationsTo group", () -> store.relationsTo(List.of(owner)).size());
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
