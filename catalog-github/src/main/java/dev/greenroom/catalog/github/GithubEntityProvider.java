package dev.greenroom.catalog.github;

import dev.greenroom.catalog.github.internal.Backoff;
import dev.greenroom.catalog.github.internal.GithubGraphql;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.location.Glob;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.github.GithubCredentialsProvider.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's {@code GithubEntityProvider}: lists the repositories of an organisation through
 * GitHub's GraphQL API ({@code repositoryOwner(login).repositories}, with each repository's
 * catalog file as {@code object(expression: "<branch or HEAD>:<catalogPath>")}), keeps those the
 * filters allow (archived repositories only with {@code allowArchived}; a repository without a
 * default branch never), and emits one Location entity per repository, as Backstage's {@code
 * locationSpecToLocationEntity} makes it:
 *
 * <pre>{@code
 * apiVersion: backstage.io/v1alpha1
 * kind: Location
 * metadata:
 *   name: generated-<sha1 of "url:<target>">
 *   annotations:
 *     backstage.io/managed-by-location: url:<target>
 *     backstage.io/managed-by-origin-location: url:<target>
 * spec: { type: url, target: <repo url>/blob/<branch>/<catalogPath>, presence: optional }
 * }</pre>
 *
 * as a full mutation under the location key {@code github-provider:<id>}. The catalog then reads
 * each target (a glob target through the GitHub reader's tree search).
 *
 * <p>Events ({@link #topics()}): {@code github.push} on the provider's branch refreshes the
 * entities read from changed catalog files and adds or removes the Locations of added or removed
 * ones; {@code github.repository} removes the Location of an archived, deleted or no longer
 * matching (edited) repository, moves it on a rename, and adds it for a transferred or unarchived
 * one, all without waiting for the schedule. As in Backstage, {@code created}, {@code publicized}
 * and {@code privatized} change nothing (a new repository's catalog file arrives with a push).
 * Thread-safe.
 */
public final class GithubEntityProvider extends GithubProvider {
  private static final Logger LOG = LoggerFactory.getLogger(GithubEntityProvider.class);
  private static final Set<String> TOPICS = Set.of("github.push", "github.repository");

  private static final String REPOSITORIES_QUERY = """
      query repositories($org: String!, $catalogPathRef: String!, $cursor: String, $repositoriesPageSize: Int!) {
        repositoryOwner(login: $org) {
          login
          repositories(first: $repositoriesPageSize, after: $cursor) {
            nodes {
              name
              catalogInfoFile: object(expression: $catalogPathRef) { __typename ... on Blob { id text } }
              url
              isArchived
              isFork
              visibility
              repositoryTopics(first: 100) { nodes { ... on RepositoryTopic { topic { name } } } }
              defaultBranchRef { name }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
      }""";

  private static final String REPOSITORY_QUERY = """
      query repository($org: String!, $repoName: String!, $catalogPathRef: String!) {
        repositoryOwner(login: $org) {
          repository(name: $repoName) {
            name
            catalogInfoFile: object(expression: $catalogPathRef) { __typename ... on Blob { id text } }
            url
            isArchived
            isFork
            visibility
            repositoryTopics(first: 100) { nodes { ... on RepositoryTopic { topic { name } } } }
            defaultBranchRef { name }
          }
        }
      }""";

  private final GithubEntityProviderConfig config;
  private final GithubGraphql graphql;
  private final Pattern catalogGlob;

  /** A repository as the filters see it (Backstage's {@code Repository}). */
  record Repository(String url, String name, @Nullable String defaultBranch, List<String> topics,
      boolean archived, boolean fork, boolean catalogFilePresent, String visibility,
      String organization) {}

  GithubEntityProvider(GithubEntityProviderConfig config, GithubGraphql graphql, Backoff backoff,
      SchedulingBuilder<?> settings) {
    super("github-provider:" + config.id(), backoff, settings, config.schedule(),
        "catalog.providers.github." + config.id() + ".schedule");
    this.config = config;
    this.graphql = graphql;
    this.catalogGlob = Glob.compile(config.relativeCatalogPath(), false, false);
  }

  @Override
  Logger log() {
    return LOG;
  }

  /** The provider's settings. */
  public GithubEntityProviderConfig config() {
    return config;
  }

  @Override
  public Set<String> topics() {
    return TOPICS;
  }

  @Override
  List<DeferredEntity> read() {
    List<Repository> repos = new ArrayList<>();
    int listed = 0;
    for (String org : organizations()) {
      Credentials c = graphql.credentials(org).orElse(null);
      ObjectNode vars = Json.object();
      vars.put("org", org);
      vars.put("catalogPathRef", catalogPathRef());
      vars.put("repositoriesPageSize", config.repositoriesPageSize());
      List<JsonNode> nodes = graphql.queryAll(c, "repositories of " + org, REPOSITORIES_QUERY,
          vars, d -> d.path("repositoryOwner").isObject()
              ? d.path("repositoryOwner").path("repositories") : null);
      listed += nodes.size();
      for (JsonNode n : nodes) {
        Repository r = fromGraphql(n, org);
        if (config.validateLocationsExist() && !r.catalogFilePresent()) {
          continue;
        }
        repos.add(r);
      }
    }
    List<DeferredEntity> out = new ArrayList<>();
    for (Repository r : repos) {
      if (matches(r)) {
        out.add(deferred(locationUrl(r)));
      }
    }
    LOG.info("{} read {} GitHub repositories ({} matching the pattern)", name(), listed,
        out.size());
    return out;
  }

  /** The configured organisation, or those the configured App is installed in (Backstage's order). */
  private List<String> organizations() {
    return config.organization() != null ? List.of(config.organization())
        : graphql.organizationInstallations(config.app());
  }

  private String catalogPathRef() {
    return (config.branch() == null ? "HEAD" : config.branch()) + ":" + config.relativeCatalogPath();
  }

  static Repository fromGraphql(JsonNode n, String org) {
    List<String> topics = new ArrayList<>();
    n.path("repositoryTopics").path("nodes")
        .forEach(t -> topics.add(t.path("topic").path("name").asString("")));
    JsonNode file = n.path("catalogInfoFile");
    boolean present = file.path("__typename").asString("").equals("Blob")
        && !file.path("text").asString("").isEmpty();
    JsonNode branch = n.path("defaultBranchRef").path("name");
    return new Repository(n.path("url").asString(""), n.path("name").asString(""),
        branch.isString() ? branch.asString() : null, topics, n.path("isArchived").asBoolean(false),
        n.path("isFork").asBoolean(false), present, n.path("visibility").asString(""), org);
  }

  static Repository fromEvent(JsonNode repo) {
    List<String> topics = new ArrayList<>();
    repo.path("topics").forEach(t -> topics.add(t.asString("")));
    JsonNode branch = repo.path("default_branch");
    return new Repository(repo.path("html_url").asString(""), repo.path("name").asString(""),
        branch.isString() && !branch.asString().isEmpty() ? branch.asString() : null, topics,
        repo.path("archived").asBoolean(false), repo.path("fork").asBoolean(false), true,
        repo.path("visibility").asString(""), repo.path("owner").path("login").asString(""));
  }

  /** Backstage's {@code matchesFilters}. */
  boolean matches(Repository r) {
    return (config.allowArchived() || !r.archived())
        && (config.repository() == null || config.repository().matcher(r.name()).find())
        && topicsMatch(r.topics(), config.topicInclude(), config.topicExclude())
        && (config.allowForks() || !r.fork())
        && visibilityMatches(r.visibility())
        && r.defaultBranch() != null;
  }

  private boolean visibilityMatches(String visibility) {
    if (config.visibility().isEmpty()) {
      return true;
    }
    return config.visibility().stream().anyMatch(v -> v.equalsIgnoreCase(visibility));
  }

  /** Backstage's {@code satisfiesTopicFilter}, case by case. */
  static boolean topicsMatch(List<String> topics, @Nullable List<String> include,
      @Nullable List<String> exclude) {
    if (include == null && exclude == null) {
      return true;
    }
    if ((include == null || include.isEmpty()) && (exclude == null || exclude.isEmpty())) {
      return true;
    }
    if (include != null && !include.isEmpty() && exclude == null) {
      return topics.stream().anyMatch(include::contains);
    }
    if (include == null && exclude != null && !exclude.isEmpty()) {
      return topics.isEmpty() || topics.stream().noneMatch(exclude::contains);
    }
    if (include != null && exclude != null) {
      boolean matchesInclude = topicsMatch(topics, include, null);
      boolean matchesExclude = !topicsMatch(topics, null, exclude);
      return !matchesExclude && matchesInclude;
    }
    return true;
  }

  String locationUrl(Repository r) {
    String branch = config.branch() != null ? config.branch()
        : r.defaultBranch() != null ? r.defaultBranch() : "-";
    return r.url() + "/blob/" + branch + "/" + config.relativeCatalogPath();
  }

  private DeferredEntity deferred(String target) {
    return new DeferredEntity(locationEntity(target), name());
  }

  /** Backstage's {@code locationSpecToLocationEntity} of {@code {type: url, target, presence: optional}}. */
  public static Entity locationEntity(String target) {
    ObjectNode json = Json.object();
    json.put("apiVersion", "backstage.io/v1alpha1");
    json.put("kind", "Location");
    ObjectNode meta = json.putObject("metadata");
    meta.put("name", locationName("url", target));
    ObjectNode ann = meta.putObject("annotations");
    ann.put("backstage.io/managed-by-location", "url:" + target);
    ann.put("backstage.io/managed-by-origin-location", "url:" + target);
    ObjectNode spec = json.putObject("spec");
    spec.put("type", "url");
    spec.put("target", target);
    spec.put("presence", "optional");
    return Entity.fromJson(json);
  }

  /** Backstage's {@code locationSpecToMetadataName}: {@code generated-} and the sha1 of {@code type:target}. */
  public static String locationName(String type, String target) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1")
          .digest((type + ":" + target).getBytes(StandardCharsets.UTF_8));
      return "generated-" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- events

  @Override
  public void onEvent(EventParams event) {
    switch (event.topic()) {
      case "github.push" -> onPush(event.payload());
      case "github.repository" -> onRepository(event.payload());
      default -> LOG.debug("{} ignores an event of topic {}", name(), event.topic());
    }
  }

  private boolean ourOrganization(JsonNode payload) {
    String org = payload.path("organization").path("login").asString("");
    return !org.isEmpty() && organizations().stream()
        .anyMatch(o -> o.toLowerCase(Locale.ROOT).equals(org.toLowerCase(Locale.ROOT)));
  }

  private void onPush(JsonNode event) {
    if (!ourOrganization(event)) {
      LOG.debug("{} skips a push from organization {}", name(),
          event.path("organization").path("login").asString(""));
      return;
    }
    JsonNode repo = event.path("repository");
    String repoUrl = repo.path("html_url").asString("");
    String branch = config.branch() != null ? config.branch()
        : repo.path("default_branch").asString("");
    if (!event.path("ref").asString("").equals("refs/heads/" + branch)) {
      return;
    }
    if (!matches(fromEvent(repo))) {
      return;
    }
    List<String> added = files(event, "added");
    List<String> removed = files(event, "removed");
    List<String> modified = files(event, "modified");
    if (!modified.isEmpty()) {
      Set<String> keys = new LinkedHashSet<>();
      modified.forEach(f -> keys.add("url:" + repoUrl + "/tree/" + branch + "/" + f));
      modified.forEach(f -> keys.add("url:" + repoUrl + "/blob/" + branch + "/" + f));
      keys.add("url:" + repoUrl + "/tree/" + branch + "/" + config.relativeCatalogPath());
      connection().refresh(List.copyOf(keys));
    }
    if (!added.isEmpty() || !removed.isEmpty()) {
      connection().applyMutation(EntityMutation.delta(
          added.stream().map(f -> deferred(repoUrl + "/blob/" + branch + "/" + f)).toList(),
          removed.stream().map(f -> removal(repoUrl + "/blob/" + branch + "/" + f)).toList()));
    }
    LOG.info("{} processed a push to {}: added {} - removed {} - modified {}", name(), repoUrl,
        added.size(), removed.size(), modified.size());
  }

  /** The files of every commit's {@code field} that the catalog path (a glob) matches. */
  private List<String> files(JsonNode event, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode commit : event.path("commits")) {
      for (JsonNode f : commit.path(field)) {
        if (f.isString() && catalogGlob.matcher(f.asString()).matches()) {
          out.add(f.asString());
        }
      }
    }
    return out;
  }

  private EntityMutation.Removal removal(String target) {
    return new EntityMutation.Removal(
        EntityRef.of("location", "default", locationName("url", target)), name());
  }

  private void onRepository(JsonNode event) {
    if (!ourOrganization(event)) {
      return;
    }
    Repository repo = fromEvent(event.path("repository"));
    String action = event.path("action").asString("");
    switch (action) {
      case "archived" -> {
        if (!config.allowArchived()) {
          remove(repo);
        }
      }
      case "deleted" -> remove(repo);
      case "edited" -> {
        if (!matches(repo)) {
          remove(repo);
        }
      }
      case "renamed" -> {
        String from = event.path("changes").path("repository").path("name").path("from")
            .asString("");
        if (!from.isEmpty()) {
          String url = repo.url();
          String oldUrl = url.substring(0, url.lastIndexOf('/') + 1) + from;
          remove(new Repository(oldUrl, from, repo.defaultBranch(), repo.topics(), repo.archived(),
              repo.fork(), true, repo.visibility(), repo.organization()));
        }
        if (matches(repo)) {
          add(repo);
        }
      }
      case "transferred", "unarchived" -> {
        if (matches(repo)) {
          add(repo);
        }
      }
      case "created", "publicized", "privatized" -> {
        // as Backstage: a new repository's catalog file arrives with a push
      }
      default -> LOG.warn("{} has no handling of repository events with action {}", name(),
          action);
    }
  }

  private void remove(Repository repo) {
    connection().applyMutation(EntityMutation.delta(List.of(), List.of(removal(locationUrl(repo)))));
  }

  private void add(Repository repo) {
    if (config.validateLocationsExist()) {
      ObjectNode vars = Json.object();
      vars.put("org", repo.organization());
      vars.put("repoName", repo.name());
      vars.put("catalogPathRef", catalogPathRef());
      JsonNode found = graphql.query(repo.organization(), REPOSITORY_QUERY, vars)
          .path("repositoryOwner").path("repository");
      if (!found.isObject() || !fromGraphql(found, repo.organization()).catalogFilePresent()) {
        return;
      }
    }
    connection().applyMutation(EntityMutation.delta(List.of(deferred(locationUrl(repo))),
        List.of()));
  }

  @Override
  public String toString() {
    return name() + "{organization=" + (config.organization() != null ? config.organization()
        : "installations of App " + config.app()) + ",host=" + config.host() + "}";
  }
}
