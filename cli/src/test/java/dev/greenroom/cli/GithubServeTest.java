package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.integrations.github.FakeGithub;
import dev.greenroom.testsupport.PgSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * End to end: {@code greenroom serve} with an app-config holding {@code integrations.github} (a
 * GitHub Enterprise host whose {@code apiBaseUrl} is a local fake), {@code
 * catalog.providers.github}, {@code catalog.providers.githubOrg} and a url location with a glob
 * ends with the entities of every repository's catalog file, the glob's files, and the
 * organisation's users and groups with their relations; a push event changes an entity.
 */
class GithubServeTest {
  static final String TOKEN = "ghp_serveTestToken000000000000000000000";
  static final String WEBHOOK_SECRET = "webhook-s3cret-value";
  @TempDir Path dir;
  FakeGithub github;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    github = new FakeGithub().token(TOKEN);
    github.repo("acme", "service-a", files("catalog-info.yaml", component("service-a", "infra")));
    github.repo("acme", "service-b", files("catalog-info.yaml", component("service-b", "platform")));
    github.repo("acme", "old-app", files("catalog-info.yaml", component("old-app", "platform")))
        .archived(true);
    github.repo("acme", "no-catalog", files("README.md", "nothing\n"));
    github.repo("acme", "catalog", files(
        "systems/payments/catalog-info.yaml", component("payments-api", "platform"),
        "systems/search/catalog-info.yaml", component("search-api", "infra"),
        "systems/README.md", "not a catalog file\n"));
    github.member("acme", "alice", "Alice Adams", "alice@acme.example", null, null);
    github.member("acme", "bob", "Bob Brown", null, null, null);
    github.team("acme", "platform", "Platform", null, null, "alice");
    github.team("acme", "infra", "Infrastructure", null, "platform", "bob");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  static String component(String name, String owner) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
        + "\nspec:\n  type: service\n  lifecycle: production\n  owner: " + owner + "\n";
  }

  static Map<String, byte[]> files(String... pathsAndContents) {
    Map<String, byte[]> m = new TreeMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private static ServeCommand parse(String... args) {
    CommandLine cl = Greenroom.commandLine();
    return (ServeCommand) cl.parseArgs(args).subcommand().commandSpec().userObject();
  }

  @Test
  void serveDiscoversRepositoriesReadsTheOrganisationAndFollowsPushes() throws Exception {
    serveAndCheck("");
  }

  @Test
  void theSameOnPostgres() throws Exception {
    try (PgSchema schema = PgSchema.create("gr_cli_github_test")) {
      String connection = schema.url().replaceFirst("^jdbc:", "");
      serveAndCheck("backend:\n  database:\n    client: pg\n    connection: '" + connection
          + "'\n");
    }
  }

  private void serveAndCheck(String databaseYaml) throws Exception {
    String host = github.host();
    Path config = dir.resolve("app-config.yaml");
    Files.writeString(config, databaseYaml + """
        integrations:
          github:
            - host: %s
              apiBaseUrl: %s
              token: %s
        events:
          modules:
            github:
              webhookSecret: %s
        catalog:
          rules:
            - allow: [Component, System, API, Resource, Location, Group, User]
          locations:
            - type: url
              target: https://%s/acme/catalog/blob/main/systems/**/catalog-info.yaml
          providers:
            github:
              acme:
                organization: acme
                host: %s
                schedule:
                  frequency: { minutes: 30 }
                  timeout: { minutes: 3 }
            githubOrg:
              - id: production
                githubUrl: https://%s
                orgs: [acme]
                schedule:
                  frequency: { hours: 1 }
                  timeout: { minutes: 15 }
        """.formatted(host, github.apiBaseUrl(), TOKEN, WEBHOOK_SECRET, host, host, host));
    ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
        "--data", dir.resolve("data").toString());
    try (ServeCommand.Running running = serve.start()) {
      assertThat(running.github()).isNotNull();
      List<String> expected = List.of("component:default/service-a", "component:default/service-b",
          "component:default/payments-api", "component:default/search-api", "user:default/alice",
          "user:default/bob", "group:default/platform", "group:default/infra");
      for (String ref : expected) {
        awaitEntity(running, ref, e -> true);
      }
      running.engine().awaitIdle(Duration.ofMinutes(1));
      assertThat(running.engine().catalog().entity(EntityRef.parse("component:default/old-app")))
          .isEmpty();
      // served over the REST API, with Backstage's relations
      JsonNode infra = getJson(running, "/api/catalog/entities/by-name/group/default/infra");
      assertThat(infra.path("relations").toString())
          .contains("\"type\":\"childOf\",\"targetRef\":\"group:default/platform\"")
          .contains("\"type\":\"hasMember\",\"targetRef\":\"user:default/bob\"");
      JsonNode serviceA = getJson(running,
          "/api/catalog/entities/by-name/component/default/service-a");
      String target = "https://" + host + "/acme/service-a/blob/main/catalog-info.yaml";
      assertThat(serviceA.path("metadata").path("annotations")
          .path("backstage.io/managed-by-location").asString()).isEqualTo("url:" + target);
      assertThat(serviceA.toString()).doesNotContain(TOKEN);
      JsonNode loc = getJson(running, "/api/catalog/entities/by-name/location/default/"
          + dev.greenroom.catalog.github.GithubEntityProvider.locationName("url", target));
      assertThat(loc.path("spec").path("target").asString()).isEqualTo(target);
      assertThat(getJson(running, "/api/catalog/entities/by-name/component/default/service-a")
          .path("relations").toString()).contains("group:default/infra");

      // a push changes service-a's owner: the webhook's event refreshes it within seconds
      github.repo("acme", "service-a").put("catalog-info.yaml", component("service-a", "platform"));
      // GitHub's push webhook, as GitHub sends it: a forged signature is refused and changes
      // nothing, the signed one refreshes service-a
      String push = """
          {"ref": "refs/heads/main", "organization": {"login": "acme"},
           "repository": {"name": "service-a", "html_url": "https://%s/acme/service-a",
             "default_branch": "main", "topics": [], "archived": false, "fork": false,
             "visibility": "private", "owner": {"login": "acme"}},
           "commits": [{"added": [], "removed": [], "modified": ["catalog-info.yaml"]}]}
          """.formatted(host);
      assertThat(webhook(running, push, "wrong-secret").statusCode()).isEqualTo(401);
      Thread.sleep(2000);
      assertThat(running.engine().catalog().entity(EntityRef.parse("component:default/service-a"))
          .orElseThrow().specString("owner")).isEqualTo("infra");
      assertThat(webhook(running, push, WEBHOOK_SECRET).statusCode()).isEqualTo(202);
      Entity changed = awaitEntity(running, "component:default/service-a",
          e -> "platform".equals(e.specString("owner")));
      assertThat(changed.specString("owner")).isEqualTo("platform");
    }
  }

  private Entity awaitEntity(ServeCommand.Running running, String ref, Predicate<Entity> ok)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Optional<Entity> e = running.engine().catalog().entity(EntityRef.parse(ref));
      if (e.isPresent() && ok.test(e.get())) {
        return e.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + ref + " as expected after 90 s; have " + e);
      }
      Thread.sleep(100);
    }
  }

  /** POSTs {@code body} to the webhook ingress as GitHub does, signed with {@code secret}. */
  private HttpResponse<String> webhook(ServeCommand.Running running, String body, String secret)
      throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(
        secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + java.util.HexFormat.of()
        .formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + running.port() + "/api/events/http/github"))
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(ServeCommand.Running running, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + running.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }
}
