package dev.greenroom.http.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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

  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static final String SCRIPT = "catalog-client-conformance.mjs";

  private static Path nodeDir;

  /** Installs the client, or skips the test (reported as skipped, with the reason). */
  private static void installClient() throws Exception {
    String node = version("node");
    String npm = version(npmCommand());
    Assumptions.assumeTrue(node != null,
        "node is not on the PATH: skipping the @backstage/catalog-client conformance test");
    Assumptions.assumeTrue(npm != null,
        "npm is not on the PATH: skipping the @backstage/catalog-client conformance test");
    System.out.println("conformance: node " + node + ", npm " + npm);

    Path module = moduleDir();
    Path source = module.resolve("src/test/node");
    nodeDir = module.resolve("target/node-conformance");
    Files.createDirectories(nodeDir);
    for (String f : List.of("package.json", "package-lock.json", SCRIPT)) {
      Files.copy(source.resolve(f), nodeDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    // npm ci wipes node_modules; skip it while the installed tree matches the lock file
    String lockHash = sha1(Files.readAllBytes(nodeDir.resolve("package-lock.json")));
    Path stamp = nodeDir.resolve("node_modules/.greenroom-lock-sha1");
    if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lockHash)) {
      System.out.println("conformance: node_modules up to date, npm ci skipped");
      return;
    }
    long t0 = System.nanoTime();
    Result r = run(List.of(npmCommand(), "ci", "--no-audit", "--no-fund", "--prefer-offline"),
        nodeDir, NPM_TIMEOUT);
    if (r.exitCode() != 0) {
      fail("npm ci failed (exit " + r.exitCode() + ") in " + nodeDir + ":\n" + r.stdout() + "\n"
          + r.stderr());
    }
    Files.writeString(stamp, lockHash);
    System.out.printf("conformance: npm ci took %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void catalogClientAgreesWithTheServer(@TempDir Path tmp) throws Exception {
    installClient();
    Path catalog = tmp.toRealPath().resolve("catalog");
    Result written = run(List.of("node", SCRIPT, "--write-catalog", catalog.toString()), nodeDir,
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
        Result r = run(List.of("node", SCRIPT, baseUrl, "--catalog", catalog.toString()), nodeDir,
            SCRIPT_TIMEOUT);
        System.out.printf("conformance: script took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        judge(r);
      }
    }
  }

  private static void judge(Result r) {
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

  // --- processes

  record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(List<String> command, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("conformance-", ".out");
    Path err = Files.createTempFile("conformance-", ".err");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail(String.join(" ", command) + " did not finish within " + timeout + "\n--- stdout\n"
            + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The first line of {@code command --version}, or null when it cannot be run. */
  private static String version(String command) {
    try {
      Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return text.lines().findFirst().orElse("");
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String npmCommand() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
  }

  private static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    Path dir = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("src/test/node")) && Files.isDirectory(
        dir.resolve("backend-http/src/test/node"))) {
      dir = dir.resolve("backend-http");
    }
    return dir;
  }

  private static String sha1(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
  }
}
