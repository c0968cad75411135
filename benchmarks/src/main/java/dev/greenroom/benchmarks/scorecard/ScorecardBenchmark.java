package dev.greenroom.benchmarks.scorecard;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.card.ScorecardResult;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.store.MemoryFactStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evaluates 10 scorecards of 10 rules (three levels, weights, fact and entity-field conditions with
 * all operator families) over N entities (default 100,000) in an in-memory catalog with facts of
 * three pushed schemas per entity, and prints the wall time of {@code evaluateAll} per round.
 *
 * <pre>
 * java -Xmx4g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.scorecard.ScorecardBenchmark [entities] [rounds] [threads]
 * </pre>
 */
public final class ScorecardBenchmark {
  private ScorecardBenchmark() {}

  /** Entry point: {@code [entities] [rounds]}. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    long t0 = System.nanoTime();
    Catalog catalog = Catalog.builder().cacheSize(0).build();
    Random rnd = new Random(42);
    List<Entity> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(entity(i, rnd));
      if (batch.size() == 10_000) {
        catalog.upsert(batch);
        batch.clear();
      }
    }
    catalog.upsert(batch);
    long t1 = System.nanoTime();

    MemoryFactStore facts = new MemoryFactStore();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    Scorecards.Builder builder =
        Scorecards.builder().catalog(catalog).clock(clock).factStore(facts).definitions("benchmark.yaml", definitions());
    if (threads > 1) {
      builder.executor(pool);
    }
    Scorecards sc = builder.build();
    List<Fact> fs = new ArrayList<>(3 * n);
    for (int i = 0; i < n; i++) {
      EntityRef ref = EntityRef.of("Component", "default", "svc-" + i);
      ObjectNode ci = Json.object();
      ci.put("coverage", rnd.nextDouble() * 100).put("runbook", rnd.nextInt(4) != 0).put("lintErrors", rnd.nextInt(20));
      ci.putArray("languages").add(rnd.nextBoolean() ? "java" : "go").add("yaml");
      ci.put("buildTool", rnd.nextBoolean() ? "maven" : "gradle");
      fs.add(new Fact("ci", "1.0.0", ref, now, ci));
      ObjectNode sec = Json.object();
      sec.put("criticalCves", rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(5)).put("highCves", rnd.nextInt(8));
      sec.put("scannedAt", now.minus(Duration.ofDays(rnd.nextInt(60))).toString()).put("signed", rnd.nextBoolean());
      fs.add(new Fact("security", "1.0.0", ref, now, sec));
      if (rnd.nextInt(10) != 0) { // one entity in ten has no ops facts: rules fail with "fact ... missing"
        ObjectNode ops = Json.object();
        ops.put("lastDeployedAt", now.minus(Duration.ofDays(rnd.nextInt(90))).toString());
        ops.put("endpointsWithoutSlo", rnd.nextInt(3)).put("alerts", rnd.nextInt(30)).put("tier", "tier-" + rnd.nextInt(4));
        fs.add(new Fact("ops", "1.0.0", ref, now, ops));
      }
    }
    facts.insert(fs);
    long t2 = System.nanoTime();
    System.out.printf("entities %,d loaded in %.1f s; %,d fact rows in %.1f s%n", n, (t1 - t0) / 1e9, fs.size(), (t2 - t1) / 1e9);
    fs = null;

    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] ms = new long[rounds];
    long[] cpu = new long[rounds];
    long[] proc = new long[rounds];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    int results = 0;
    long passes = 0;
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      long p0 = os.getProcessCpuTime();
      List<ScorecardResult> rs = sc.evaluateAll(false);
      ms[r] = (System.nanoTime() - s) / 1_000_000;
      cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1_000_000;
      proc[r] = (os.getProcessCpuTime() - p0) / 1_000_000;
      results = rs.size();
      passes = rs.stream().filter(x -> x.level() != null).count();
      System.out.printf("round %d: %,d results (%,d rule evaluations) in %,d ms wall, %,d ms CPU of the calling thread, %,d ms CPU of the process (GC included); %,d with a level%n",
          r + 1, results, results * 10L, ms[r], cpu[r], proc[r], passes);
      rs = null;
    }
    for (int r = 0; r < 2; r++) {
      long st = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      long p0 = os.getProcessCpuTime();
      long[] count = {0, 0};
      sc.evaluateEach(sc.scorecards().values(), x -> {
        count[0]++;
        if (x.level() != null) {
          count[1]++;
        }
      });
      System.out.printf("streamed (evaluateEach, results not kept): %,d results in %,d ms wall, %,d ms CPU of the calling thread, %,d ms CPU of the process; %,d with a level%n",
          count[0], (System.nanoTime() - st) / 1_000_000, (mx.getCurrentThreadCpuTime() - c0) / 1_000_000,
          (os.getProcessCpuTime() - p0) / 1_000_000, count[1]);
    }
    long s = System.nanoTime();
    List<ScorecardResult> recorded = sc.evaluateAll(true);
    long recMs = (System.nanoTime() - s) / 1_000_000;
    System.out.printf("with history recorded: %,d results in %,d ms%n", recorded.size(), recMs);
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    long[] sortedCpu = cpu.clone();
    Arrays.sort(sortedCpu);
    long[] sortedProc = proc.clone();
    Arrays.sort(sortedProc);
    System.out.printf("evaluateAll: wall best %,d ms, median %,d ms; thread CPU best %,d ms, median %,d ms; process CPU median %,d ms; over %d rounds%n",
        sorted[0], sorted[sorted.length / 2], sortedCpu[0], sortedCpu[sortedCpu.length / 2], sortedProc[sortedProc.length / 2], rounds);
    System.out.printf("machine load average at the end: %.2f%n", os.getSystemLoadAverage());
    System.out.printf("threads %d (%s), %d cores, max heap %,d MB, %s%n", threads, threads > 1 ? "Scorecards.executor" : "calling thread",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name") + " " + Runtime.version());
    pool.shutdown();
  }

  static Entity entity(int i, Random rnd) {
    String[] types = {"service", "service", "website", "library"};
    String[] lifecycles = {"production", "production", "experimental", "deprecated"};
    StringBuilder ann = new StringBuilder();
    if (rnd.nextInt(3) != 0) {
      ann.append("\"pagerduty.com/integration-key\":\"k").append(i).append("\",");
    }
    if (rnd.nextBoolean()) {
      ann.append("\"backstage.io/techdocs-ref\":\"dir:.\",");
    }
    ann.append("\"greenroom.dev/tier\":\"").append(rnd.nextInt(4)).append('"');
    return Entity.fromJson(
        """
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
         "metadata":{"name":"svc-%d","description":%s,"annotations":{%s},"tags":["t%d","java"]},
         "spec":{"type":"%s","lifecycle":"%s","owner":"group:team-%d","system":"sys-%d"}}"""
            .formatted(
                i,
                rnd.nextBoolean() ? "\"a service\"" : "null",
                ann,
                rnd.nextInt(20),
                types[rnd.nextInt(types.length)],
                lifecycles[rnd.nextInt(lifecycles.length)],
                rnd.nextInt(200),
                rnd.nextInt(50)));
  }

  /** Three push schemas and 10 scorecards of 10 rules each, rotating through 10 rule shapes. */
  static String definitions() {
    String[] rules = {
      "{ factIds: [ci], conditions: { all: [ { fact: coverage, operator: greaterThanInclusive, value: %d } ] } }",
      "{ factIds: [ci], conditions: { all: [ { fact: runbook, operator: equal, value: true }, { fact: lintErrors, operator: lessThan, value: %d } ] } }",
      "{ factIds: [security], conditions: { all: [ { fact: criticalCves, operator: equal, value: 0 } ] } }",
      "{ factIds: [security], conditions: { any: [ { fact: highCves, operator: lessThanInclusive, value: %d }, { fact: signed, operator: equal, value: true } ] } }",
      "{ factIds: [ops], conditions: { all: [ { fact: lastDeployedAt, operator: greaterThan, value: now-P%dD } ] } }",
      "{ factIds: [ops], conditions: { all: [ { fact: endpointsWithoutSlo, operator: equal, value: 0 } ] } }",
      "{ conditions: { all: [ { entity: \"metadata.annotations['pagerduty.com/integration-key']\", operator: exists } ] } }",
      "{ conditions: { all: [ { entity: spec.lifecycle, operator: in, value: [production, experimental] } ] } }",
      "{ factIds: [ci], conditions: { all: [ { fact: languages, operator: contains, value: java }, { fact: buildTool, operator: notIn, value: [ant] } ] } }",
      "{ factIds: [ops, security], conditions: { not: { any: [ { fact: alerts, operator: greaterThan, value: %d }, { fact: scannedAt, operator: lessThan, value: now-P45D } ] } } }",
    };
    StringBuilder sb =
        new StringBuilder(
            """
            factSchemas:
              - id: ci
                schema:
                  coverage: { type: float }
                  runbook: { type: boolean }
                  lintErrors: { type: integer }
                  languages: { type: set }
                  buildTool: { type: string }
              - id: security
                schema:
                  criticalCves: { type: integer }
                  highCves: { type: integer }
                  scannedAt: { type: datetime }
                  signed: { type: boolean }
              - id: ops
                schema:
                  lastDeployedAt: { type: datetime }
                  endpointsWithoutSlo: { type: integer }
                  alerts: { type: integer }
                  tier: { type: string }
            scorecards:
            """);
    String[] levels = {"Bronze", "Silver", "Gold"};
    for (int c = 0; c < 10; c++) {
      sb.append("  - id: card-").append(c).append('\n');
      sb.append("    filter: kind=component\n");
      sb.append("    levels: [Bronze, Silver, Gold]\n");
      sb.append("    rules:\n");
      for (int r = 0; r < 10; r++) {
        String shape = rules[(r + c) % rules.length];
        String body = shape.contains("%d") ? shape.formatted(10 + 5 * c + r) : shape;
        String extra =
            ", id: r" + r + ", level: " + levels[r % 3] + ", weight: " + (1 + r % 4) + " }";
        sb.append("      - ").append(body, 0, body.length() - 2).append(extra).append('\n');
      }
    }
    return sb.toString();
  }
}
