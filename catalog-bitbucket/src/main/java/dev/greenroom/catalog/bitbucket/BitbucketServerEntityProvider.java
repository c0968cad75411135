package dev.greenroom.catalog.bitbucket;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.bitbucket.BitbucketHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Discovers repositories on a Bitbucket Server (Data Center) host as Backstage's {@code
 * BitbucketServerEntityProvider} does: every project ({@code GET /projects}, paged with {@code
 * start}/{@code isLastPage}/{@code nextPageStart}) whose key the {@code projectKey} filter finds,
 * every repository ({@code GET /projects/{KEY}/repos}) whose slug the {@code repoSlug} filter finds
 * (archived ones left out with {@code skipArchivedRepos}), becomes a {@code Location} entity
 * targeting {@code <repository's links.self[0].href><catalogPath>} with {@code presence:
 * optional} and the annotation {@code bitbucket.org/default-branch} (the listing's {@code
 * defaultBranch}, else {@code GET .../default-branch}). Unless {@code validateLocationsExist} asks
 * for the file ({@code GET .../raw/<catalogPath>}), it is not checked here: processing reads it,
 * and a repository without one adds nothing. Each run replaces the provider's whole set; a run that fails (credentials refused, 5xx,
 * 429, timeout, a limit) changes nothing, so the last good entities stay. Thread-safe.
 */
public final class BitbucketServerEntityProvider implements EntityProvider {
  private static final Logger LOG = LoggerFactory.getLogger(BitbucketServerEntityProvider.class);

  /** The annotation with the repository's default branch, as Backstage names it. */
  public static final String ANNOTATION_DEFAULT_BRANCH = "bitbucket.org/default-branch";
  /** The topic of Bitbucket Server's {@code repo:refs_changed} webhook (a push). */
  public static final String TOPIC_REPO_REFS_CHANGED = "bitbucketServer.repo:refs_changed";

  private final BitbucketServerProviderConfig config;
  private final BitbucketHttp http;
  private final String apiBaseUrl;
  private final int maxLocations;
  private volatile @Nullable EntityProviderConnection connection;

  BitbucketServerEntityProvider(BitbucketServerProviderConfig config, BitbucketHttp http,
      String apiBaseUrl, int maxLocations) {
    this.config = config;
    this.http = http;
    this.apiBaseUrl = apiBaseUrl.replaceAll("/+$", "");
    this.maxLocations = maxLocations;
  }

  /** {@code bitbucketServer-provider:<id>}. */
  @Override
  public String name() {
    return "bitbucketServer-provider:" + config.id();
  }

  /** The provider's config. */
  public BitbucketServerProviderConfig config() {
    return config;
  }

  @Override
  public void connect(EntityProviderConnection connection) {
    this.connection = connection;
  }

  /**
   * Runs discovery once and replaces the provider's entities with the Locations found.
   *
   * @return how many Locations were committed
   * @throws IllegalStateException before {@link #connect}
   * @throws ProcessingException when the host cannot be read (nothing is changed then)
   */
  public int refresh() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to an engine");
    }
    LOG.info("{}: discovering catalog files in Bitbucket Server repositories", name());
    List<DeferredEntity> entities = new ArrayList<>();
    for (Entity e : discover()) {
      entities.add(new DeferredEntity(e, name()));
    }
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: committed {} entities for Bitbucket Server repositories", name(), entities.size());
    return entities.size();
  }

  /** The Location entities a run would commit now. */
  List<Entity> discover() {
    List<String> projects = new ArrayList<>();
    pages(apiBaseUrl + "/projects", p -> projects.add(p.path("key").asString("")));
    Map<String, Entity> found = new LinkedHashMap<>();
    for (String project : projects) {
      if (project.isEmpty()
          || config.projectKey() != null && !config.projectKey().matcher(project).find()) {
        continue;
      }
      pages(apiBaseUrl + "/projects/" + enc(project) + "/repos", repo -> {
        String target = target(project, repo);
        if (target == null || found.containsKey(target)
            || config.validateLocationsExist() && !catalogFileExists(project, repo)) {
          return;
        }
        found.put(target, entity(project, repo, target));
        if (found.size() > maxLocations) {
          throw new ProcessingException(ProcessingError.input(name() + " found more than "
              + maxLocations + " repositories on " + config.host() + ", the limit"));
        }
      });
    }
    return List.copyOf(found.values());
  }

  /** The Location of a repository, with its default branch (from the listing, else asked). */
  private Entity entity(String project, JsonNode repo, String target) {
    String branch = repo.path("defaultBranch").asString(null);
    if (branch == null) {
      URI uri = URI.create(repoApi(project, repo) + "/default-branch");
      branch = http.json(uri).path("displayId").asString("");
      if (branch.isEmpty()) {
        throw new ProcessingException(ProcessingError.general("The " + http.integration()
            + " answered " + uri + " without a displayId"));
      }
    }
    return LocationEntities.url(target, "optional", Map.of(ANNOTATION_DEFAULT_BRANCH, branch));
  }

  /**
   * Whether the repository has the catalog file ({@code validateLocationsExist}): a 404 leaves the
   * repository out, other answers are logged and leave it out too; a failed request keeps it, as
   * Backstage does.
   */
  private boolean catalogFileExists(String project, JsonNode repo) {
    URI uri = URI.create(repoApi(project, repo) + "/raw/"
        + config.catalogPath().replaceAll("^/+", "").replace(" ", "%20"));
    String slug = repo.path("slug").asString("");
    int status;
    try {
      status = http.status(uri);
    } catch (ProcessingException e) {
      LOG.error("{}: checking the catalog file of {} in project {} failed: {}", name(), slug,
          project, e.getMessage());
      return true;
    }
    if (status >= 200 && status < 300) {
      return true;
    }
    if (status == 404) {
      LOG.debug("{}: skipping {} in project {}: the catalog file does not exist", name(), slug, project);
    } else {
      LOG.warn("{}: skipping {} in project {}: {} answered {}", name(), slug, project,
          BitbucketHttp.redact(uri), status);
    }
    return false;
  }

  private String repoApi(String project, JsonNode repo) {
    return apiBaseUrl + "/projects/" + enc(project) + "/repos/" + enc(repo.path("slug").asString(""));
  }

  /** The Location target of a repository, or null when the filters leave it out. */
  private @Nullable String target(String project, JsonNode repo) {
    String slug = repo.path("slug").asString("");
    if (config.repoSlug() != null && !config.repoSlug().matcher(slug).find()) {
      return null;
    }
    if (config.skipArchivedRepos() && repo.path("archived").asBoolean(false)) {
      return null;
    }
    String self = repo.path("links").path("self").path(0).path("href").asString("");
    if (self.isEmpty()) {
      throw new ProcessingException(ProcessingError.general("The " + http.integration()
          + " answered repository '" + slug + "' of project " + project + " without links.self"));
    }
    return self + config.catalogPath();
  }

  /**
   * Handles Bitbucket Server's {@code repo:refs_changed} webhook (topic {@link
   * #TOPIC_REPO_REFS_CHANGED}): for a repository that passes the filters ({@code GET
   * /projects/{KEY}/repos/{slug}}), its Location is added if it is new, and the entities read from
   * it are refreshed now. Other events, and repositories the filters leave out, are ignored.
   *
   * @return whether the event concerned this provider
   * @throws ProcessingException when the repository cannot be read (nothing is changed then)
   */
  public boolean onEvent(String topic, JsonNode payload) {
    EntityProviderConnection c = connection;
    if (c == null || !topic.equals(TOPIC_REPO_REFS_CHANGED)) {
      return false;
    }
    String project = payload.path("repository").path("project").path("key").asString("");
    String slug = payload.path("repository").path("slug").asString("");
    if (project.isEmpty() || slug.isEmpty()
        || config.projectKey() != null && !config.projectKey().matcher(project).find()) {
      return false;
    }
    JsonNode repo = http.json(URI.create(apiBaseUrl + "/projects/" + enc(project) + "/repos/" + enc(slug)));
    String target = target(project, repo);
    if (target == null) {
      return false;
    }
    LOG.info("{}: handling {} for {}", name(), topic, target);
    c.applyMutation(EntityMutation.delta(
        List.of(new DeferredEntity(entity(project, repo, target), name())), List.of()));
    c.refresh(List.of("url:" + target));
    return true;
  }

  /** Every value of a paged listing ({@code start}, {@code isLastPage}, {@code nextPageStart}). */
  private void pages(String base, Consumer<JsonNode> each) {
    long start = 0;
    for (int page = 0; ; page++) {
      if (page >= BitbucketProviders.MAX_PAGES) {
        throw new ProcessingException(ProcessingError.input(name() + ": " + base
            + " has more than " + BitbucketProviders.MAX_PAGES + " pages, the limit"));
      }
      JsonNode answer = http.json(URI.create(base + "?start=" + start));
      for (JsonNode v : answer.path("values")) {
        each.accept(v);
      }
      if (answer.path("isLastPage").asBoolean(true)) {
        return;
      }
      long next = answer.path("nextPageStart").asLong(-1);
      if (next <= start) {
        throw new ProcessingException(ProcessingError.general("The " + http.integration()
            + " answered " + base + " with a nextPageStart that does not move forward"));
      }
      start = next;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return name() + "{host=" + config.host() + "}";
  }
}
