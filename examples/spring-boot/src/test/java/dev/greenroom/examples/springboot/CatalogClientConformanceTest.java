package dev.greenroom.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.testsupport.NodeConformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
    NodeConformance.Result written = run(List.of("node", SCRIPT, "--write-catalog", catalog.toString()), nodeDir,
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
      NodeConformance.Result r = run(List.of("node", SCRIPT, "http://127.0.0.1:" + port, "--catalog",
          catalog.toString()), nodeDir, Duration.ofMinutes(5));
      judge(r);
    }
  }

  private static void judge(NodeConformance.Result r) {
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
    return NodeConformance.install(Path.of("../../backend-http/src/test/node").toAbsolutePath(),
        Path.of("target/node-conformance").toAbsolutePath(), SCRIPT);
  }

  private static NodeConformance.Result run(List<String> command, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    return NodeConformance.run(command, dir, timeout);
  }
}
