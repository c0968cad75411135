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
        Counters before = Counters.now();
        Map<String, String> failed = search.reindexAll();
        if (!failed.isEmpty()) {
          throw new IllegalStateException("collation failed: " + failed);
        }
        Counters done = Counters.now().minus(before);
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

  /** Wall time, process CPU and the collections' count and time: read at an instant, or a span's difference. */
  private record Counters(double seconds, double cpuSeconds, long collections, double gcSeconds) {
    static Counters now() {
      long count = 0;
      long millis = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        count += gc.getCollectionCount();
        millis += gc.getCollectionTime();
      }
      return new Counters(System.nanoTime() / 1e9, IngestBenchmark.processCpuNanos() / 1e9, count,
          millis / 1e3);
    }

    Counters minus(Counters before) {
      return new Counters(seconds - before.seconds, cpuSeconds - before.cpuSeconds,
          collections - before.collections, gcSeconds - before.gcSeconds);
    }
  }
}
