package dev.greenroom.http.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The conformance judge: Backstage's own npm client, {@code @backstage/catalog-client} (the version
 * the Backstage peer uses, pinned in {@code src/test/node/package-lock.json}), drives every one of
 * its methods against a {@link BackendServer} on a catalog of its own, and checks the answers
 * exactly ({@code src/test/node/catalog-client-conformance.mjs}; the same script passes against the
 * real Backstage backend).
 *
 * <p>Needs {@code node} (20+) and {@code npm} on the PATH, and the npm registry (or a warm npm
 * cache) for {@code npm ci}; skipped when node or npm is missing. The node packages are installed
 * into {@code target/node-conformance} and reinstalled only when the lock file changes.
 *
 * <p>{@link #KNOWN_FAILING} lists the script's checks that fail today, each with the reason: the
 * test fails on any other failing check, and also when a listed check passes (prune the list).
 */
class CatalogClientConformanceTest {

  /** Checks that fail today, and why. Keep in sync: a passing entry fails the test. */
  static final Map<String, String> KNOWN_FAILING = knownFailing();

  private static Map<String, String> knownFailing() {
    Map<String, String> m = new LinkedHashMap<>();
    return m;
  }

  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static final String SCRIPT = "catalog-client-conformance.mjs";

  private static Path nodeDir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void catalogClientAgreesWithTheServer(@TempDir Path tmp) throws Exception {
    nodeDir = NodeConformance.install(SCRIPT);
    Path catalog = tmp.toRealPath().resolve("catalog");
    NodeConformance.Result written = NodeConformance.run(List.of("node", SCRIPT, "--write-catalog", catalog.toString()), nodeDir,
        Duration.ofMinutes(1));
    assertThat(written.exitCode()).as("writing the test catalog: %s", written.stderr()).isZero();
    assertThat(catalog.resolve("all.yaml")).isRegularFile();
    assertThat(catalog.resolve("register/jukebox.yaml")).isRegularFile();

    try (CatalogEngine engine = CatalogEngine.builder()
        .location("file", catalog.resolve("all.yaml").toString())
        .rules(CatalogRules.allowAll())
        .allowedLocationTypes(List.of("url", "file"))
        // a running loop, so that locations registered through the API get processed
        .processingInterval(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(100))
        .build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).as("initial ingestion done").isTrue();
      try (BackendServer server = BackendServer.builder().port(0).catalog(engine).build().start()) {
        String baseUrl = String.valueOf(server.baseUrl());
        long t0 = System.nanoTime();
        NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, baseUrl, "--catalog", catalog.toString()), nodeDir,
            SCRIPT_TIMEOUT);
        System.out.printf("conformance: script took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        judge(r);
      }
    }
  }

  private static void judge(NodeConformance.Result r) {
    Map<String, JsonNode> checks = new LinkedHashMap<>();
    List<String> failing = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode n = Json.parse(line);
      if (n.has("check")) {
        checks.put(n.get("check").asString(), n);
        if (!n.path("ok").asBoolean(false)) {
          failing.add(n.get("check").asString());
        }
      }
    }
    System.out.println(r.stdout());
    if (!r.stderr().isBlank()) {
      System.out.println("--- script stderr\n" + r.stderr());
    }
    String output = "script exit " + r.exitCode() + "\n--- stdout\n" + r.stdout()
        + "\n--- stderr\n" + r.stderr();
    if (checks.isEmpty() || (r.exitCode() != 0 && r.exitCode() != 1)) {
      fail("the conformance script did not run its checks\n" + output);
    }
    List<String> unexpected = new ArrayList<>();
    for (String name : failing) {
      if (!KNOWN_FAILING.containsKey(name)) {
        unexpected.add(checks.get(name).toString());
      }
    }
    List<String> fixed = new ArrayList<>();
    for (String name : KNOWN_FAILING.keySet()) {
      JsonNode n = checks.get(name);
      if (n == null) {
        fixed.add(name + " (no such check in the output: renamed, or the run was aborted)");
      } else if (n.path("ok").asBoolean(false)) {
        fixed.add(name + " (passes now: remove it from KNOWN_FAILING)");
      }
    }
    System.out.printf("conformance: %d checks, %d failing (%d known)%n", checks.size(),
        failing.size(), failing.size() - unexpected.size());
    StringBuilder msg = new StringBuilder();
    if (!unexpected.isEmpty()) {
      msg.append("@backstage/catalog-client conformance: ").append(unexpected.size())
          .append(" failing check(s):\n  ").append(String.join("\n  ", unexpected)).append('\n');
    }
    if (!fixed.isEmpty()) {
      msg.append("KNOWN_FAILING is out of date:\n  ").append(String.join("\n  ", fixed))
          .append('\n');
    }
    if (failing.isEmpty() && r.exitCode() != 0) {
      msg.append("the script failed without a failing check\n").append(output);
    }
    if (!msg.isEmpty()) {
      fail(msg.toString());
    }
    assertThat(new TreeSet<>(failing)).isEqualTo(new TreeSet<>(KNOWN_FAILING.keySet()));
  }
}
