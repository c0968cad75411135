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
 * Discovers catalog files in a Bitbucket Cloud workspace as Backstage's {@code
 * BitbucketCloudEntityProvider} does: for each project of the workspace ({@code GET
 * /workspaces/{ws}/projects}) a code search ({@code GET /workspaces/{ws}/search/code} with {@code
 * search_query="<file name>" path:<catalogPath> project:<key>}); every result that matches by path
 * (not only by content) in a repository that passes the filters becomes a {@code Location} entity
 * targeting {@code <repository html link>/src/<main branch, else master>/<file path>} with {@code
 * presence: required} and the annotation {@code bitbucket.org/repo-url}. Each run replaces the
 * provider's whole set; a run that fails (credentials refused, 5xx, 429, timeout, a limit) changes
 * nothing, so the last good entities stay. Thread-safe.
 */
public final class BitbucketCloudEntityProvider implements EntityProvider {
  /** The annotation naming the repository a Location was found in. */
  public static final String ANNOTATION_REPO_URL = "bitbucket.org/repo-url";
  private static final Logger LOG = LoggerFactory.getLogger(BitbucketCloudEntityProvider.class);
  private static final String DEFAULT_BRANCH = "master";
  private static final String FIELDS = String.join(",",
      "-values.content_matches",
      "+values.file.commit.repository.mainbranch.name",
      "+values.file.commit.repository.project.key",
      "+values.file.commit.repository.slug",
      "-values.*.links",
      "-values.*.*.links",
      "-values.*.*.*.links",
      "+values.file.commit.repository.links.html.href");

  private final BitbucketCloudProviderConfig config;
  private final BitbucketHttp http;
  private final String apiBaseUrl;
  private final int maxLocations;
  private volatile @Nullable EntityProviderConnection connection;

  BitbucketCloudEntityProvider(BitbucketCloudProviderConfig config, BitbucketHttp http,
      String apiBaseUrl, int maxLocations) {
    this.config = config;
    this.http = http;
    this.apiBaseUrl = apiBaseUrl.replaceAll("/+$", "");
    this.maxLocations = maxLocations;
  }

  /** {@code bitbucketCloud-provider:<id>}. */
  @Override
  public String name() {
    return "bitbucketCloud-provider:" + config.id();
  }

  /** The provider's config. */
  public BitbucketCloudProviderConfig config() {
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
    LOG.info("{}: discovering catalog files in Bitbucket Cloud repositories", name());
    List<DeferredEntity> entities = new ArrayList<>();
    for (Entity e : discover()) {
      entities.add(new DeferredEntity(e, name()));
    }
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: committed {} Locations for catalog files in Bitbucket Cloud repositories",
        name(), entities.size());
    return entities.size();
  }

  /** The Location entities a run would commit now. */
  List<Entity> discover() {
    String ws = enc(config.workspace());
    String catalogPath = config.catalogPath();
    String fileName = catalogPath.substring(catalogPath.lastIndexOf('/') + 1);
    String query = "\"" + fileName + "\" path:" + catalogPath;
    List<String> projects = new ArrayList<>();
    pages(apiBaseUrl + "/workspaces/" + ws + "/projects?page=1&pagelen=100",
        p -> projects.add(p.path("key").asString("")));
    Map<String, Entity> found = new LinkedHashMap<>();
    for (String project : projects) {
      String q = query + " project:" + project;
      pages(apiBaseUrl + "/workspaces/" + ws + "/search/code?page=1&pagelen=100&fields="
          + enc(FIELDS) + "&search_query=" + enc(q), result -> {
            if (result.path("path_matches").isEmpty()) {
              return; // a content match, not a file match
            }
            JsonNode repo = result.path("file").path("commit").path("repository");
            if (!matches(repo)) {
              return;
            }
            String repoUrl = repo.path("links").path("html").path("href").asString("");
            String path = result.path("file").path("path").asString("");
            if (repoUrl.isEmpty() || path.isEmpty()) {
              throw new ProcessingException(ProcessingError.general("The " + http.integration()
                  + " answered a code search result without a repository link or file path"));
            }
            String branch = repo.path("mainbranch").path("name").asString(DEFAULT_BRANCH);
            String target = repoUrl.replaceAll("/+$", "") + "/src/" + branch + "/" + path;
            found.putIfAbsent(target,
                LocationEntities.url(target, "required", Map.of(ANNOTATION_REPO_URL, repoUrl)));
            if (found.size() > maxLocations) {
              throw new ProcessingException(ProcessingError.input(name() + " found more than "
                  + maxLocations + " catalog files in workspace " + config.workspace() + ", the limit"));
            }
          });
    }
    return List.copyOf(found.values());
  }

  private boolean matches(JsonNode repo) {
    return (config.projectKey() == null
            || config.projectKey().matcher(repo.path("project").path("key").asString("")).matches())
        && (config.repoSlug() == null
            || config.repoSlug().matcher(repo.path("slug").asString("")).matches());
  }

  /** Every value of a paged listing, following {@code next} on the API's own origin only. */
  private void pages(String first, Consumer<JsonNode> each) {
    String url = first;
    for (int page = 0; url != null; page++) {
      if (page >= BitbucketProviders.MAX_PAGES) {
        throw new ProcessingException(ProcessingError.input(name() + ": " + first + " has more than "
            + BitbucketProviders.MAX_PAGES + " pages, the limit"));
      }
      JsonNode answer = http.json(URI.create(url));
      for (JsonNode v : answer.path("values")) {
        each.accept(v);
      }
      String next = answer.path("next").asString(null);
      if (next != null && !next.startsWith(apiBaseUrl + "/")) {
        throw new ProcessingException(ProcessingError.notAllowed("The " + http.integration()
            + " answered a next page outside its API (" + apiBaseUrl + "); refused"));
      }
      url = next;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return name() + "{workspace=" + config.workspace() + "}";
  }
}
