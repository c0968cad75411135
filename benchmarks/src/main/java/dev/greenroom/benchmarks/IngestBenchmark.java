package dev.greenroom.benchmarks;

import dev.greenroom.catalog.io.EntityWriter;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.state.MemoryProcessingState;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import dev.greenroom.testsupport.SettableClock;
import dev.greenroom.testsupport.SyntheticCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/**
 * End-to-end ingestion through the catalog processing engine ({@link CatalogEngine}), on the
 * Backstage peer's synthetic catalog, the way {@code ../shared/backstage-peer/measure.mjs} times
 * the real backend: the files {@code gen-catalog.mjs N DIR 42} writes (one {@code <kind>-NNN.yaml}
 * per 1,000 entities of a kind, {@code location.yaml} with one Location entity per data file), one
 * configured {@code file} location pointing at {@code location.yaml}, rules allowing every kind.
 *
 * <p>Phase 1 ("ingest") is timed from {@code build()} until the engine is idle, the catalog counts
 * every entity (N, plus the data files' Location entities, plus the configured location's own) and
 * the relations of all final entities add up to the distinct (source, type, target) edges that
 * {@link BuiltinRelations#of} gives for the generated entities (8,120 at 1,000; 80,330 at 10,000).
 * Phase 2 ("reprocess") closes that engine, moves the clock an hour on, so every entity is due
 * again, and times a second engine on the same stores (a restart) from {@code build()} until it is
 * idle again after one pass over the unchanged catalog, counting the catalog events it causes
 * with a listener (expected 0). Phase 1 runs without a listener unless {@code --events} is given:
 * with one, the loop reads every stitched entity back to publish its event.
 *
 * <p>The engine runs with {@code processingDisabled()}: {@link CatalogEngine#awaitIdle} does the
 * loop's ticks on the calling thread (claims of 500, processors on the engine's worker pool,
 * stitching in batches of 1,000), with no poll sleeps. The clock stands still during phase 1, so
 * nothing is re-processed while the catalog is still coming in (like the peer's {@code --quiet}).
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.IngestBenchmark h2 1000,10000
 * </pre>
 *
 * Backends: {@code h2} (an H2 file under {@code benchmarks/target/bench-data}, entities and
 * processing state on one pool), {@code pg} (PostgreSQL, a fresh schema per run, dropped after;
 * {@code -Dgreenroom.bench.pg=jdbc:postgresql://...}) and {@code memory}. Options: {@code
 * --timeout=SECONDS} per phase (default 900), {@code --keep} keeps the H2 file and the pg schema,
 * {@code --events} counts phase 1's events too.
 */
public final class IngestBenchmark {
  private static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final int PER_FILE = 1_000;
  private static final List<String> KINDS =
      List.of("Domain", "Group", "User", "System", "API", "Resource", "Component");

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(900);
    boolean keep = false;
    boolean ingestEvents = false;
    for (String a : args) {
      if (a.startsWith("--timeout=")) {
        timeout = Duration.ofSeconds(Long.parseLong(a.substring("--timeout=".length())));
      } else if (a.equals("--keep")) {
        keep = true;
      } else if (a.equals("--events")) {
        ingestEvents = true;
      } else {
        positional.add(a);
      }
    }
    if (positional.size() != 2 || !Set.of("h2", "pg", "memory").contains(positional.get(0))) {
      System.err.println(
          "usage: IngestBenchmark h2|pg|memory N[,N...] [--timeout=SECONDS] [--keep] [--events]");
      System.exit(2);
    }
    String backend = positional.get(0);
    Path benchDir = benchDir();
    for (String n : positional.get(1).split(",")) {
      Result r = run(backend, Integer.parseInt(n.trim().replace("_", "")), benchDir, timeout, keep,
          ingestEvents);
      System.out.println(r.line());
      System.out.println(r.json());
    }
  }

  static Path benchDir() throws IOException {
    String configured = System.getProperty("greenroom.bench.dir");
    Path dir;
    if (configured != null) {
      dir = Path.of(configured);
    } else if (Files.isDirectory(Path.of("benchmarks", "target"))) {
      dir = Path.of("benchmarks", "target", "bench-data");
    } else {
      dir = Path.of("target", "bench-data");
    }
    return Files.createDirectories(dir).toAbsolutePath();
  }

  // ------------------------------------------------------------------------------- the catalog

  /** What the written catalog must become. */
  record Expected(int entities, int dataFiles, long relations) {
    /** N, the data files' Location entities and the configured location's own. */
    long total() {
      return entities + dataFiles + 1L;
    }
  }

  /**
   * Writes {@code gen-catalog.mjs n dir 42}'s files: {@code <kind>-NNN.yaml} (at most 1,000
   * entities each, kinds in the generator's order) and {@code location.yaml}.
   */
  static Expected writeCatalog(int n, Path dir) throws IOException {
    List<Entity> all = SyntheticCatalog.generate(n, 42).stream().map(Entity::fromJson).toList();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    Map<String, List<Entity>> byKind = new LinkedHashMap<>();
    KINDS.forEach(k -> byKind.put(k, new ArrayList<>()));
    Set<String> edges = new HashSet<>();
    for (Entity e : all) {
      byKind.get(e.kind()).add(e);
      for (RelationEdge edge : BuiltinRelations.of(e)) {
        edges.add(edge.source() + " " + edge.type() + " " + edge.target());
      }
    }
    List<String> targets = new ArrayList<>();
    for (Map.Entry<String, List<Entity>> kind : byKind.entrySet()) {
      List<Entity> list = kind.getValue();
      for (int f = 0; f * PER_FILE < list.size(); f++) {
        String file = String.format(Locale.ROOT, "%s-%03d.yaml", kind.getKey().toLowerCase(Locale.ROOT), f);
        List<Entity> part = list.subList(f * PER_FILE, Math.min(list.size(), (f + 1) * PER_FILE));
        Files.writeString(dir.resolve(file), EntityWriter.toYaml(part), StandardCharsets.UTF_8);
        targets.add("./" + file);
      }
    }
    List<Entity> locations = new ArrayList<>();
    for (String t : targets) {
      ObjectNode loc = Json.object().put("apiVersion", "backstage.io/v1alpha1").put("kind", "Location");
      loc.putObject("metadata")
          .put("name", "generated-" + t.substring(2, t.length() - 5))
          .put("description", "Part of a synthetic catalog of " + n + " entities");
      loc.putObject("spec").putArray("targets").add(t);
      locations.add(Entity.fromJson(loc));
    }
    Files.writeString(dir.resolve("location.yaml"), EntityWriter.toYaml(locations), StandardCharsets.UTF_8);
    return new Expected(n, targets.size(), edges.size());
  }

  // ------------------------------------------------------------------------------------ a run

  /** Counts catalog events. */
  static final class Events implements CatalogListener {
    final AtomicLong added = new AtomicLong();
    final AtomicLong changed = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();

    @Override
    public void onEvent(CatalogEvent event) {
      if (event instanceof CatalogEvent.EntityAdded) {
        added.incrementAndGet();
      } else if (event instanceof CatalogEvent.EntityChanged) {
        changed.incrementAndGet();
      } else if (event instanceof CatalogEvent.EntityRemoved) {
        removed.incrementAndGet();
      } else if (event instanceof CatalogEvent.ProcessingFailed f) {
        if (failed.incrementAndGet() <= 5) {
          System.err.println("processing failed: " + f.ref() + " " + f.errors());
        }
      } else if (event instanceof CatalogEvent.Conflict c) {
        if (conflicts.incrementAndGet() <= 5) {
          System.err.println("conflict: " + c);
        }
      }
    }

    long catalogEvents() {
      return added.get() + changed.get() + removed.get();
    }

    void reset() {
      added.set(0);
      changed.set(0);
      removed.set(0);
      failed.set(0);
      conflicts.set(0);
    }

    String describe() {
      return String.format(Locale.ROOT, "{\"added\":%d,\"changed\":%d,\"removed\":%d,\"failed\":%d,\"conflicts\":%d}",
          added.get(), changed.get(), removed.get(), failed.get(), conflicts.get());
    }
  }

  /** The stores of one run, and how to clean up after them. */
  record Backend(EntityStore store, ProcessingStateStore state, Runnable cleanup, String where) {}

  static Backend open(String backend, int n, Path benchDir, boolean keep) throws IOException {
    String stamp = Long.toString(System.currentTimeMillis(), 36);
    switch (backend) {
      case "memory":
        return new Backend(new MemoryEntityStore(), new MemoryProcessingState(), () -> {}, "memory");
      case "h2": {
        Path dir = Files.createDirectories(benchDir.resolve("ingest-h2-" + n + "-" + stamp));
        JdbcEntityStore store = JdbcEntityStore.h2File(dir.resolve("catalog"));
        JdbcProcessingState state = JdbcProcessingState.create(store.dataSource());
        return new Backend(store, state, () -> {
          if (!keep) {
            deleteTree(dir);
          }
        }, dir.toString());
      }
      case "pg": {
        String url = System.getProperty("greenroom.bench.pg", DEFAULT_PG);
        String schema = "gr_ingest_" + n + "_" + stamp;
        sql(url, "CREATE SCHEMA " + schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        JdbcEntityStore store = JdbcEntityStore.postgres(schemaUrl);
        JdbcProcessingState state = JdbcProcessingState.create(store.dataSource());
        return new Backend(store, state, () -> {
          if (!keep) {
            sql(url, "DROP SCHEMA " + schema + " CASCADE");
          }
        }, schemaUrl);
      }
      default:
        throw new IllegalArgumentException(backend);
    }
  }

  private static void sql(String url, String statement) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Result(
      String backend,
      int n,
      Expected expected,
      boolean finished,
      double seconds,
      double idleSeconds,
      long entitiesSeen,
      long relationsSeen,
      double cpuSeconds,
      double serverCpuSeconds,
      long peakHeapPools,
      long peakHeapSampled,
      long heapAfterGc,
      long peakRss,
      boolean rssReset,
      String ingestEvents,
      double reprocessSeconds,
      long reprocessDue,
      long reprocessCatalogEvents,
      String reprocessEvents,
      List<String> progress) {
    double rate() {
      return n / seconds;
    }

    String line() {
      if (!finished) {
        return String.format(Locale.ROOT,
            "ingest %s N=%,d: NOT FINISHED after %.1f s: %,d of %,d entities in the catalog; progress %s",
            backend, n, seconds, entitiesSeen, expected.total(), progress);
      }
      return String.format(Locale.ROOT,
          "ingest %s N=%,d: %.2f s (%,.0f entities/s; idle after %.2f s; CPU %.1f s%s), %,d entities"
              + " (%,d with locations), %,d relations; peak heap %d MiB (pool peaks; sampled %d MiB,"
              + " %d MiB after GC), peak RSS %d MiB%s; reprocess %,d due: %.2f s, %d catalog events %s",
          backend, n, seconds, rate(), idleSeconds, cpuSeconds,
          Double.isNaN(serverCpuSeconds) ? ""
              : String.format(Locale.ROOT, "; PostgreSQL server CPU %.1f s", serverCpuSeconds),
          n, entitiesSeen, relationsSeen,
          mib(peakHeapPools), mib(peakHeapSampled), mib(heapAfterGc), mib(peakRss),
          rssReset ? "" : " (not reset: process peak)", reprocessDue, reprocessSeconds,
          reprocessCatalogEvents, reprocessEvents);
    }

    String json() {
      return String.format(Locale.ROOT,
          "{\"benchmark\":\"ingest\",\"backend\":\"%s\",\"n\":%d,\"finished\":%s,"
              + "\"expectedEntities\":%d,\"expectedRelations\":%d,\"dataFiles\":%d,"
              + "\"seconds\":%.3f,\"idleSeconds\":%.3f,\"entitiesPerSecond\":%.1f,\"cpuSeconds\":%.2f,"
              + "\"serverCpuSeconds\":%s,\"entitiesSeen\":%d,\"relationsSeen\":%d,\"peakHeapMiB\":%d,\"sampledHeapMaxMiB\":%d,"
              + "\"heapAfterGcMiB\":%d,\"peakRssMiB\":%d,\"rssReset\":%s,\"ingestEvents\":%s,"
              + "\"reprocessSeconds\":%.3f,\"reprocessDue\":%d,\"reprocessCatalogEvents\":%d,"
              + "\"reprocessEvents\":%s,\"maxHeapMiB\":%d,\"java\":\"%s\",\"cores\":%d}",
          backend, n, finished, expected.total(), expected.relations(), expected.dataFiles(),
          seconds, idleSeconds, finished ? rate() : 0.0, cpuSeconds,
          Double.isNaN(serverCpuSeconds) ? "null"
              : String.format(Locale.ROOT, "%.2f", serverCpuSeconds),
          entitiesSeen, relationsSeen,
          mib(peakHeapPools), mib(peakHeapSampled), mib(heapAfterGc), mib(peakRss), rssReset,
          ingestEvents, reprocessSeconds, reprocessDue, reprocessCatalogEvents, reprocessEvents,
          mib(Runtime.getRuntime().maxMemory()), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
    }
  }

  static Result run(String backendName, int n, Path benchDir, Duration timeout, boolean keep,
      boolean ingestEvents) throws Exception {
    Path catalogDir = benchDir.resolve("ingest-catalog-" + n);
    Expected expected = writeCatalog(n, catalogDir);
    System.err.printf(Locale.ROOT, "wrote %,d entities in %d files + location.yaml to %s; expecting %,d"
        + " catalog entities and %,d relations%n", n, expected.dataFiles(), catalogDir,
        expected.total(), expected.relations());
    System.gc();

    Backend backend = open(backendName, n, benchDir, keep);
    Events events = new Events();
    SettableClock clock = new SettableClock(Instant.now());
    HeapSampler sampler = new HeapSampler();
    boolean rssReset = resetPeaks();
    ServerCpu server = backend.store() instanceof JdbcEntityStore jdbc && backendName.equals("pg")
        ? ServerCpu.postgres(jdbc.dataSource()) : null;
    double server0 = server == null ? Double.NaN : server.seconds();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    String location = catalogDir.resolve("location.yaml").toString();
    CatalogEngine engine = engine(backend, location, clock, ingestEvents ? events : null);
    List<String> progress = new ArrayList<>();
    try {
      engine.start();
      long deadline = t0 + timeout.toNanos();
      long lastReport = t0;
      boolean idle = false;
      long seen = 0;
      long relations = 0;
      double idleSeconds = 0;
      boolean finished = false;
      while (System.nanoTime() < deadline) {
        idle = engine.awaitIdle(Duration.ofSeconds(5));
        long now = System.nanoTime();
        if (now - lastReport >= 60_000_000_000L || (!idle && progress.isEmpty() && now - t0 > 30_000_000_000L)) {
          lastReport = now;
          long inCatalog = engine.catalog().count(EntityPredicate.matchAll());
          progress.add(String.format(Locale.ROOT, "%.0fs:%d", (now - t0) / 1e9, inCatalog));
          System.err.printf(Locale.ROOT, "  ... %.0f s: %,d entities in the catalog, %,d in the"
              + " processing state%n", (now - t0) / 1e9, inCatalog, backend.state().size());
        }
        if (!idle) {
          continue;
        }
        idleSeconds = (System.nanoTime() - t0) / 1e9;
        seen = engine.catalog().count(EntityPredicate.matchAll());
        if (seen == expected.total()) {
          long[] sum = {0};
          engine.catalog().forEach(EntityPredicate.matchAll(), null, e -> sum[0] += e.relations().size());
          relations = sum[0];
          if (relations == expected.relations()) {
            finished = true;
            break;
          }
        }
        System.err.printf(Locale.ROOT, "idle but not complete: %,d entities, %,d relations%n", seen, relations);
        Thread.sleep(100);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      double serverCpuSeconds = server == null ? Double.NaN : server.seconds() - server0;
      long peakPools = heapPoolPeaks();
      long peakSampled = sampler.stop();
      long peakRss = vmHwm();
      String phase1Events = ingestEvents ? events.describe() : "null";
      if (!finished) {
        seen = engine.catalog().count(EntityPredicate.matchAll());
        return new Result(backendName, n, expected, false, seconds, idleSeconds, seen, relations,
            cpuSeconds, serverCpuSeconds, peakPools, peakSampled, -1, peakRss, rssReset, phase1Events, -1, -1, -1,
            "{}", progress);
      }
      System.gc();
      long afterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

      // Phase 2: a second engine on the same stores (a restart), an hour later: every entity is
      // due again and nothing changed in the files. Its listener counts the catalog events.
      engine.close();
      events.reset();
      clock.advance(Duration.ofHours(1));
      long due = backend.state().dueCount(clock.instant());
      long t1 = System.nanoTime();
      engine = engine(backend, location, clock, events);
      engine.start();
      boolean idle2 = engine.awaitIdle(timeout);
      double reprocessSeconds = (System.nanoTime() - t1) / 1e9;
      if (!idle2) {
        System.err.println("reprocessing did not finish within " + timeout);
      }
      return new Result(backendName, n, expected, true, seconds, idleSeconds, seen, relations,
          cpuSeconds, serverCpuSeconds, peakPools, peakSampled, afterGc, peakRss, rssReset, phase1Events,
          idle2 ? reprocessSeconds : -reprocessSeconds, due, events.catalogEvents(),
          events.describe(), progress);
    } finally {
      sampler.stop();
      engine.close();
      if (server != null) {
        server.close();
      }
      backend.state().close();
      backend.store().close();
      backend.cleanup().run();
    }
  }

  /**
   * An engine over the run's stores (which it does not close), with the run's clock, reading the
   * one configured location; {@code listener} may be null (no listener: the loop then skips
   * reading back stitched entities for events).
   */
  private static CatalogEngine engine(
      Backend backend, String location, Clock clock, CatalogListener listener) {
    CatalogEngine.Builder b = CatalogEngine.builder()
        .store(backend.store())
        .state(backend.state())
        .closeStores(false)
        .location("file", location)
        .rules(CatalogRules.allowAll())
        .processingDisabled()
        .bulkLoad(!Boolean.getBoolean("greenroom.bench.noBulkLoad"))
        .clock(clock);
    if (listener != null) {
      b.listener(listener);
    }
    return b.build();
  }

  // ----------------------------------------------------------------------------------- memory

  /** Resets the heap pools' peaks and the kernel's VmHWM; false when VmHWM could not be reset. */
  private static boolean resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The sum of the heap pools' peak usage since the reset (an upper bound of the heap's peak). */
  private static long heapPoolPeaks() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Samples the used heap every 20 ms on a daemon thread. */
  static final class HeapSampler {
    private final AtomicLong max = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    HeapSampler() {
      thread = new Thread(() -> {
        while (running) {
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          max.accumulateAndGet(used, Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long stop() {
      running = false;
      return max.get();
    }
  }

  /** VmHWM of this process, in bytes; -1 when /proc is not there. */
  private static long vmHwm() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static long mib(long bytes) {
    return bytes < 0 ? -1 : Math.round(bytes / (1024.0 * 1024.0));
  }
}
