package dev.greenroom.catalog.gitlab;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.engine.Orchestrator;
import dev.greenroom.catalog.processing.schedule.ProviderSchedule;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.gitlab.GitlabApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Backstage's {@code GitlabDiscoveryEntityProvider}: finds the projects of a GitLab group (or of
 * the whole instance) that hold the catalog file and emits one Location entity for each, as
 * Backstage's {@code locationSpecToLocationEntity} makes it: named {@code generated-<sha1 of
 * "url:<target>">}, target {@code <project web_url>/-/blob/<branch>/<catalogFile>}, presence
 * {@code optional}, both location annotations {@code url:<target>}. The engine then reads each
 * target through the GitLab integration's reader.
 *
 * <p>A refresh lists projects ({@code GET /groups/:group/projects?include_subgroups=true}, or
 * {@code /projects}; with a {@code groupPattern} other than the catch-all, {@code GET /groups}
 * picks the groups to list), 100 a page, with {@code archived=false} unless {@code
 * includeArchivedRepos}; keeps those whose path matches {@code projectPattern}, lie below {@code
 * group}, are no forks when {@code skipForkedRepos} and are not in {@code excludeRepos}; asks
 * whether each has the catalog file on {@code branch}, else its default branch, else {@code
 * fallbackBranch} ({@code HEAD /projects/:id/repository/files/:file?ref=}); and replaces the
 * provider's entities with the result. Any failure (a refused token, a 500, a timeout, a rate
 * limit) aborts the refresh before the mutation, so the last good entities stay. With {@code
 * useSearch: true}, GitLab's blob search finds the files instead, as in Backstage.
 *
 * <p>As an {@link EventSubscriber} of {@code gitlab.push}: catalog files the push added become
 * Locations, removed ones are removed, modified ones are refreshed (refresh keys {@code
 * url:<web_url>/-/blob/<branch>/<path>} and {@code /-/tree/}), as Backstage does. Unlike
 * Backstage, a push to another branch than the one read is ignored, and a push that removes the
 * catalog file is not skipped for lacking the file. Thread-safe.
 */
public final class GitlabDiscoveryEntityProvider implements EntityProvider, EventSubscriber, AutoCloseable {
  /** The topic of GitLab push events. */
  public static final String TOPIC_PUSH = "gitlab.push";
  private static final Logger LOG = LoggerFactory.getLogger(GitlabDiscoveryEntityProvider.class);

  private final GitlabProviderConfig config;
  private final GitlabApi api;
  private final ProviderSchedule schedule;
  private volatile @Nullable EntityProviderConnection connection;

  /**
   * Built by {@link GitlabProviders}: scheduled with {@code settings}' scheduler on the entry's
   * schedule, else the one given in code; without a scheduler the host calls {@link #refresh()}.
   *
   * @throws GitlabCatalogException when a scheduler is set and there is no schedule
   */
  GitlabDiscoveryEntityProvider(GitlabProviderConfig config, GitlabApi api,
      SchedulingBuilder<?> settings) {
    this.config = Objects.requireNonNull(config, "config");
    this.api = Objects.requireNonNull(api, "api");
    this.schedule = ProviderSchedule.of(settings, name(), this::refresh, config.schedule(),
        settings.codeSchedule(), GitlabProviders.KEY + "." + config.id() + ".schedule",
        GitlabCatalogException::new);
  }

  /** {@code GitlabDiscoveryEntityProvider:<id>}, Backstage's provider name. */
  @Override
  public String name() {
    return "GitlabDiscoveryEntityProvider:" + config.id();
  }

  /** The provider's config. */
  public GitlabProviderConfig config() {
    return config;
  }

  /**
   * Keeps the connection and, with a scheduler, starts the schedule (the first run after its
   * initial delay); connected again, the schedule goes on; once closed, none starts.
   */
  @Override
  public void connect(EntityProviderConnection connection) {
    this.connection = connection;
    schedule.start();
  }

  /**
   * Runs a refresh now on the schedule's threads (or right after the one running); does nothing
   * without a running schedule (no scheduler, or not connected yet).
   */
  public void trigger() {
    schedule.trigger();
  }

  /**
   * Scans GitLab and replaces this provider's Location entities.
   *
   * @return the number of locations emitted
   * @throws IllegalStateException before {@link #connect}
   * @throws dev.greenroom.catalog.processing.ProcessingException when GitLab fails; the entities
   *     stay as they were
   */
  public int refresh() {
    EntityProviderConnection c = connection();
    if (config.useSearch()) {
      return searchRefresh(c);
    }
    Map<Long, JsonNode> matches = new LinkedHashMap<>();
    int scanned = 0;
    if (!config.groupPatternIsCatchAll()) {
      Set<String> groups = new LinkedHashSet<>();
      for (JsonNode g : api.all("/groups", Map.of(), maxItems())) {
        String path = g.path("full_path").asString("");
        if (config.groupPatterns().stream().anyMatch(p -> p.matcher(path).find())) {
          groups.add(path);
        }
      }
      for (String g : groups) {
        scanned += scan(g, matches);
      }
    } else {
      scanned += scan(config.group(), matches);
    }
    List<DeferredEntity> entities = new ArrayList<>();
    for (JsonNode p : matches.values()) {
      entities.add(deferred(target(p.path("web_url").asString(), branchOf(p), config.catalogFile())));
    }
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: {} locations from {} scanned projects", name(), entities.size(), scanned);
    return entities.size();
  }

  /**
   * Backstage's search mode ({@code useSearch: true}): GitLab's blob search in the group ({@code
   * GET /groups/:group/search?scope=blobs&search=filename:<file>}), each hit's project read ({@code
   * GET /projects/:id}) and kept when compliant and matched by a {@code groupPattern}; the target
   * is the hit's own ref and path.
   */
  private int searchRefresh(EntityProviderConnection c) {
    if (config.group().isEmpty()) {
      throw new GitlabCatalogException("catalog.providers.gitlab." + config.id()
          + ".group is required with useSearch (GitLab searches blobs within a group)");
    }
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("search", "filename:" + config.catalogFile());
    q.put("scope", "blobs");
    q.put("per_page", 50);
    List<JsonNode> hits = api.all("/groups/" + GitlabApi.enc(config.group()) + "/search", q, maxItems());
    Map<Long, JsonNode> projects = new LinkedHashMap<>();
    Set<String> targets = new LinkedHashSet<>();
    for (JsonNode hit : hits) {
      long id = hit.path("project_id").asLong(-1);
      JsonNode p = projects.computeIfAbsent(id, k -> api.get("/projects/" + k, Map.of()));
      String path = p.path("path_with_namespace").asString("");
      if (compliant(p) && config.groupPatterns().stream().anyMatch(g -> g.matcher(path).find())) {
        targets.add(target(p.path("web_url").asString(), hit.path("ref").asString(branchOf(p)),
            hit.path("path").asString(config.catalogFile())));
      }
    }
    List<DeferredEntity> entities = new ArrayList<>();
    targets.forEach(t -> entities.add(deferred(t)));
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: {} locations from {} search hits", name(), entities.size(), hits.size());
    return entities.size();
  }

  private int scan(String group, Map<Long, JsonNode> matches) {
    Map<String, Object> q = new LinkedHashMap<>();
    if (!config.includeArchivedRepos()) {
      q.put("archived", "false");
    }
    if (config.membership()) {
      q.put("membership", "true");
    }
    q.put("topics", config.topics());
    if (!config.skipForkedRepos()) {
      q.put("simple", "true");
    }
    List<JsonNode> projects;
    if (group.isEmpty()) {
      projects = api.all("/projects", q, maxItems());
    } else {
      q.put("include_subgroups", "true");
      projects = api.all("/groups/" + GitlabApi.enc(group) + "/projects", q, maxItems());
    }
    for (JsonNode p : projects) {
      if (compliant(p) && hasCatalogFile(p)) {
        matches.put(p.path("id").asLong(), p);
      }
    }
    return projects.size();
  }

  private int maxItems() {
    return Math.max(api.limits().maxTreeFiles() * 10, 10_000);
  }

  /** Backstage's {@code isProjectCompliant}, plus archived projects when they are not wanted. */
  private boolean compliant(JsonNode p) {
    String path = p.path("path_with_namespace").asString("");
    if (!config.projectPattern().matcher(path).find()) {
      return false;
    }
    if (!config.group().isEmpty() && !path.startsWith(config.group() + "/")) {
      return false;
    }
    if (config.skipForkedRepos() && p.has("forked_from_project")) {
      return false;
    }
    if (!config.includeArchivedRepos() && p.path("archived").asBoolean(false)) {
      return false;
    }
    return !config.excludeRepos().contains(path);
  }

  private boolean hasCatalogFile(JsonNode p) {
    return api.exists("/projects/" + p.path("id").asLong() + "/repository/files/"
        + GitlabApi.enc(config.catalogFile()), Map.of("ref", branchOf(p)));
  }

  private String branchOf(JsonNode project) {
    if (config.branch() != null) {
      return config.branch();
    }
    String d = project.path("default_branch").asString("");
    return d.isEmpty() ? config.fallbackBranch() : d;
  }

  private static String target(String webUrl, String branch, String file) {
    return webUrl + "/-/blob/" + branch + "/" + file;
  }

  private DeferredEntity deferred(String target) {
    LocationSpec spec = new LocationSpec("url", target, true);
    Entity e = Orchestrator.generatedLocationEntity(spec, "url:" + target, "url:" + target);
    return new DeferredEntity(e, name());
  }

  private EntityProviderConnection connection() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to a catalog engine yet");
    }
    return c;
  }

  // ---- events

  @Override
  public String id() {
    return name();
  }

  @Override
  public Set<String> topics() {
    return Set.of(TOPIC_PUSH);
  }

  @Override
  public void onEvent(EventParams event) {
    if (!event.topic().equals(TOPIC_PUSH)) {
      return;
    }
    EntityProviderConnection c = connection();
    JsonNode payload = event.payload();
    long projectId = payload.path("project_id").asLong(-1);
    if (projectId < 0) {
      LOG.warn("{}: a push event without project_id was ignored", name());
      return;
    }
    JsonNode project = api.get("/projects/" + projectId, Map.of());
    if (!compliant(project)) {
      LOG.debug("{}: push to {} is outside this provider", name(), project.path("path_with_namespace"));
      return;
    }
    String branch = branchOf(project);
    String ref = payload.path("ref").asString("");
    if (!ref.isEmpty() && !ref.equals("refs/heads/" + branch)) {
      LOG.debug("{}: push to {} of {} is not on {}", name(), ref, project.path("path_with_namespace"), branch);
      return;
    }
    String webUrl = project.path("web_url").asString();
    Set<String> added = files(payload, "added");
    Set<String> removed = files(payload, "removed");
    Set<String> modified = files(payload, "modified");
    added.removeAll(removed);
    List<DeferredEntity> add = new ArrayList<>();
    for (String f : added) {
      add.add(deferred(target(webUrl, branch, f)));
    }
    List<EntityMutation.Removal> remove = new ArrayList<>();
    for (String f : removed) {
      remove.add(new EntityMutation.Removal(deferred(target(webUrl, branch, f)).entity().ref(), name()));
    }
    if (!add.isEmpty() || !remove.isEmpty()) {
      c.applyMutation(EntityMutation.delta(add, remove));
    }
    if (!modified.isEmpty()) {
      List<String> keys = new ArrayList<>();
      for (String f : modified) {
        keys.add("url:" + webUrl + "/-/tree/" + branch + "/" + f);
        keys.add("url:" + target(webUrl, branch, f));
      }
      c.refresh(keys);
    }
    LOG.info("{}: push to {}: added {}, removed {}, modified {}", name(), webUrl, added.size(),
        removed.size(), modified.size());
  }

  /** The pushed files of one kind whose name is the catalog file's ({@code path.basename}). */
  private Set<String> files(JsonNode payload, String kind) {
    String name = config.catalogFile().substring(config.catalogFile().lastIndexOf('/') + 1);
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode commit : payload.path("commits")) {
      for (JsonNode f : commit.path(kind)) {
        String path = f.asString("");
        String base = path.substring(path.lastIndexOf('/') + 1);
        if (base.equals(name) && !path.contains("..") && !path.startsWith("/")) {
          out.add(path);
        }
      }
    }
    return out;
  }

  /** Stops the schedule; a refresh going now is interrupted. Idempotent. */
  @Override
  public void close() {
    schedule.close();
  }

  @Override
  public String toString() {
    return name() + "{host=" + config.host() + ",group=" + config.group() + "}";
  }
}
