package dev.greenroom.benchmarks;

import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Time from spawning {@code greenroom.jar serve} on an empty data folder (embedded H2) until its
 * REST API shows a whole synthetic catalog: every entity, and every relation stitched. JVM start,
 * migrations, every plugin's start-up and the ingest are all inside the figure, as a user sees it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.HttpLoadBenchmark write-catalog 10000 /tmp/cat10k
 * java -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.ServeStartBenchmark \
 *     cli/target/greenroom.jar /tmp/cat10k 10015 80330 [--runs 3] [--java-opts "-Xmx1g"]
 * </pre>
 *
 * <p>Each run gets a fresh data folder and port. The poll asks {@code
 * /api/catalog/entities/by-query?limit=1} for {@code totalItems} every 50 ms; once that equals the
 * expected count it pages through {@code fields=relations} every 250 ms until the relations add up
 * (settled). It prints, per run: seconds until the API answered, until all entities were visible,
 * until the catalog settled, and the server's CPU seconds by then (from {@code /proc}).
 */
public final class ServeStartBenchmark {
  private ServeStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ServeStartBenchmark JAR CATALOG_DIR ENTITIES RELATIONS [--runs N]"
          + " [--java-opts \"...\"]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path catalog = Path.of(args[1]).toAbsolutePath();
    long entities = Long.parseLong(args[2]);
    long relations = Long.parseLong(args[3]);
    int runs = 1;
    String javaOpts = "-Xmx1g";
    for (int i = 4; i < args.length - 1; i++) {
      if (args[i].equals("--runs")) {
        runs = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--java-opts")) {
        javaOpts = args[i + 1];
      }
    }
    for (int r = 1; r <= runs; r++) {
      run(r, jar, catalog, entities, relations, javaOpts);
    }
  }

  private static void run(int run, Path jar, Path catalog, long entities, long relations,
      String javaOpts) throws Exception {
    Path work = Files.createTempDirectory("greenroom-start");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = work.resolve("app-config.yaml");
    Files.writeString(config, String.join("\n",
        "backend:",
        "  listen: { port: " + port + ", host: 127.0.0.1 }",
        "catalog:",
        "  processingInterval: { minutes: 60 }",
        "  rules:",
        "    - allow: [Component, API, Resource, System, Domain, Group, User, Location]",
        "  locations:",
        "    - type: file",
        "      target: " + catalog.resolve("location.yaml"),
        ""), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : javaOpts.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString(), "--data",
        work.resolve("data").toString()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://127.0.0.1:" + port;
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(work.resolve("serve.log").toFile()).start();
    double up = -1;
    double visible = -1;
    double related = -1;
    double cpu;
    long nextRelations = 0;
    try {
      long deadline = start + Duration.ofMinutes(10).toNanos();
      while (System.nanoTime() < deadline && related < 0) {
        if (!p.isAlive()) {
          throw new IllegalStateException("serve exited with " + p.exitValue() + "; see "
              + work.resolve("serve.log"));
        }
        try {
          if (visible < 0) {
            JsonNode page = get(http, base + "/api/catalog/entities/by-query?limit=1");
            if (up < 0) {
              up = seconds(start);
            }
            if (page.path("totalItems").asLong() >= entities) {
              visible = seconds(start);
            }
          }
          if (visible >= 0 && System.nanoTime() >= nextRelations) {
            // paging every relation costs the server a tenth of a second at 10,000 entities:
            // four times a second, and only once every entity is there
            nextRelations = System.nanoTime() + 250_000_000L;
            if (relationCount(http, base) >= relations) {
              related = seconds(start);
            }
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (related < 0) {
          Thread.sleep(50);
        }
      }
      cpu = cpuSeconds(p.pid());
    } finally {
      p.destroy();
      p.waitFor();
      IngestBenchmark.deleteTree(work);
    }
    System.out.printf(Locale.ROOT, "run %d: API up %.2f s, %,d entities visible %.2f s, %,d relations"
        + " %.2f s after spawn; server CPU %.1f s%n", run, up, entities, visible, relations, related, cpu);
    System.out.printf(Locale.ROOT, "{\"benchmark\":\"serve-start\",\"run\":%d,\"upSeconds\":%.3f,"
        + "\"entitiesSeconds\":%.3f,\"relationsSeconds\":%.3f,\"cpuSeconds\":%.2f}%n",
        run, up, visible, related, cpu);
  }

  private static long relationCount(HttpClient http, String base) throws Exception {
    long total = 0;
    String cursor = null;
    do {
      String url = base + "/api/catalog/entities/by-query?limit=5000&fields=relations"
          + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonNode page = get(http, url);
      for (JsonNode item : page.path("items")) {
        total += item.path("relations").size();
      }
      JsonNode next = page.path("pageInfo").path("nextCursor");
      cursor = next.isString() ? next.asString() : null;
    } while (cursor != null);
    return total;
  }

  private static JsonNode get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode());
    }
    return Json.parse(r.body());
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** utime + stime of a process, from /proc (Linux); -1 elsewhere. */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks / 100.0; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
