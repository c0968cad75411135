package dev.greenroom.benchmarks;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.search.SearchEngine;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What search's scheduled re-collation of the catalog costs: a {@link SearchEngine} with the
 * catalog's collator only ({@code software-catalog}, as {@code serve} registers it) over the
 * durable H2 file of the peer's synthetic catalog, filled once, then re-collated {@code passes}
 * times with nothing changed, as the 10-minute schedule does on a quiet catalog.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.SearchReindexBenchmark [N] [passes]
 * </pre>
 *
 * Defaults: 100,000 entities, 3 passes; the H2 file is {@link OwnerPageBenchmark}'s (in {@code
 * -Dgreenroom.bench.dir}, loaded on first use). Prints for the first fill and each pass: seconds,
 * the process's CPU-seconds, and the collections and their summed time over the span
 * (GarbageCollectorMXBean: young and old together), then one JSON line. Compare builds by putting
 * another build's {@code search} classes in front of the class path; both run the same calls.
 */
public final class SearchReindexBenchmark {
  private SearchReindexBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path db = OwnerPageBenchmark.h2File(n);
    StringBuilder json = new StringBuilder("{\"entities\":" + n + ",\"laps\":[");
    try (Catalog catalog = Catalog.builder().store(JdbcEntityStore.h2File(db)).build();
        SearchEngine search = SearchEngine.builder().catalog(catalog).build()) {
      for (int i = 0; i <= passes; i++) {
        String what = i == 0 ? "fill" : "pass " + i;
        Lap lap = Lap.start();
        Map<String, String> failed = search.reindexAll();
        if (!failed.isEmpty()) {
          throw new IllegalStateException("collation failed: " + failed);
        }
        Lap done = lap.stop();
        System.out.printf(Locale.ROOT,
            "%-7s %,d documents: %.2f s, %.2f CPU-s, %d collections taking %.2f s%n",
            what, search.size(), done.seconds, done.cpuSeconds, done.collections, done.gcSeconds);
        json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"what\":\"%s\",\"seconds\":%.3f,\"cpuSeconds\":%.3f,\"collections\":%d,\"gcSeconds\":%.3f}",
            what, done.seconds, done.cpuSeconds, done.collections, done.gcSeconds));
      }
    }
    System.out.println(json.append("]}"));
  }

  /** Wall time, process CPU and collections over one span. */
  private record Lap(double seconds, double cpuSeconds, long collections, double gcSeconds,
      long startNanos) {
    static Lap start() {
      return new Lap(0, IngestBenchmark.processCpuNanos() / 1e9, collectionCount(), collectionMillis() / 1e3,
          System.nanoTime());
    }

    Lap stop() {
      return new Lap((System.nanoTime() - startNanos) / 1e9,
          IngestBenchmark.processCpuNanos() / 1e9 - cpuSeconds, collectionCount() - collections,
          collectionMillis() / 1e3 - gcSeconds, 0);
    }

    private static long collectionCount() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long collectionMillis() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
  }
}
