package dev.greenroom.benchmarks;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPage;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityQuery;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.SyntheticCatalog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server CPU per owner-filtered page, in process: the catalog call behind {@code GET
 * /api/catalog/entities/by-query?filter=kind=component,spec.owner=<owner>&limit=100} ({@code
 * totalItems} counted), on the durable H2 file store holding the peer's synthetic catalog, through
 * a {@link Catalog} built as {@code serve} builds it (its default caches in front of the store).
 * Owners are drawn uniformly at random from the components' owners for each call, as {@code
 * benchmarks/wrk/owner-page.lua} does.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.OwnerPageBenchmark [N] [threads] [warmup s] [measured s]
 * </pre>
 *
 * Defaults: 20,000 entities, 2 threads, 10 s of warm-up (after one call per owner, which fills the
 * catalog's count cache as a running server's is), 20 s measured. The H2 file is loaded once
 * into {@code -Dgreenroom.bench.dir} (default {@code target/bench-data}, shared with {@link
 * QueryBenchmark}) and reused. Prints calls/s and CPU microseconds per call: of the calling
 * threads (ThreadMXBean) and of the whole process (which adds GC and JIT). The machine's load
 * changes wall time much more than CPU time: compare builds by CPU per call, alternating runs.
 */
public final class OwnerPageBenchmark {
  private OwnerPageBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    List<Entity> all = SyntheticCatalog.generate(n, 42).stream().map(Entity::fromJson).toList();
    Path db = h2File(n, all);
    TreeSet<String> ownerSet = new TreeSet<>();
    for (Entity e : all) {
      if (e.kind().equals("Component") && e.specString("owner") != null) {
        ownerSet.add(e.specString("owner"));
      }
    }
    List<EntityPredicate> filters = new ArrayList<>();
    for (String owner : ownerSet) {
      filters.add(EntityFilters.parseLegacy(List.of("kind=component,spec.owner=" + owner)));
    }
    System.out.printf(Locale.ROOT, "%,d entities, %,d owners, %d threads%n", n, filters.size(), threads);
    try (Catalog catalog = Catalog.builder().store(JdbcEntityStore.h2File(db)).build()) {
      // every owner once first, so that the measured calls meet warm caches as a server's do
      for (EntityPredicate f : filters) {
        catalog.query(EntityQuery.of(f).withLimit(100));
      }
      run(catalog, filters, threads, warmup, "warm-up");
      run(catalog, filters, threads, seconds, "measured");
    }
  }

  /**
   * The H2 file of the synthetic catalog of {@code n} entities, loaded on the first call (the
   * catalog generated only then).
   */
  static Path h2File(int n) throws IOException {
    Path dir = Path.of(System.getProperty("greenroom.bench.dir", "target/bench-data"));
    if (Files.exists(dir.resolve("catalog-" + n + ".mv.db"))) {
      return dir.resolve("catalog-" + n);
    }
    return h2File(n, SyntheticCatalog.generate(n, 42).stream().map(Entity::fromJson).toList());
  }

  /** Loads the synthetic catalog into an H2 file once, as {@link QueryBenchmark} does. */
  private static Path h2File(int n, List<Entity> all) throws IOException {
    Path dir = Path.of(System.getProperty("greenroom.bench.dir", "target/bench-data"));
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve("catalog-" + n + ".mv.db"))) {
      Path tmp = dir.resolve("loading-" + n);
      Loader.load(JdbcEntityStore.h2File(tmp), all, System.err);
      Loader.compactH2(tmp, System.err);
      Files.move(dir.resolve("loading-" + n + ".mv.db"), dir.resolve("catalog-" + n + ".mv.db"));
    }
    return dir.resolve("catalog-" + n);
  }

  private static void run(
      Catalog catalog, List<EntityPredicate> filters, int threads, int seconds, String what)
      throws InterruptedException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    AtomicLong items = new AtomicLong();
    AtomicLong threadCpu = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    long cpu0 = IngestBenchmark.processCpuNanos();
    long t0 = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                long c0 = mx.getCurrentThreadCpuTime();
                long k = 0;
                long got = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                  EntityPredicate f = filters.get(random.nextInt(filters.size()));
                  EntityPage page = catalog.query(EntityQuery.of(f).withLimit(100));
                  got += page.entities().size();
                  k++;
                }
                threadCpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                calls.addAndGet(k);
                items.addAndGet(got);
              },
              "owner-page-" + i);
      workers.add(t);
      t.start();
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread t : workers) {
      t.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu = IngestBenchmark.processCpuNanos() - cpu0;
    long k = calls.get();
    System.out.printf(
        Locale.ROOT,
        "%-8s %,9d calls in %.1f s: %,7.0f calls/s; CPU per call %.1f µs (calling threads), %.1f µs"
            + " (process); %.1f entities per page%n",
        what, k, wall, k / wall, threadCpu.get() / 1e3 / k, cpu / 1e3 / k, (double) items.get() / k);
  }
}
