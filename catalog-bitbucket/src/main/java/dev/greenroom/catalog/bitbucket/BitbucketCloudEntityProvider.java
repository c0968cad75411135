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
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentHashMap;
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
 * presence: required} and the annotation {@code bitbucket.org/repo-url}. Webhook events ({@link
 * #onEvent}) update one repository's Locations between runs. Each run replaces the
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

  /** The topic of Bitbucket Cloud's {@code repo:push} webhook. */
  public static final String TOPIC_REPO_PUSH = "bitbucketCloud.repo:push";
  /** The topic of Bitbucket Cloud's {@code repo:updated} webhook. */
  public static final String TOPIC_REPO_UPDATED = "bitbucketCloud.repo:updated";

  /** One catalog file found: its URL and its repository's. */
  record Target(String fileUrl, String repoUrl) {}

  private final BitbucketCloudProviderConfig config;
  private final BitbucketHttp http;
  private final String apiBaseUrl;
  private final int maxLocations;
  private volatile @Nullable EntityProviderConnection connection;
  /** The targets committed last, by repository URL; the provider owns these entities. */
  private final Map<String, Set<String>> committed = new ConcurrentHashMap<>();

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
    List<Target> targets = targets(null);
    List<DeferredEntity> entities = new ArrayList<>();
    for (Target t : targets) {
      entities.add(new DeferredEntity(entity(t), name()));
    }
    synchronized (committed) {
      c.applyMutation(EntityMutation.full(entities));
      committed.clear();
      targets.forEach(t -> committed.computeIfAbsent(t.repoUrl(), k -> new LinkedHashSet<>()).add(t.fileUrl()));
    }
    LOG.info("{}: committed {} Locations for catalog files in Bitbucket Cloud repositories",
        name(), entities.size());
    return entities.size();
  }

  /** The Location entities a run would commit now. */
  List<Entity> discover() {
    return targets(null).stream().map(BitbucketCloudEntityProvider::entity).toList();
  }

  private static Entity entity(Target t) {
    return LocationEntities.url(t.fileUrl(), "required", Map.of(ANNOTATION_REPO_URL, t.repoUrl()));
  }

  /** The catalog files of the workspace, or of one repository (searched without project lists). */
  private List<Target> targets(@Nullable String repoSlug) {
    String ws = enc(config.workspace());
    String catalogPath = config.catalogPath();
    String fileName = catalogPath.substring(catalogPath.lastIndexOf('/') + 1);
    String query = "\"" + fileName + "\" path:" + catalogPath;
    List<String> queries = new ArrayList<>();
    if (repoSlug != null) {
      queries.add(query + " repo:" + repoSlug);
    } else {
      pages(apiBaseUrl + "/workspaces/" + ws + "/projects?page=1&pagelen=100",
          p -> queries.add(query + " project:" + p.path("key").asString("")));
    }
    Map<String, Target> found = new LinkedHashMap<>();
    for (String q : queries) {
      pages(apiBaseUrl + "/workspaces/" + ws + "/search/code?page=1&pagelen=" + config.pagelen() + "&fields="
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
            found.putIfAbsent(target, new Target(target, repoUrl));
            if (found.size() > maxLocations) {
              throw new ProcessingException(ProcessingError.input(name() + " found more than "
                  + maxLocations + " catalog files in workspace " + config.workspace() + ", the limit"));
            }
          });
    }
    return List.copyOf(found.values());
  }

  /**
   * Handles Bitbucket Cloud's {@code repo:push} and {@code repo:updated} webhooks (topics {@link
   * #TOPIC_REPO_PUSH}, {@link #TOPIC_REPO_UPDATED}) as Backstage does: for a repository of the
   * workspace that passes the filters, its catalog files are searched again; Locations found anew
   * are added, those gone (or under the old URL of a renamed repository) removed, and the others
   * refreshed. Events of other workspaces, and {@code repo:updated} without a link change, are
   * ignored.
   *
   * @return whether the event concerned this provider
   * @throws ProcessingException when the host cannot be searched (nothing is changed then)
   */
  public boolean onEvent(String topic, JsonNode payload) {
    EntityProviderConnection c = connection;
    if (c == null || !topic.equals(TOPIC_REPO_PUSH) && !topic.equals(TOPIC_REPO_UPDATED)) {
      return false;
    }
    JsonNode repo = payload.path("repository");
    String fullName = repo.path("full_name").asString("");
    int slash = fullName.indexOf('/');
    String slug = slash < 0 ? "" : fullName.substring(slash + 1);
    String repoUrl = repo.path("links").path("html").path("href").asString("");
    if (slug.isEmpty() || repoUrl.isEmpty()
        || !config.workspace().equals(repo.path("workspace").path("slug").asString(""))) {
      return false;
    }
    if (!matches(repo.path("project").path("key").asString(""), slug)) {
      return false;
    }
    String existingUrl = repoUrl;
    if (topic.equals(TOPIC_REPO_UPDATED)) {
      existingUrl = payload.path("changes").path("links").path("old").path("html").path("href").asString("");
      if (existingUrl.isEmpty()) {
        return false; // not a change of the repository's URL
      }
    }
    LOG.info("{}: handling {} for {}", name(), topic, repoUrl);
    List<Target> expected = targets(slug);
    synchronized (committed) {
      Set<String> existing = committed.getOrDefault(existingUrl, Set.of());
      Set<String> expectedUrls = new LinkedHashSet<>();
      List<DeferredEntity> added = new ArrayList<>();
      for (Target t : expected) {
        expectedUrls.add(t.fileUrl());
        if (!existing.contains(t.fileUrl())) {
          added.add(new DeferredEntity(entity(t), name()));
        }
      }
      List<EntityMutation.Removal> removed = new ArrayList<>();
      List<String> refresh = new ArrayList<>();
      for (String target : existing) {
        if (expectedUrls.contains(target)) {
          refresh.add("url:" + target);
        } else {
          removed.add(new EntityMutation.Removal(LocationEntities.ref(target), name()));
        }
      }
      if (!added.isEmpty() || !removed.isEmpty()) {
        c.applyMutation(EntityMutation.delta(added, removed));
      }
      if (!refresh.isEmpty()) {
        c.refresh(refresh);
      }
      committed.remove(existingUrl);
      if (!expectedUrls.isEmpty()) {
        committed.put(repoUrl, expectedUrls);
      }
    }
    return true;
  }

  private boolean matches(String projectKey, String slug) {
    return (config.projectKey() == null || config.projectKey().matcher(projectKey).matches())
        && (config.repoSlug() == null || config.repoSlug().matcher(slug).matches());
  }

  private boolean matches(JsonNode repo) {
    return matches(repo.path("project").path("key").asString(""), repo.path("slug").asString(""));
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
