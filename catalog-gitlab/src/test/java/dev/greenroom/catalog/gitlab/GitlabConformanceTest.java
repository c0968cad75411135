package dev.greenroom.catalog.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.testsupport.NodeConformance;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conformance judge for GitLab: Backstage's own {@code GitlabUrlReader} (from
 * {@code @backstage/backend-defaults}) and {@code GitlabDiscoveryEntityProvider} (from {@code
 * @backstage/plugin-catalog-backend-module-gitlab}), pinned in {@code src/test/node/package-lock.json},
 * read the same self-managed FakeGitlab as Greenroom's reader and provider
 * ({@code src/test/node/gitlab-conformance.mjs}, with test-support's shared {@code harness.mjs}):
 * the same file, ETag and "not modified", the same tree, its ETag and "not modified", the same
 * glob matches, NotFoundError for a missing file, the same Location entities with the same location
 * key (also in the search mode, {@code useSearch}), and ({@code GitlabOrgDiscoveryEntityProvider})
 * the same User and Group entities, except that
 * Backstage keeps the host's port in annotation keys. This also checks that FakeGitlab answers as
 * GitLab does for Backstage's client (REST and the GraphQL queries it sends).
 *
 * <p>Needs {@code node} (20+) and {@code npm} on the PATH and the npm registry (or a warm npm
 * cache) for {@code npm ci}; skipped when node or npm is missing. The packages are installed into
 * {@code target/node-conformance} and reinstalled only when the lock file changes.
 */
class GitlabConformanceTest {
  private static final String SCRIPT = "gitlab-conformance.mjs";

  GitlabWorld world;

  @BeforeEach
  void start() throws IOException, URISyntaxException {
    world = new GitlabWorld();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void backstagesReaderAndProviderReadWhatGreenroomsRead() throws Exception {
    Path nodeDir = NodeConformance.install(SCRIPT);
    // a catalog file below a folder, which only the search mode finds
    world.gitlab.file("acme/no-catalog", "services/api/catalog-info.yaml",
        "kind: Component\n".getBytes(StandardCharsets.UTF_8));
    String file = world.gitlab.webUrl("acme/platform/service-b", "-/blob/trunk/catalog-info.yaml");
    String tree = world.gitlab.webUrl("acme/platform/service-b", "-/tree/trunk/docs");
    String glob = world.gitlab.webUrl("acme/platform/service-b", "-/blob/trunk/**/*.yaml");
    String missing = world.gitlab.webUrl("acme/platform/service-b", "-/blob/trunk/nope.yaml");
    ObjectNode input = GitlabWorld.JSON.createObjectNode()
        .put("host", world.gitlab.host()).put("apiBaseUrl", world.gitlab.apiBaseUrl())
        .put("baseUrl", world.gitlab.baseUrl()).put("token", GitlabWorld.TOKEN).put("group", "acme")
        .put("file", file).put("tree", tree).put("glob", glob).put("missing", missing);
    NodeConformance.Result r = NodeConformance.run(List.of("node", SCRIPT, input.toString()), nodeDir, Duration.ofMinutes(3));
    if (r.exitCode() != 0 || !r.stdout().trim().startsWith("{")) {
      fail("the Backstage script failed (exit " + r.exitCode() + ")\n--- stdout\n" + r.stdout()
          + "\n--- stderr\n" + r.stderr());
    }
    JsonNode backstage = GitlabWorld.JSON.readTree(r.stdout().trim());
    assertThat(backstage.path("errors")).as("errors logged by Backstage's provider").isEmpty();

    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    UrlReader reader = scm.urlReader();

    // one file, its ETag, and "not modified" for it
    UrlReader.ReadResponse read = reader.read(file, null, Long.MAX_VALUE);
    assertThat(backstage.path("file").path("content").asString())
        .isEqualTo(new String(read.content(), StandardCharsets.UTF_8));
    assertThat(backstage.path("file").path("etag").asString()).isEqualTo(read.etag());
    assertThat(backstage.path("fileNotModified").asString()).isEqualTo("NotModifiedError");
    assertThat(reader.read(file, read.etag(), Long.MAX_VALUE).isNotModified()).isTrue();

    // a tree and its ETag (the last commit of the folder)
    UrlReader.ReadTreeResponse ours = reader.readTree(tree, null);
    Map<String, String> ourTree = new TreeMap<>();
    ours.files().forEach(f -> ourTree.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
    assertThat(files(backstage.path("tree").path("files"), "path")).isEqualTo(ourTree);
    assertThat(backstage.path("tree").path("etag").asString()).isEqualTo(ours.etag());
    assertThat(backstage.path("treeNotModified").asString()).isEqualTo("NotModifiedError");
    assertThat(reader.readTree(tree, ours.etag()).notModified()).isTrue();

    // a glob: the same files at the same URLs, the same ETag
    UrlReader.SearchResponse found = reader.search(glob, null);
    Map<String, String> ourSearch = new TreeMap<>();
    found.files().forEach(f -> ourSearch.put(f.url(), new String(f.content(), StandardCharsets.UTF_8)));
    assertThat(files(backstage.path("search").path("files"), "url")).isEqualTo(ourSearch).isNotEmpty();
    assertThat(backstage.path("search").path("etag").asString()).isEqualTo(found.etag());

    // a missing file: NotFoundError for both
    assertThat(backstage.path("missing").asString()).isEqualTo("NotFoundError");
    assertThatThrownBy(() -> reader.read(missing, null, Long.MAX_VALUE))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotFoundError"));

    // discovery: the same Location entities under the same location key
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(""))
        .integrations(scm).build();
    GitlabDiscoveryEntityProvider discovery = providers.discoveryProviders().get(0);
    Recorder recorder = new Recorder();
    discovery.connect(recorder);
    discovery.refresh();
    assertThat(backstage.path("provider").asString()).isEqualTo(discovery.name());
    ArrayNode ourEntities = GitlabWorld.JSON.createArrayNode();
    ((EntityMutation.Full) recorder.last).entities().stream()
        .sorted((a, b) -> a.entity().metadata().name().compareTo(b.entity().metadata().name()))
        .forEach(d -> ourEntities.addObject().put("locationKey", d.locationKey())
            .set("entity", d.entity().toJson()));
    ArrayNode theirs = (ArrayNode) backstage.path("discovery");
    theirs.forEach(n -> {
      // Backstage leaves the default namespace out; the catalog fills it in
      ObjectNode meta = (ObjectNode) n.path("entity").path("metadata");
      if (!meta.has("namespace")) {
        meta.put("namespace", "default");
      }
    });
    assertThat(theirs).hasSize(3);
    assertThat(canonical(theirs)).isEqualTo(canonical(ourEntities));

    // org: the same users and groups, memberships and hierarchy
    GitlabProviders withOrg = GitlabProviders.builder().config(world.providerConfig("\"orgEnabled\":true"))
        .integrations(scm).build();
    GitlabOrgDiscoveryEntityProvider org = withOrg.orgProviders().get(0);
    Recorder orgRecorder = new Recorder();
    org.connect(orgRecorder);
    org.refresh();
    assertThat(backstage.path("orgProvider").asString()).isEqualTo(org.name());
    ArrayNode ourOrg = GitlabWorld.JSON.createArrayNode();
    ((EntityMutation.Full) orgRecorder.last).entities().stream()
        .sorted((a, b) -> (a.entity().kind() + ":" + a.entity().metadata().name())
            .compareTo(b.entity().kind() + ":" + b.entity().metadata().name()))
        .forEach(d -> ourOrg.addObject().put("locationKey", d.locationKey())
            .set("entity", d.entity().toJson()));
    ourOrg.forEach(n -> ((ObjectNode) n.path("entity").path("metadata")).put("namespace", "default"));
    ArrayNode theirOrg = (ArrayNode) backstage.path("org");
    String port = ":" + world.gitlab.host().substring(world.gitlab.host().indexOf(':') + 1);
    theirOrg.forEach(n -> {
      ObjectNode meta = (ObjectNode) n.path("entity").path("metadata");
      if (!meta.has("namespace")) {
        meta.put("namespace", "default");
      }
      // the one known difference: Backstage puts the host's port in annotation keys
      // ("127.0.0.1:<port>/user-login"), which an entity's annotation key cannot hold
      ObjectNode ann = (ObjectNode) meta.path("annotations");
      for (String key : List.copyOf(ann.propertyNames())) {
        if (key.contains(port + "/")) {
          ann.set(key.replace(port + "/", "/"), ann.remove(key));
        }
      }
    });
    assertThat(theirOrg).hasSize(6); // alice, bob, dave; acme, platform, platform-web
    assertThat(canonical(theirOrg)).isEqualTo(canonical(ourOrg));

    // search mode (useSearch: true): GitLab's blob search finds the same files
    GitlabProviders searching = GitlabProviders.builder().config(GitlabWorld.json(
        "{\"search\":{\"host\":\"" + world.gitlab.host() + "\",\"group\":\"acme\",\"useSearch\":true,"
            + "\"includeArchivedRepos\":true}}")).integrations(scm).build();
    GitlabDiscoveryEntityProvider search = searching.discoveryProviders().get(0);
    Recorder searchRecorder = new Recorder();
    search.connect(searchRecorder);
    search.refresh();
    assertThat(backstage.path("searchProvider").asString()).isEqualTo(search.name());
    ArrayNode ourSearchEntities = GitlabWorld.JSON.createArrayNode();
    ((EntityMutation.Full) searchRecorder.last).entities().stream()
        .sorted((a, b) -> a.entity().metadata().name().compareTo(b.entity().metadata().name()))
        .forEach(d -> ourSearchEntities.addObject().put("locationKey", d.locationKey())
            .set("entity", d.entity().toJson()));
    ArrayNode theirSearch = (ArrayNode) backstage.path("searchDiscovery");
    theirSearch.forEach(n -> {
      ObjectNode meta = (ObjectNode) n.path("entity").path("metadata");
      if (!meta.has("namespace")) {
        meta.put("namespace", "default");
      }
    });
    assertThat(theirSearch).hasSize(5); // service-a, service-b, old, fork-of-a, no-catalog's nested file
    assertThat(canonical(theirSearch)).isEqualTo(canonical(ourSearchEntities));
  }

  /** JSON with sorted object keys, for comparing trees whose key order may differ. */
  static String canonical(JsonNode n) {
    if (n.isObject()) {
      TreeMap<String, String> sorted = new TreeMap<>();
      n.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      return sorted.toString();
    }
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder("[");
      n.forEach(c -> sb.append(canonical(c)).append(','));
      return sb.append(']').toString();
    }
    return n.toString();
  }

  /** The harness's [{key, content}] files as key to content. */
  static Map<String, String> files(JsonNode array, String key) {
    Map<String, String> out = new TreeMap<>();
    array.forEach(f -> out.put(f.path(key).asString(), f.path("content").asString()));
    return out;
  }

  /** Records the provider's mutations. */
  static final class Recorder implements EntityProviderConnection {
    volatile EntityMutation last;

    @Override
    public void applyMutation(EntityMutation mutation) {
      last = mutation;
    }

    @Override
    public void refresh(Collection<String> keys) {}
  }
}
