package dev.greenroom.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's own {@code @backstage/catalog-client} against the example service: backend-http's
 * conformance script ({@code backend-http/src/test/node}, the same script its {@code
 * CatalogClientConformanceTest} runs against {@code BackendServer}) drives every client method
 * against the Spring Boot service, whose catalog is the script's own test catalog (through a
 * Backstage app-config for its rules, and {@code greenroom.catalog.allowed-location-types} to let
 * it register a file location). Every check must pass.
 *
 * <p>Needs {@code node} and {@code npm} on the PATH and the npm registry or a warm npm cache;
 * skipped otherwise. The client is installed into {@code target/node-conformance}.
 */
class CatalogClientConformanceTest {
  private static final String SCRIPT = "catalog-client-conformance.mjs";

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void backstagesCatalogClientAgreesWithTheService(@TempDir Path tmp) throws Exception {
    Path nodeDir = installClient();
    Path catalog = tmp.toRealPath().resolve("catalog");
    Result written = run(List.of("node", SCRIPT, "--write-catalog", catalog.toString()), nodeDir,
        Duration.ofMinutes(1));
    assertThat(written.exitCode()).as("writing the test catalog: %s", written.stderr()).isZero();
    Path appConfig = tmp.resolve("app-config.yaml");
    Files.writeString(appConfig, """
        catalog:
          rules:
            - allow: [Component, API, System, Domain, Resource, Group, User, Location, Template, Widget]
        """);

    try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ExampleApplication.class)
        // command-line arguments: they win over the service's application.yaml
        .run(
            "--server.port=0",
            "--spring.datasource.url=jdbc:h2:mem:conformance-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "--greenroom.app-config=" + appConfig,
            "--greenroom.catalog.locations[0].type=file",
            "--greenroom.catalog.locations[0].target=" + catalog.resolve("all.yaml"),
            "--greenroom.catalog.allowed-location-types=url,file")) {
      assertThat(ctx.getBean(CatalogEngine.class).awaitIdle(Duration.ofMinutes(1)))
          .as("initial ingestion done").isTrue();
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      Result r = run(List.of("node", SCRIPT, "http://127.0.0.1:" + port, "--catalog",
          catalog.toString()), nodeDir, Duration.ofMinutes(5));
      judge(r);
    }
  }

  private static void judge(Result r) {
    int checks = 0;
    List<String> failing = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode n = Json.parse(line);
      if (n.has("check")) {
        checks++;
        if (!n.path("ok").asBoolean(false)) {
          failing.add(line);
        }
      }
    }
    String output = "script exit " + r.exitCode() + "\n--- stdout\n" + r.stdout()
        + "\n--- stderr\n" + r.stderr();
    if (checks == 0) {
      fail("the conformance script did not run its checks\n" + output);
    }
    System.out.printf("conformance against the Spring Boot example: %d checks, %d failing%n",
        checks, failing.size());
    assertThat(failing).as("failing checks\n" + output).isEmpty();
    assertThat(r.exitCode()).as(output).isZero();
  }

  private static Path installClient() throws Exception {
    Assumptions.assumeTrue(runs("node"), "node is not on the PATH: conformance skipped");
    Assumptions.assumeTrue(runs("npm"), "npm is not on the PATH: conformance skipped");
    Path source = Path.of("../../backend-http/src/test/node");
    Path nodeDir = Path.of("target/node-conformance").toAbsolutePath();
    Files.createDirectories(nodeDir);
    for (String f : List.of("package.json", "package-lock.json", SCRIPT)) {
      Files.copy(source.resolve(f), nodeDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String lockHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(Files.readAllBytes(nodeDir.resolve("package-lock.json"))));
    Path stamp = nodeDir.resolve("node_modules/.greenroom-lock-sha1");
    if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lockHash)) {
      return nodeDir;
    }
    Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), nodeDir,
        Duration.ofMinutes(10));
    if (r.exitCode() != 0) {
      fail("npm ci failed (exit " + r.exitCode() + ") in " + nodeDir + ":\n" + r.stdout() + "\n"
          + r.stderr());
    }
    Files.writeString(stamp, lockHash);
    return nodeDir;
  }

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
        fail(String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static boolean runs(String command) {
    try {
      Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      p.getInputStream().readAllBytes();
      return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
