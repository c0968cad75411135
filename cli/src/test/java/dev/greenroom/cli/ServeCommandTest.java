package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.testsupport.PgSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path data;

  private final HttpClient http = HttpClient.newHttpClient();

  private static ServeCommand parse(String... args) {
    CommandLine cl = Greenroom.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    return (ServeCommand) parsed.subcommand().commandSpec().userObject();
  }

  private HttpResponse<String> get(int port, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The search answer once it has results (the index is filled after the catalog's first pass). */
  private String searchUntilFound(int port, String query) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      HttpResponse<String> r = get(port, "/api/search/query" + query);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      if (!r.body().contains("\"numberOfResults\":0") || System.nanoTime() > deadline) {
        return r.body();
      }
      Thread.sleep(200);
    }
  }

  /** {@code /api/greenroom/metrics} once the scorecards' first retriever runs are in it. */
  private String metricsOnceRetrieversRan(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      HttpResponse<String> r = get(port, "/api/greenroom/metrics");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue(ServeMetrics.CONTENT_TYPE);
      if (r.body().contains("greenroom_scorecard_retriever_runs_seconds_count")
          || System.nanoTime() > deadline) {
        return r.body();
      }
      Thread.sleep(200);
    }
  }

  @Test
  void servesTheBundledSample() throws Exception {
    ServeCommand serve = parse("serve", "--port", "0", "--data", data.toString());
    try (ServeCommand.Running running = serve.start()) {
      assertThat(running.port()).isPositive();
      assertThat(running.engine().awaitIdle(Duration.ofMinutes(2))).isTrue();
      HttpResponse<String> r =
          get(running.port(), "/api/catalog/entities/by-name/component/default/artist-lookup");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"artist-lookup\"");
      assertThat(get(running.port(), "/api/catalog/entities/by-name/component/default/nope")
          .statusCode()).isEqualTo(404);

      // The scaffolder and TechDocs are mounted beside the catalog, on the same database.
      HttpResponse<String> schema = get(running.port(),
          "/api/scaffolder/v2/templates/default/template/example-nodejs-template/parameter-schema");
      assertThat(schema.statusCode()).as(schema.body()).isEqualTo(200);
      assertThat(schema.body()).contains("\"steps\"");
      assertThat(get(running.port(), "/api/scaffolder/v2/actions").body())
          .contains("\"id\":\"fetch:template\"")
          // the publishing actions of scaffolder-publish, over the app's integrations
          .contains("\"id\":\"publish:github\"", "\"id\":\"publish:bitbucketServer\"",
              "\"id\":\"publish:github:pull-request\"");
      HttpResponse<String> sync = get(running.port(),
          "/api/techdocs/sync/default/component/documented-component");
      assertThat(sync.statusCode()).isEqualTo(200);
      assertThat(sync.body()).contains("event: finish");
      HttpResponse<String> page = get(running.port(),
          "/api/techdocs/static/docs/default/component/documented-component/index.html");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<h1");
      // the image the sample's first page shows is bundled and published with the site
      assertThat(page.body()).contains("src=\"images/backstage-logo-cncf.svg\"");
      HttpResponse<String> image = get(running.port(),
          "/api/techdocs/static/docs/default/component/documented-component/images/backstage-logo-cncf.svg");
      assertThat(image.statusCode()).isEqualTo(200);
      assertThat(image.body()).startsWith("<svg");
      HttpResponse<String> results = get(running.port(),
          "/api/scorecards/results/default/component/artist-lookup");
      assertThat(results.statusCode()).as(results.body()).isEqualTo(200);
      assertThat(results.body()).contains("production-readiness");
      assertThat(get(running.port(), "/api/tech-insights/checks").statusCode()).isEqualTo(200);

      // Notifications and the signals WebSocket; the scaffolder can send them.
      assertThat(get(running.port(), "/api/notifications/status").body())
          .isEqualTo("{\"unread\":0,\"read\":0}");
      assertThat(get(running.port(), "/api/scaffolder/v2/actions").body())
          .contains("\"id\":\"notification:send\"");
      java.net.http.WebSocket ws = http.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + running.port() + "/api/signals"),
              new java.net.http.WebSocket.Listener() { })
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(30,
          java.util.concurrent.TimeUnit.SECONDS);
      // Search is mounted too: the catalog (templates included) and the built docs.
      assertThat(searchUntilFound(running.port(), "?term=artist&types%5B0%5D=software-catalog"))
          .contains("\"location\":\"/catalog/default/Component/artist-lookup\"");
      assertThat(searchUntilFound(running.port(), "?filters%5Bkind%5D=Template"))
          .contains("\"location\":\"/catalog/default/Template/example-nodejs-template\"");
      assertThat(searchUntilFound(running.port(), "?types%5B0%5D=techdocs"))
          .contains("\"location\":\"/docs/default/component/documented-component/");

      // Every module's meters, and the JVM's, in Prometheus' text format.
      String metrics = metricsOnceRetrieversRan(running.port());
      assertThat(metrics)
          .contains("greenroom_http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
              + "route=\"/api/catalog/entities/by-name/:kind/:namespace/:name\",status=\"200\"} ")
          .contains("greenroom_http_server_requests_seconds_count{method=\"GET\","
              + "outcome=\"CLIENT_ERROR\",route=\"/api/catalog/entities/by-name/:kind/:namespace/:name\","
              + "status=\"404\"} 1")
          .contains("greenroom_catalog_processing_seconds_count{result=\"ok\"} ")
          .contains("greenroom_catalog_events_total{type=\"added\"} ")
          .contains("greenroom_catalog_processing_due 0")
          .contains("greenroom_catalog_entities ")
          .contains("greenroom_scaffolder_tasks_running 0")
          .contains("greenroom_scorecard_retriever_runs_seconds_count{result=\"ok\",retriever=")
          .contains("jvm_memory_used_bytes{")
          .doesNotContain("artist-lookup"); // no raw path becomes a label
    }
    assertThat(data.resolve("techdocs/default/component/documented-component/techdocs_metadata.json"))
        .isRegularFile();
    assertThat(data.resolve("sample-catalog/LICENSES/backstage-backstage.txt")).isRegularFile();
    assertThat(data.resolve(CatalogSetup.H2_FILE + ".mv.db")).isRegularFile();
  }

  @Test
  void servesAConfiguredCatalogWithStaticTokensAndReadonly() throws Exception {
    Path catalog = data.resolve("conf/catalog-info.yaml");
    Files.createDirectories(catalog.getParent());
    Files.writeString(catalog, """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: configured
        spec:
          type: service
          lifecycle: production
          owner: team-x
        """);
    Path config = data.resolve("conf/app-config.yaml");
    Files.writeString(config, """
        backend:
          listen:
            port: 7007
          auth:
            externalAccess:
              - type: static
                options:
                  token: ${GREENROOM_TEST_TOKEN:-t0ken-for-tests}
                  subject: tests
        catalog:
          readonly: true
          locations:
            - type: file
              target: catalog-info.yaml
        """);
    ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
        "--data", data.resolve("db").toString());
    try (ServeCommand.Running running = serve.start()) {
      assertThat(running.engine().awaitIdle(Duration.ofMinutes(1))).isTrue();
      String path = "/api/catalog/entities/by-name/component/default/configured";
      assertThat(get(running.port(), path).statusCode()).isEqualTo(401);
      HttpResponse<String> r = get(running.port(), path, "Authorization", "Bearer t0ken-for-tests");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"configured\"");
      HttpResponse<String> register = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port()
                  + "/api/catalog/locations"))
              .header("Authorization", "Bearer t0ken-for-tests")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"type\":\"url\",\"target\":\"https://example.com/catalog-info.yaml\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(register.statusCode()).isEqualTo(403);
      // the metrics need the same credentials as the API
      assertThat(get(running.port(), "/api/greenroom/metrics").statusCode()).isEqualTo(401);
      assertThat(get(running.port(), "/api/greenroom/metrics",
          "Authorization", "Bearer t0ken-for-tests").body())
          .contains("greenroom_catalog_entities 2");
    }
  }

  @Test
  void closeIsIdempotent() throws Exception {
    ServeCommand serve = parse("serve", "--port", "0", "--data", data.toString());
    ServeCommand.Running running = serve.start();
    int port = running.port();
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      assertThat(s.isConnected()).isTrue();
    }
    // one scheduler for every schedule (search, scorecards, providers, events), not one each
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .contains("greenroom-scheduler-1")
        .doesNotContain("greenroom-search", "greenroom-scorecards");
    assertThat(running.scheduler().getCorePoolSize()).isEqualTo(ServeCommand.SCHEDULER_THREADS);
    running.close();
    running.close(); // a second close neither throws nor waits
    running.awaitClosed();
    assertThat(running.scheduler().isShutdown()).as("the scheduler is shut down last").isTrue();
    // the port is given back: nothing listens there any more
    assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
        .isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void badConfigExitsWithTheMessage() throws IOException {
    Path config = data.resolve("app-config.yaml");
    Files.writeString(config, "catalog:\n  readonly: maybe\n");
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cl = Greenroom.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int status = cl.execute("serve", "--config", config.toString(), "--data", data.toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("catalog.readonly", config.toString());
  }

  @Test
  void portInUseExitsWithTheReason() throws IOException {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      java.io.StringWriter err = new java.io.StringWriter();
      CommandLine cl = Greenroom.commandLine();
      cl.setErr(new java.io.PrintWriter(err, true));
      int status = cl.execute("serve", "--port", String.valueOf(taken.getLocalPort()),
          "--data", data.toString());
      assertThat(status).isEqualTo(1);
      assertThat(err.toString()).contains("cannot bind", String.valueOf(taken.getLocalPort()));
    }
    // the engine was closed: the H2 file can be opened again
    try (var store = CatalogSetup.store(new dev.greenroom.cli.config.Database.Embedded(false), data)) {
      assertThat(store.size()).isNotNegative();
    }
  }

  @Test
  void servesFromPostgresGivenAsBackstageConnectionString() throws Exception {
    try (PgSchema schema = PgSchema.create("gr_cli_serve_test")) {
      Path catalog = data.resolve("catalog-info.yaml");
      Files.writeString(catalog, """
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata: {name: in-postgres}
          spec: {type: service, lifecycle: production, owner: team-x}
          """);
      String connection = schema.url().replaceFirst("^jdbc:", "");
      Path config = data.resolve("app-config.yaml");
      Files.writeString(config, "backend:\n  database:\n    client: pg\n    connection: '"
          + connection + "'\ncatalog:\n  locations:\n    - {type: file, target: catalog-info.yaml}\n");
      ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
          "--data", data.resolve("unused").toString());
      try (ServeCommand.Running running = serve.start()) {
        assertThat(running.engine().awaitIdle(Duration.ofMinutes(1))).isTrue();
        assertThat(get(running.port(),
            "/api/catalog/entities/by-name/component/default/in-postgres").statusCode())
            .isEqualTo(200);
      }
      assertThat(data.resolve("unused/" + CatalogSetup.H2_FILE + ".mv.db")).doesNotExist();
    }
  }
}
