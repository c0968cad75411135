package dev.greenroom.catalog.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.FakeGithub;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The judge of the GitHub providers: Backstage's own {@code GithubEntityProvider} and {@code
 * GithubMultiOrgEntityProvider} from npm ({@code @backstage/plugin-catalog-backend-module-github},
 * pinned in {@code src/test/node/package-lock.json}) read the same fake GitHub Enterprise with the
 * same app-config, and then receive the same webhook events; every mutation and refresh they make
 * ({@code src/test/node/catalog-github-conformance.mjs} prints them) must equal what Greenroom's
 * providers make, entity by entity, in order.
 *
 * <p>Needs {@code node} (20+) and {@code npm} on the PATH and the npm registry (or a warm cache) for
 * {@code npm ci}; skipped when node or npm is missing.
 */
class BackstageGithubConformanceTest {
  private static final String SCRIPT = "catalog-github-conformance.mjs";
  private static Path nodeDir;

  FakeGithub github;

  @BeforeEach
  void start() throws Exception {
    github = GithubFixture.acme();
    github.member("acme-labs", "alice", "Alice Adams", "alice@acme.example", null, "Researcher");
    github.member("acme-labs", "dave", "Dave Diaz", "dave@labs.example", "https://a.example/d", null);
    github.team("acme-labs", "research", "Research", "Reads papers", null, "alice", "dave");
    github.team("acme-labs", "ml", "Machine learning", null, "research", "dave");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void discoveryAndOneOrganisationAsBackstage(@TempDir Path tmp) throws Exception {
    nodeDir = NodeConformance.install(SCRIPT);
    String host = github.host();
    ObjectNode config = (ObjectNode) Json.parse("""
        {"integrations": {"github": [{"host": "%s", "apiBaseUrl": "%s", "token": "%s"}]},
         "catalog": {"providers": {
           "github": {
             "all": {"organization": "acme", "host": "%s"},
             "filtered": {"organization": "acme", "host": "%s", "catalogPath": "catalog-info.yaml",
               "filters": {"repository": "(service|website|forked|experimental).*",
                 "topic": {"include": ["backstage", "web"], "exclude": ["experimental"]},
                 "allowForks": false, "visibility": ["private", "public"]}},
             "validated": {"organization": "acme", "host": "%s", "validateLocationsExist": true,
               "filters": {"branch": "main"}},
             "glob": {"organization": "acme", "host": "%s", "catalogPath": "/**/catalog-info.yaml",
               "filters": {"allowArchived": true, "topic": {"exclude": ["java"]}}}
           },
           "githubOrg": {"id": "production", "githubUrl": "https://%s", "orgs": ["acme"],
             "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 15}}}
         }}}
        """.formatted(host, github.apiBaseUrl(), GithubFixture.TOKEN, host, host, host, host,
        host));
    github.repo("acme", "website").topics("web");
    String url = "https://" + host + "/acme/";
    String repo = """
        {"name": "%s", "html_url": "%s", "default_branch": "main", "topics": %s,
         "archived": %s, "fork": false, "visibility": "%s", "owner": {"login": "acme"}}""";
    List<JsonNode> events = List.of(
        event("github.push", """
            {"ref": "refs/heads/main", "organization": {"login": "acme"}, "repository": %s,
             "commits": [{"added": ["catalog-info.yaml"], "removed": [], "modified": []},
                         {"added": ["docs/catalog-info.yaml"], "removed": ["old/catalog-info.yaml"],
                          "modified": ["catalog-info.yaml", "src/Main.java"]}]}"""
            .formatted(repo.formatted("service-b", url + "service-b", "[\"backstage\"]", false,
                "private"))),
        event("github.push", """
            {"ref": "refs/heads/feature", "organization": {"login": "acme"}, "repository": %s,
             "commits": [{"added": ["catalog-info.yaml"], "removed": [], "modified": []}]}"""
            .formatted(repo.formatted("service-a", url + "service-a", "[]", false, "private"))),
        event("github.repository", """
            {"action": "archived", "organization": {"login": "acme"}, "repository": %s}"""
            .formatted(repo.formatted("service-a", url + "service-a", "[]", true, "private"))),
        event("github.repository", """
            {"action": "renamed", "organization": {"login": "acme"}, "repository": %s,
             "changes": {"repository": {"name": {"from": "website"}}}}"""
            .formatted(repo.formatted("homepage", url + "homepage", "[\"web\"]", false, "public"))),
        event("github.repository", """
            {"action": "edited", "organization": {"login": "acme"}, "repository": %s}"""
            .formatted(repo.formatted("service-b", url + "service-b", "[\"experimental\"]", false,
                "private"))),
        event("github.repository", """
            {"action": "deleted", "organization": {"login": "acme"}, "repository": %s}"""
            .formatted(repo.formatted("no-catalog", url + "no-catalog", "[]", false, "private"))),
        event("github.repository", """
            {"action": "created", "organization": {"login": "acme"}, "repository": %s}"""
            .formatted(repo.formatted("fresh", url + "fresh", "[]", false, "private"))),
        event("github.repository", """
            {"action": "transferred", "organization": {"login": "acme"}, "repository": %s}"""
            .formatted(repo.formatted("service-a", url + "service-a", "[]", false, "private"))),
        event("github.repository", """
            {"action": "deleted", "organization": {"login": "other"}, "repository": %s}"""
            .formatted(repo.formatted("service-a", url + "service-a", "[]", false, "private"))));
    judge(tmp, config, events);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void severalOrganisationsAsBackstage(@TempDir Path tmp) throws Exception {
    nodeDir = NodeConformance.install(SCRIPT);
    String host = github.host();
    ObjectNode config = (ObjectNode) Json.parse("""
        {"integrations": {"github": [{"host": "%s", "apiBaseUrl": "%s", "token": "%s"}]},
         "catalog": {"providers": {
           "githubOrg": [
             {"id": "both", "githubUrl": "https://%s", "orgs": ["acme", "acme-labs"],
              "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 15}},
              "pageSizes": {"teams": 2, "teamMembers": 1, "organizationMembers": 2}},
             {"id": "labs", "githubUrl": "https://%s", "orgs": ["acme-labs"],
              "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 15}}}
           ]}}}
        """.formatted(host, github.apiBaseUrl(), GithubFixture.TOKEN, host, host));
    judge(tmp, config, List.of());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aGithubAppsInstallationsAsBackstage(@TempDir Path tmp) throws Exception {
    nodeDir = NodeConformance.install(SCRIPT);
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair keys = g.generateKeyPair();
    github.app(4242, (java.security.interfaces.RSAPublicKey) keys.getPublic(), "acme",
        Duration.ofHours(1), java.time.Clock.systemUTC());
    String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64,
        "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    String host = github.host();
    ObjectNode config = (ObjectNode) Json.parse("""
        {"integrations": {"github": [{"host": "%s", "apiBaseUrl": "%s",
           "apps": [{"appId": 4242, "clientId": "Iv1.x", "clientSecret": "s", "webhookSecret": "w",
             "privateKey": "PEM"}]}]},
         "catalog": {"providers": {
           "github": {"host": "%s", "app": 4242, "filters": {"topic": {"exclude": ["java"]}}},
           "githubOrg": {"id": "installed", "githubUrl": "https://%s",
             "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 15}}}
         }}}
        """.formatted(host, github.apiBaseUrl(), host, host));
    ((ObjectNode) config.path("integrations").path("github").get(0).path("apps").get(0))
        .put("privateKey", pem);
    judge(tmp, config, List.of());
  }

  private static JsonNode event(String topic, String payload) {
    ObjectNode e = Json.object();
    e.put("topic", topic);
    e.set("payload", Json.parse(payload));
    return e;
  }

  private void judge(Path tmp, ObjectNode config, List<JsonNode> events) throws Exception {
    ObjectNode scenario = Json.object();
    scenario.set("config", config);
    ArrayNode ev = scenario.putArray("events");
    events.forEach(ev::add);
    Path file = tmp.resolve("scenario.json");
    Files.writeString(file, scenario.toString());
    long t0 = System.nanoTime();
    NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, file.toString()), nodeDir, Duration.ofMinutes(5));
    System.out.printf("conformance: Backstage's providers took %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    if (r.exitCode() != 0) {
      fail("the Backstage script failed (exit " + r.exitCode() + "):\n" + r.stdout() + "\n"
          + r.stderr());
    }
    List<JsonNode> backstage = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (line.startsWith("{")) {
        backstage.add(Json.parse(line));
      }
    }
    List<JsonNode> greenroom = greenroom(config, events);
    assertThat(backstage).as("Backstage's providers made mutations (stderr: %s)", r.stderr())
        .isNotEmpty();
    assertThat(backstage.stream().filter(n -> n.has("error")).toList()).isEmpty();
    int entities = backstage.stream()
        .mapToInt(n -> n.path("mutation").path("entities").size()).sum();
    assertThat(entities).as("entities in Backstage's full mutations").isGreaterThanOrEqualTo(6);
    for (int i = 0; i < Math.max(backstage.size(), greenroom.size()); i++) {
      JsonNode b = i < backstage.size() ? backstage.get(i) : null;
      JsonNode g = i < greenroom.size() ? greenroom.get(i) : null;
      assertThat(g).as("record %d: Backstage made%n%s%nGreenroom made%n%s", i, b, g).isEqualTo(b);
    }
    System.out.printf("conformance: %d records equal%n", backstage.size());
  }

  /** The same steps on Greenroom's providers, recorded in the script's shape. */
  private List<JsonNode> greenroom(ObjectNode config, List<JsonNode> events) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    GithubProviders providers = GithubProviders.builder()
        .config(config.path("catalog").path("providers"))
        .integrations(ScmIntegrations.builder().config(config.path("integrations")).build())
        .build();
    String[] step = {"read"};
    List<GithubProvider> all = new ArrayList<>();
    all.addAll(providers.discoveryProviders());
    all.addAll(providers.orgProviders());
    for (GithubProvider p : all) {
      p.connect(recorder(p.name(), step, out));
    }
    for (GithubProvider p : all) {
      step[0] = "read";
      p.refresh();
    }
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      step[0] = "event:" + i;
      for (GithubProvider p : all) {
        if (p.topics().contains(e.path("topic").asString())) {
          p.onEvent(new EventParams(e.path("topic").asString(), e.path("payload"), Map.of()));
        }
      }
    }
    return out;
  }

  private static EntityProviderConnection recorder(String name, String[] step, List<JsonNode> out) {
    return new EntityProviderConnection() {
      @Override
      public void applyMutation(EntityMutation mutation) {
        ObjectNode rec = Json.object();
        rec.put("provider", name);
        rec.put("step", step[0]);
        ObjectNode m = rec.putObject("mutation");
        if (mutation instanceof EntityMutation.Full f) {
          m.put("type", "full");
          entities(m.putArray("entities"), f.entities());
        } else {
          EntityMutation.Delta d = (EntityMutation.Delta) mutation;
          m.put("type", "delta");
          entities(m.putArray("added"), d.added());
          ArrayNode removed = m.putArray("removed");
          for (EntityMutation.Removal r : d.removed()) {
            ObjectNode n = removed.addObject();
            n.put("locationKey", r.locationKey());
            n.put("ref", r.ref().toString());
          }
        }
        out.add(rec);
      }

      @Override
      public void refresh(Collection<String> keys) {
        ObjectNode rec = Json.object();
        rec.put("provider", name);
        rec.put("step", step[0]);
        ArrayNode k = rec.putArray("refresh");
        keys.forEach(k::add);
        out.add(rec);
      }
    };
  }

  private static void entities(ArrayNode into, List<DeferredEntity> list) {
    for (DeferredEntity d : list) {
      ObjectNode n = into.addObject();
      n.put("locationKey", d.locationKey());
      n.set("entity", d.entity().toJson());
    }
  }
}
