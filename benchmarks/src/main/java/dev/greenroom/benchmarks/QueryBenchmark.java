package dev.greenroom.benchmarks;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.SyntheticCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query latency on the durable H2 file store holding the peer's synthetic catalog (100,000
 * entities by default), the same queries the Backstage peer was timed on (see
 * ../shared/backstage-peer/RESULTS.md): owner filter, {@code relations.ownedBy} filter, a
 * by-query page of 100, facets on {@code spec.type}, and get by ref (cached and uncached).
 * Queries run against the database ({@code uncached}: a catalog without its Caffeine caches)
 * unless the benchmark's name says "cached".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QueryBenchmark {
  @Param({"100000"})
  public int entities;

  private Path dir;
  private Catalog cached;
  private Catalog uncached;
  private EntityPredicate ownerFilter;
  private EntityPredicate ownedByFilter;
  private EntityPredicate componentFilter;
  private EntityRef sampleRef;

  /**
   * Loads the catalog into an H2 file once; later runs (and forks) reuse it. The folder is {@code
   * -Dgreenroom.bench.dir}, default {@code target/bench-data}.
   */
  @Setup(Level.Trial)
  public void load() throws IOException {
    dir = Path.of(System.getProperty("greenroom.bench.dir", "target/bench-data"));
    Files.createDirectories(dir);
    Path db = dir.resolve("catalog-" + entities);
    List<Entity> all = SyntheticCatalog.generate(entities, 42).stream().map(Entity::fromJson).toList();
    if (!Files.exists(dir.resolve("catalog-" + entities + ".mv.db"))) {
      Path tmp = dir.resolve("loading-" + entities);
      Loader.load(JdbcEntityStore.h2File(tmp), all, System.err);
      Loader.compactH2(tmp, System.err);
      Files.move(dir.resolve("loading-" + entities + ".mv.db"), dir.resolve("catalog-" + entities + ".mv.db"));
    }
    cached = Catalog.builder().store(JdbcEntityStore.h2File(db)).build();
    uncached = Catalog.builder().store(JdbcEntityStore.h2File(db)).cacheSize(0).build();
    Entity first = all.stream().filter(e -> e.kind().equals("Component")).findFirst().orElseThrow();
    String owner = first.specString("owner");
    ownerFilter = EntityFilters.parseLegacy(List.of("kind=component,spec.owner=" + owner));
    ownedByFilter =
        EntityFilters.parseLegacy(
            List.of(
                "kind=component,relations.ownedBy="
                    + EntityRef.parse(owner, "Group", "default")));
    componentFilter = EntityFilters.parseLegacy(List.of("kind=component"));
    sampleRef = first.ref();
  }

  @TearDown(Level.Trial)
  public void close() {
    cached.close();
    uncached.close();
  }

  /** {@code filter=kind=component,spec.owner=<raw owner>}, first page of 100 without a count. */
  @Benchmark
  public EntityPage ownerFilterPage() {
    return uncached.query(EntityQuery.of(ownerFilter).withLimit(100).withTotal(false));
  }

  /** The same with {@code totalItems} counted, as Backstage's by-query does by default. */
  @Benchmark
  public EntityPage ownerFilterPageWithTotal() {
    return uncached.query(EntityQuery.of(ownerFilter).withLimit(100));
  }

  /** {@code filter=kind=component,relations.ownedBy=group:default/<owner>}, page of 100. */
  @Benchmark
  public EntityPage ownedByFilterPage() {
    return uncached.query(EntityQuery.of(ownedByFilter).withLimit(100).withTotal(false));
  }

  /**
   * {@code /entities/by-query?limit=100}: the first page of everything, with the total, from the
   * database (the count is not cached here).
   */
  @Benchmark
  public EntityPage byQueryPage100() {
    return uncached.query(EntityQuery.of(EntityPredicate.matchAll()).withLimit(100));
  }

  /** {@code /entities/by-query?limit=100&orderField=metadata.name,asc}, without the total. */
  @Benchmark
  public EntityPage byQueryPage100OrderedByName() {
    return uncached.query(
        EntityQuery.of(EntityPredicate.matchAll())
            .withOrder(dev.greenroom.catalog.query.SortField.asc("metadata.name"))
            .withLimit(100)
            .withTotal(false));
  }

  /**
   * {@code /entities/by-query?limit=100&orderField=metadata.name,asc&filter=kind=component}, without
   * the total: a catalog table of components sorted by name.
   */
  @Benchmark
  public EntityPage componentsPage100OrderedByName() {
    return uncached.query(
        EntityQuery.of(componentFilter)
            .withOrder(dev.greenroom.catalog.query.SortField.asc("metadata.name"))
            .withLimit(100)
            .withTotal(false));
  }

  /**
   * {@code /entity-facets?facet=spec.type} over the whole catalog, as a catalog serves it: from the
   * aggregate cache, which every write through the catalog invalidates.
   */
  @Benchmark
  public Map<String, List<FacetCount>> facetsSpecType() {
    return cached.facets(List.of("spec.type"), EntityPredicate.matchAll());
  }

  /** The same facets computed by the database on every call (no cache). */
  @Benchmark
  public Map<String, List<FacetCount>> facetsSpecTypeUncached() {
    return uncached.facets(List.of("spec.type"), EntityPredicate.matchAll());
  }

  /**
   * {@code /entity-facets?facet=spec.type&filter=kind=component} computed on every call: the type
   * picker of a catalog page.
   */
  @Benchmark
  public Map<String, List<FacetCount>> facetsSpecTypeOfComponentsUncached() {
    return uncached.facets(List.of("spec.type"), componentFilter);
  }

  /** Get by ref through the Caffeine cache. */
  @Benchmark
  public Optional<Entity> getByRefCached() {
    return cached.entity(sampleRef);
  }

  /** Get by ref from the database. */
  @Benchmark
  public Optional<Entity> getByRefUncached() {
    return uncached.entity(sampleRef);
  }

}
