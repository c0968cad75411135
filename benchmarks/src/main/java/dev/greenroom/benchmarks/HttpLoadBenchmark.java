package dev.greenroom.benchmarks;

import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A load test of a running Greenroom (or Backstage) catalog over HTTP, from a process of its own.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.HttpLoadBenchmark \
 *     write-catalog 100000 /tmp/load-catalog          # the peer's synthetic catalog, as files
 * java -jar cli/target/greenroom.jar serve --config load.yaml   # another process; see the README
 * java -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.HttpLoadBenchmark \
 *     run http://127.0.0.1:7007 --clients 50 --seconds 30 --wait-for 100102
 * </pre>
 *
 * <p>{@code run} waits until the catalog holds {@code --wait-for} entities, warms up ({@code
 * --warmup} seconds, default 5), then
 * lets {@code --clients} threads send requests back to back for {@code --seconds}: the owner-
 * filtered page of 100 ({@code /entities/by-query?filter=kind=component,spec.owner=...&limit=100},
 * owners drawn from the catalog's facets). It prints throughput, errors and p50/p90/p99/max
 * latency, then times one {@code GET /entities} of the whole catalog (streamed) on its own.
 */
public final class HttpLoadBenchmark {
  private HttpLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("write-catalog")) {
      IngestBenchmark.Expected e = IngestBenchmark.writeCatalog(Integer.parseInt(args[1]), Path.of(args[2]));
      System.out.printf(Locale.ROOT, "wrote %,d entities in %d files to %s; the catalog will hold %,d"
          + " entities and %,d relations%n", e.entities(), e.dataFiles(), args[2], e.total(), e.relations());
      return;
    }
    if (args.length < 2 || !args[0].equals("run")) {
      System.err.println("usage: HttpLoadBenchmark write-catalog N DIR | run BASE_URL [--clients 50]"
          + " [--seconds 30] [--wait-for N] [--warmup 5] [--token T]");
      System.exit(2);
    }
    String base = args[1].replaceAll("/+$", "");
    int clients = intOpt(args, "--clients", 50);
    int seconds = intOpt(args, "--seconds", 30);
    long waitFor = intOpt(args, "--wait-for", 0);
    String token = strOpt(args, "--token");
    int warmup = intOpt(args, "--warmup", 5);
    new Run(base, token).execute(clients, seconds, waitFor, warmup);
  }

  private static int intOpt(String[] args, String name, int dflt) {
    String v = strOpt(args, name);
    return v == null ? dflt : Integer.parseInt(v);
  }

  private static String strOpt(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }

  private static final class Run {
    final String base;
    final String token;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    Run(String base, String token) {
      this.base = base;
      this.token = token;
    }

    HttpRequest.Builder request(String path) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return b;
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
      HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return Json.parse(r.body());
    }

    void execute(int clients, int seconds, long waitFor, int warmup) throws Exception {
      long start = System.nanoTime();
      while (waitFor > 0) {
        long total;
        try {
          total = getJson("/api/catalog/entities/by-query?limit=1").path("totalItems").asLong();
        } catch (IOException e) {
          total = -1;
        }
        if (total >= waitFor) {
          System.out.printf(Locale.ROOT, "catalog holds %,d entities after %.0f s of waiting%n",
              total, (System.nanoTime() - start) / 1e9);
          break;
        }
        Thread.sleep(2_000);
      }
      List<String> owners = new ArrayList<>();
      JsonNode facets = getJson("/api/catalog/entity-facets?facet=spec.owner&filter=kind%3Dcomponent");
      for (JsonNode f : facets.path("facets").path("spec.owner")) {
        owners.add(f.path("value").asString());
      }
      if (owners.isEmpty()) {
        throw new IllegalStateException("no component owners in the catalog's facets");
      }
      System.out.printf(Locale.ROOT, "%d owners; %d clients for %d s (after %d s of warm-up)%n",
          owners.size(), clients, seconds, warmup);
      phase(owners, clients, warmup, false);
      phase(owners, clients, seconds, true);
      streamAll();
    }

    void phase(List<String> owners, int clients, int seconds, boolean report) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<long[]> latencies = new ArrayList<>();
      AtomicLong errors = new AtomicLong();
      ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
      for (int c = 0; c < clients; c++) {
        long[] mine = new long[2_000_000];
        latencies.add(mine);
        pool.execute(() -> {
          int n = 0;
          while (System.nanoTime() < deadline && n < mine.length - 1) {
            String owner = owners.get(ThreadLocalRandom.current().nextInt(owners.size()));
            String path = "/api/catalog/entities/by-query?limit=100&filter="
                + URLEncoder.encode("kind=component,spec.owner=" + owner, StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            try {
              HttpResponse<byte[]> r = http.send(request(path).GET().build(),
                  HttpResponse.BodyHandlers.ofByteArray());
              statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
              if (r.statusCode() != 200) {
                errors.incrementAndGet();
              }
            } catch (IOException e) {
              errors.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            mine[++n] = System.nanoTime() - t0;
          }
          mine[0] = n;
        });
      }
      pool.shutdown();
      pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
      if (!report) {
        return;
      }
      int total = 0;
      for (long[] l : latencies) {
        total += (int) l[0];
      }
      long[] all = new long[total];
      int i = 0;
      for (long[] l : latencies) {
        System.arraycopy(l, 1, all, i, (int) l[0]);
        i += (int) l[0];
      }
      Arrays.sort(all);
      System.out.printf(Locale.ROOT,
          "owner-filtered page of 100: %,d requests in %d s = %,.0f req/s; errors %d; statuses %s;"
              + " latency ms p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
          total, seconds, total / (double) seconds, errors.get(), statuses,
          pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
      System.out.printf(Locale.ROOT, "{\"benchmark\":\"http-load\",\"clients\":%d,\"seconds\":%d,"
              + "\"requests\":%d,\"errors\":%d,\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f}%n",
          clients, seconds, total, errors.get(), pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
          all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    static double pct(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int idx = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, idx)] / 1e6;
    }

    void streamAll() throws IOException, InterruptedException {
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = http.send(request("/api/catalog/entities").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long firstByte = 0;
        try (InputStream in = r.body()) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = in.read(buf)) > 0) {
            if (bytes == 0) {
              firstByte = System.nanoTime() - t0;
            }
            bytes += n;
          }
        }
        System.out.printf(Locale.ROOT,
            "GET /entities (whole catalog), round %d: status %d, %,d bytes, first byte after %.0f ms,"
                + " complete after %.2f s%n",
            round + 1, r.statusCode(), bytes, firstByte / 1e6, (System.nanoTime() - t0) / 1e9);
      }
    }
  }
}
