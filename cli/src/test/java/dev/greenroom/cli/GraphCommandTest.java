package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code greenroom graph}: golden outputs, from files and from a running server. */
class GraphCommandTest {
  private static final String GRAPH = CliRun.rel("graph");

  private static String golden(String name) throws IOException {
    return Files.readString(CliRun.resource("golden/" + name), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "dot", "mermaid"})
  void goldenOutputFromFiles(String format) throws IOException {
    CliRun r = CliRun.run("graph", "component:default/backend", "--catalog", GRAPH, "--format", format);
    assertThat(r.status).as(r.err).isZero();
    assertThat(r.out).isEqualTo(golden("graph-backend." + format));
  }

  @Test
  void depthLimitsTheWalkAndSaysSo() throws IOException {
    CliRun r = CliRun.run("graph", "web", "--catalog", GRAPH + "/catalog.yaml", "--depth", "1",
        "--direction", "dependencies");
    assertThat(r.status).isZero();
    assertThat(r.out).isEqualTo(golden("graph-web-depth1.text"));
    assertThat(r.out).contains("(truncated: depth or node limit reached)").doesNotContain("dependents");
  }

  @Test
  void aServerGivesTheSameGraphAsTheFiles() throws IOException {
    try (CatalogEngine engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .location("file", CliRun.resource("graph/catalog.yaml").toString())
        .processingDisabled()
        .build()) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      BackendServer server = BackendServer.builder().port(0).host("127.0.0.1").catalog(engine)
          .authenticator(StaticTokenAuthenticator.of(Map.of("graph-test-token", "user:default/test")))
          .build().start();
      try {
        String url = "http://127.0.0.1:" + server.port();
        for (String format : new String[] {"text", "dot", "mermaid"}) {
          CliRun r = CliRun.run("graph", "component:default/backend", "--url", url, "--token",
              "graph-test-token", "--format", format);
          assertThat(r.status).as(r.err).isZero();
          assertThat(r.out).isEqualTo(golden("graph-backend." + format));
        }
        CliRun denied = CliRun.run("graph", "backend", "--url", url, "--token", "wrong");
        assertThat(denied.status).isEqualTo(1);
        assertThat(denied.err).contains("answered 401");
      } finally {
        server.close();
      }
    }
  }

  @Test
  void unknownEntityAndUsageErrors() {
    CliRun missing = CliRun.run("graph", "component:default/nope", "--catalog", GRAPH);
    assertThat(missing.status).isEqualTo(1);
    assertThat(missing.err).contains("No entity component:default/nope in the catalog");
    assertThat(CliRun.run("graph", "backend").status).isEqualTo(2); // no source
    assertThat(CliRun.run("graph", "backend", "--catalog", GRAPH, "--url", "http://x").status)
        .isEqualTo(2);
    assertThat(CliRun.run("graph", "backend", "--catalog", GRAPH, "--format", "png").status)
        .isEqualTo(2);
    assertThat(CliRun.run("graph", "backend", "--catalog", GRAPH, "--depth", "-1").status)
        .isEqualTo(2);
  }
}
