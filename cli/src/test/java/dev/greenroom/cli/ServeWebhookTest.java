package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.events.http.GithubSignatureValidator;
import dev.greenroom.testsupport.PgSchema;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greenroom serve} with {@code events.modules.github.webhookSecret}: a signed GitHub push
 * webhook to {@code /api/events/http/github} changes the entity read from the pushed repository
 * within seconds (the processing interval is an hour); a bad signature is 401 and changes nothing.
 */
class ServeWebhookTest {
  static final String SECRET = "cli-webhook-secret";
  static final String FILE = "/org/repo/blob/main/catalog-info.yaml";
  static final EntityRef SVC = EntityRef.parse("component:default/svc");

  @TempDir Path data;
  HttpServer repo;
  final Map<String, String> files = new ConcurrentHashMap<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startRepo() throws Exception {
    repo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    repo.createContext("/", ex -> {
      String body = files.get(ex.getRequestURI().getPath());
      byte[] bytes = (body == null ? "Not Found" : body).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    repo.start();
  }

  @AfterEach
  void stopRepo() {
    repo.stop(0);
  }

  String repoBase() {
    return "http://127.0.0.1:" + repo.getAddress().getPort();
  }

  static String component(String description) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\n"
        + "  description: " + description + "\nspec:\n  type: service\n  lifecycle: production\n"
        + "  owner: team-a\n";
  }

  HttpResponse<String> webhook(int port, String signingSecret, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/events/http/github"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", "d1")
            .header("X-Hub-Signature-256", GithubSignatureValidator.sign(signingSecret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String description(ServeCommand.Running running) {
    return running.engine().catalog().entity(SVC).map(e -> e.metadata().description()).orElse(null);
  }

  boolean waitFor(ServeCommand.Running running, String description, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (description.equals(description(running))) {
        return true;
      }
      Thread.sleep(25);
    }
    return false;
  }

  @Test
  void aSignedPushWebhookChangesTheEntityWithinSeconds() throws Exception {
    pushChangesTheEntity("");
  }

  @Test
  void onPostgresTheEventsGoThroughTheDatabase() throws Exception {
    try (PgSchema schema = PgSchema.create("gr_cli_webhook_test")) {
      String connection = schema.url().replaceFirst("^jdbc:", "");
      pushChangesTheEntity("  database:\n    client: pg\n    connection: '" + connection + "'\n");
      PgSchema.execute(schema.url(), "SELECT 1 FROM gr_event_bus LIMIT 1"); // the broker's table exists: events were shared
    }
  }

  void pushChangesTheEntity(String backendDatabase) throws Exception {
    files.put(FILE, component("first"));
    Path config = data.resolve("app-config.yaml");
    Files.writeString(config, "backend:\n" + backendDatabase + "  reading:\n    allow:\n      - host: 127.0.0.1:"
        + repo.getAddress().getPort() + "\n"
        + "catalog:\n  processingInterval: {hours: 1}\n"
        + "  rules:\n    - allow: [Component, Location]\n"
        + "  locations:\n    - {type: url, target: '" + repoBase() + FILE + "'}\n"
        + "events:\n  modules:\n    github:\n      webhookSecret: " + SECRET + "\n");
    ServeCommand serve = (ServeCommand) Greenroom.commandLine()
        .parseArgs("serve", "--config", config.toString(), "--port", "0",
            "--data", data.resolve("data").toString())
        .subcommand().commandSpec().userObject();
    try (ServeCommand.Running running = serve.start()) {
      assertThat(running.engine().awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(description(running)).isEqualTo("first");
      files.put(FILE, component("second"));
      byte[] body = ("{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"org/repo\","
          + "\"html_url\":\"" + repoBase() + "/org/repo\"}}").getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> bad = webhook(running.port(), "not-the-secret", body);
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(bad.body()).doesNotContain(SECRET);
      assertThat(waitFor(running, "second", Duration.ofSeconds(2))).isFalse();

      HttpResponse<String> ok = webhook(running.port(), SECRET, body);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
      assertThat(waitFor(running, "second", Duration.ofSeconds(10))).isTrue();
      HttpResponse<String> viaApi = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + running.port() + "/api/catalog/entities/by-name/component/default/svc")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(viaApi.body()).contains("\"description\":\"second\"");
    }
  }
}
