package dev.greenroom.catalog.gitlab;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.schedule.ProviderSchedule;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.gitlab.GitlabApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's {@code GitlabOrgDiscoveryEntityProvider} ({@code orgEnabled: true}): the users and
 * groups of a GitLab group or instance as User and Group entities with Backstage's default
 * transformers' shapes, so the catalog makes the same {@code memberOf}/{@code hasMember} and
 * {@code parentOf}/{@code childOf} relations.
 *
 * <ul>
 *   <li>Users: {@code metadata.name} is the username; annotations {@code <host>/user-login} (the
 *       user's web URL) and {@code <host>/user-id} (the host without its port, which an annotation
 *       key cannot hold; Backstage keeps it); {@code spec.profile} with {@code displayName}, {@code picture}, {@code
 *       email}; {@code spec.memberOf} the names of the groups the user is a member of. Only active
 *       users whose email (or username) {@code userPattern} finds anything in.
 *   <li>Groups: {@code metadata.name} is the full path below {@code group} with {@code /} turned
 *       into {@code -} ({@code acme/platform/web} under {@code acme} is {@code platform-web});
 *       annotations {@code <host>/team-path} and {@code <host>/visibility}; {@code spec.type: team},
 *       {@code children: []}, {@code profile.displayName}, {@code metadata.description};
 *       {@code spec.parent} when the parent group is read too. Only groups below (or equal to)
 *       {@code group} that {@code groupPattern} matches and that have at least one user read.
 *   <li>Locations: {@code url:<baseUrl>/<team-path>} for groups, {@code url:<baseUrl>/<username>}
 *       for users.
 * </ul>
 *
 * <p>Where Backstage asks: on a self-managed host, every group ({@code GET
 * /groups?all_available=true}) and every active user ({@code GET /users?active=true}); with
 * {@code restrictUsersToGroup}, or on gitlab.com, the group and its descendants ({@code GET
 * /groups/:group}, its descendant groups) and its members ({@code GET
 * /groups/:group/members/all}; on gitlab.com only members using a seat unless {@code
 * includeUsersWithoutSeat}). Descendant groups and each group's members ({@code relations}:
 * {@code DIRECT}, with {@code allowInherited} also {@code INHERITED}) come from the GraphQL queries
 * Backstage sends ({@code POST {baseUrl}/api/graphql}: {@code group.descendantGroups}, {@code
 * group.groupMembers}). A failure aborts the refresh before the mutation: the last good entities
 * stay (Backstage drops a group whose members it could not read).
 *
 * <p>As an {@link EventSubscriber} of GitLab's system hooks ({@code gitlab.group_create}, {@code
 * group_destroy}, {@code group_rename}, {@code user_create}, {@code user_destroy}, {@code
 * user_add_to_group}, {@code user_remove_from_group}): membership and user changes re-read the org
 * at once (one refresh, instead of Backstage's partial deltas, so memberships stay consistent on
 * both sides); a destroyed user or group is removed at once. Thread-safe.
 */
public final class GitlabOrgDiscoveryEntityProvider implements EntityProvider, EventSubscriber, AutoCloseable {
  /** The system hook topics this provider receives. */
  public static final Set<String> TOPICS = Set.of("gitlab.group_create", "gitlab.group_destroy",
      "gitlab.group_rename", "gitlab.user_create", "gitlab.user_destroy",
      "gitlab.user_add_to_group", "gitlab.user_remove_from_group");
  private static final Logger LOG = LoggerFactory.getLogger(GitlabOrgDiscoveryEntityProvider.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

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
  GitlabOrgDiscoveryEntityProvider(GitlabProviderConfig config, GitlabApi api,
      SchedulingBuilder<?> settings) {
    this.config = Objects.requireNonNull(config, "config");
    this.api = Objects.requireNonNull(api, "api");
    this.schedule = ProviderSchedule.of(settings, name(), this::refresh, config.schedule(),
        settings.codeSchedule(), GitlabProviders.KEY + "." + config.id() + ".schedule",
        GitlabCatalogException::new);
  }

  /** {@code GitlabOrgDiscoveryEntityProvider:<id>}, Backstage's provider name. */
  @Override
  public String name() {
    return "GitlabOrgDiscoveryEntityProvider:" + config.id();
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

  private boolean selfManaged() {
    return !api.config().host().equals("gitlab.com");
  }

  /**
   * Reads users and groups and replaces this provider's entities.
   *
   * @return the number of entities emitted
   * @throws IllegalStateException before {@link #connect}
   * @throws dev.greenroom.catalog.processing.ProcessingException when GitLab fails; the entities
   *     stay as they were
   */
  public int refresh() {
    EntityProviderConnection c = connection();
    int max = Math.max(api.limits().maxTreeFiles() * 10, 10_000);
    List<JsonNode> groups;
    List<JsonNode> users;
    if (selfManaged() && !config.restrictUsersToGroup()) {
      groups = api.all("/groups", Map.of("all_available", "true"), max);
      users = api.all("/users", Map.of("active", "true", "without_project_bots", "true",
          "exclude_internal", "true"), max);
    } else {
      if (config.group().isEmpty()) {
        throw new GitlabCatalogException("catalog.providers.gitlab." + config.id()
            + ".group is required to read the org of " + api.config().host()
            + (selfManaged() ? " with restrictUsersToGroup" : ""));
      }
      String g = "/groups/" + GitlabApi.enc(config.group());
      groups = new ArrayList<>(descendants(config.group(), max));
      groups.add(api.get(g, Map.of()));
      String usersOf = selfManaged() || config.restrictUsersToGroup()
          ? config.group() : config.group().split("/")[0];
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("active", "true");
      if (!selfManaged()) {
        q.put("show_seat_info", "true");
      }
      users = new ArrayList<>();
      for (JsonNode u : api.all("/groups/" + GitlabApi.enc(usersOf) + "/members/all", q, max)) {
        String name = u.path("username").asString("");
        if (!selfManaged() && (config.includeUsersWithoutSeat()
            ? name.matches("^(?:project|group)_\\w+_bot_\\w+$") : !u.path("is_using_seat").asBoolean(false))) {
          continue;
        }
        users.add(u);
      }
    }
    Map<Long, JsonNode> usersById = new LinkedHashMap<>();
    for (JsonNode u : users) {
      if (keepUser(u)) {
        usersById.put(u.path("id").asLong(), u);
      }
    }
    Map<Long, JsonNode> groupsById = new LinkedHashMap<>();
    Map<Long, List<Long>> groupsOfUser = new LinkedHashMap<>();
    for (JsonNode g : groups) {
      if (!keepGroup(g.path("full_path").asString(""))) {
        continue;
      }
      long gid = g.path("id").asLong();
      groupsById.put(gid, g);
      for (JsonNode m : members(g.path("full_path").asString(""), max)) {
        long uid = m.path("id").asLong();
        if (usersById.containsKey(uid)) {
          groupsOfUser.computeIfAbsent(uid, k -> new ArrayList<>()).add(gid);
        }
      }
    }
    // groups without a user read are left out, as Backstage does
    Map<Long, JsonNode> withUsers = new LinkedHashMap<>();
    groupsOfUser.values().forEach(ids -> ids.forEach(id -> withUsers.put(id, groupsById.get(id))));
    List<DeferredEntity> out = new ArrayList<>();
    for (JsonNode u : usersById.values()) {
      List<String> memberOf = new ArrayList<>();
      for (Long gid : groupsOfUser.getOrDefault(u.path("id").asLong(), List.of())) {
        memberOf.add(groupName(groupsById.get(gid).path("full_path").asString()));
      }
      out.add(deferred(user(u, memberOf)));
    }
    for (JsonNode g : groupsById.values()) {
      if (withUsers.containsKey(g.path("id").asLong())) {
        JsonNode parent = g.hasNonNull("parent_id") ? withUsers.get(g.path("parent_id").asLong()) : null;
        out.add(deferred(group(g, parent)));
      }
    }
    c.applyMutation(EntityMutation.full(out));
    LOG.info("{}: {} users and {} groups", name(), usersById.size(), withUsers.size());
    return out.size();
  }

  private static final String MEMBERS_QUERY = """
      query getGroupMembers($group: ID!, $relations: [GroupMemberRelation!], $endCursor: String) {
        group(fullPath: $group) {
          groupMembers(first: 100, relations: $relations, after: $endCursor) {
            nodes { user { id username publicEmail name state webUrl avatarUrl } }
            pageInfo { endCursor hasNextPage }
          }
        }
      }""";

  private static final String DESCENDANTS_QUERY = """
      query listDescendantGroups($group: ID!, $endCursor: String) {
        group(fullPath: $group) {
          descendantGroups(first: 100, after: $endCursor) {
            nodes { id name description fullPath visibility parent { id } }
            pageInfo { endCursor hasNextPage }
          }
        }
      }""";

  /**
   * A group's members with the configured relations, through the GraphQL query Backstage sends;
   * as REST users ({@code id}, {@code username}, ...).
   */
  private List<JsonNode> members(String groupPath, int max) {
    ObjectNode vars = JSON.createObjectNode().put("group", groupPath);
    ArrayNode rel = vars.putArray("relations");
    config.relations().forEach(rel::add);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode node : connection(MEMBERS_QUERY, vars, "groupMembers", groupPath, max)) {
      JsonNode u = node.path("user");
      if (u.isMissingNode() || u.isNull() || u.path("id").asString("").isEmpty()) {
        continue;
      }
      ObjectNode user = JSON.createObjectNode();
      user.put("id", gid(u.path("id").asString()));
      user.put("username", u.path("username").asString(""));
      user.put("name", u.path("name").asString(""));
      user.put("state", u.path("state").asString(""));
      out.add(user);
    }
    return out;
  }

  /** The descendant groups of a group, through the GraphQL query Backstage sends; as REST groups. */
  private List<JsonNode> descendants(String groupPath, int max) {
    List<JsonNode> out = new ArrayList<>();
    ObjectNode vars = JSON.createObjectNode().put("group", groupPath);
    for (JsonNode g : connection(DESCENDANTS_QUERY, vars, "descendantGroups", groupPath, max)) {
      ObjectNode group = JSON.createObjectNode();
      group.put("id", gid(g.path("id").asString("")));
      group.put("name", g.path("name").asString(""));
      group.put("description", g.path("description").asString(""));
      group.put("full_path", g.path("fullPath").asString(""));
      if (g.hasNonNull("visibility")) {
        group.put("visibility", g.path("visibility").asString());
      }
      if (g.path("parent").hasNonNull("id")) {
        group.put("parent_id", gid(g.path("parent").path("id").asString()));
      }
      out.add(group);
    }
    return out;
  }

  /** Every node of one GraphQL connection of {@code group(fullPath)}, page by page. */
  private List<JsonNode> connection(String query, ObjectNode vars, String field, String groupPath, int max) {
    List<JsonNode> nodes = new ArrayList<>();
    vars.putNull("endCursor");
    while (true) {
      JsonNode conn = api.graphql(query, vars).path("group").path(field);
      if (!conn.path("nodes").isArray()) {
        LOG.warn("{}: GitLab gave no {} for group {}; the token may lack permissions", name(),
            field, groupPath);
        return nodes;
      }
      conn.path("nodes").forEach(nodes::add);
      if (nodes.size() > max) {
        throw new dev.greenroom.catalog.processing.ProcessingException(
            dev.greenroom.catalog.processing.ProcessingError.input("The " + field + " of GitLab group "
                + groupPath + " are more than " + max + ", the limit"));
      }
      JsonNode info = conn.path("pageInfo");
      String cursor = info.path("endCursor").asString("");
      if (!info.path("hasNextPage").asBoolean(false) || cursor.isEmpty()
          || cursor.equals(vars.path("endCursor").asString(""))) {
        return nodes;
      }
      vars.put("endCursor", cursor);
    }
  }

  /** {@code gid://gitlab/User/12} → 12. */
  private static long gid(String id) {
    String n = id.substring(id.lastIndexOf('/') + 1);
    return n.matches("\\d{1,18}") ? Long.parseLong(n) : -1;
  }

  private boolean keepUser(JsonNode u) {
    String email = u.path("email").asString("");
    String key = email.isEmpty() ? u.path("username").asString("") : email;
    return config.userPattern().matcher(key).find() && u.path("state").asString("").equals("active");
  }

  private boolean keepGroup(String fullPath) {
    boolean pattern = config.groupPatterns().stream().anyMatch(p -> p.matcher(fullPath).find());
    return pattern && (config.group().isEmpty() || fullPath.startsWith(config.group() + "/")
        || fullPath.equals(config.group()));
  }

  /** Backstage's {@code defaultGroupNameTransformer}. */
  String groupName(String fullPath) {
    String g = config.group();
    String rest = !g.isEmpty() && fullPath.startsWith(g + "/") ? fullPath.substring(g.length() + 1) : fullPath;
    return rest.replace('/', '-');
  }

  private Entity user(JsonNode u, List<String> memberOf) {
    String host = annotationHost();
    ObjectNode json = JSON.createObjectNode();
    json.put("apiVersion", "backstage.io/v1alpha1");
    json.put("kind", "User");
    ObjectNode meta = json.putObject("metadata");
    meta.put("name", u.path("username").asString());
    ObjectNode ann = meta.putObject("annotations");
    ann.put(host + "/user-login", u.path("web_url").asString(""));
    ann.put(host + "/user-id", u.path("id").asString(""));
    String saml = u.path("group_saml_identity").path("extern_uid").asString("");
    if (!saml.isEmpty()) {
      ann.put(host + "/saml-external-uid", saml);
    }
    String location = "url:" + api.config().baseUrl() + "/" + u.path("username").asString();
    ann.put("backstage.io/managed-by-location", location);
    ann.put("backstage.io/managed-by-origin-location", location);
    ObjectNode spec = json.putObject("spec");
    ObjectNode profile = spec.putObject("profile");
    putIfPresent(profile, "displayName", u.path("name").asString(""));
    putIfPresent(profile, "picture", u.path("avatar_url").asString(""));
    putIfPresent(profile, "email", u.path("email").asString(""));
    ArrayNode m = spec.putArray("memberOf");
    memberOf.forEach(m::add);
    return Entity.fromJson(json);
  }

  private Entity group(JsonNode g, @Nullable JsonNode parent) {
    String host = annotationHost();
    String fullPath = g.path("full_path").asString();
    ObjectNode json = JSON.createObjectNode();
    json.put("apiVersion", "backstage.io/v1alpha1");
    json.put("kind", "Group");
    ObjectNode meta = json.putObject("metadata");
    meta.put("name", groupName(fullPath));
    String description = g.path("description").asString("");
    if (!description.isEmpty()) {
      meta.put("description", description);
    }
    ObjectNode ann = meta.putObject("annotations");
    ann.put(host + "/team-path", fullPath);
    if (g.hasNonNull("visibility")) {
      ann.put(host + "/visibility", g.path("visibility").asString());
    }
    String location = "url:" + api.config().baseUrl() + "/" + fullPath;
    ann.put("backstage.io/managed-by-location", location);
    ann.put("backstage.io/managed-by-origin-location", location);
    ObjectNode spec = json.putObject("spec");
    spec.put("type", "team");
    spec.putArray("children");
    spec.putObject("profile").put("displayName", g.path("name").asString(fullPath));
    if (parent != null) {
      spec.put("parent", groupName(parent.path("full_path").asString()));
    }
    return Entity.fromJson(json);
  }

  /**
   * The prefix of the {@code <host>/team-path} annotations: the integration's host, without a
   * port (an annotation key's prefix is a DNS name; Backstage's entity would be invalid there).
   */
  private String annotationHost() {
    String h = config.host();
    int colon = h.lastIndexOf(':');
    return colon > 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
  }

  private static void putIfPresent(ObjectNode o, String field, String value) {
    if (!value.isEmpty()) {
      o.put(field, value);
    }
  }

  private DeferredEntity deferred(Entity e) {
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
    return TOPICS;
  }

  @Override
  public void onEvent(EventParams event) {
    if (!TOPICS.contains(event.topic())) {
      return;
    }
    EntityProviderConnection c = connection();
    JsonNode p = event.payload();
    switch (event.topic()) {
      case "gitlab.group_destroy" -> {
        String fullPath = p.path("full_path").asString("");
        if (!fullPath.isEmpty() && keepGroup(fullPath)) {
          c.applyMutation(EntityMutation.delta(List.of(), List.of(new EntityMutation.Removal(
              EntityRef.of("group", EntityRef.DEFAULT_NAMESPACE, groupName(fullPath)), name()))));
        }
        refreshSoon();
      }
      case "gitlab.user_destroy" -> {
        String username = p.path("username").asString("");
        if (!username.isEmpty()) {
          c.applyMutation(EntityMutation.delta(List.of(), List.of(new EntityMutation.Removal(
              EntityRef.of("user", EntityRef.DEFAULT_NAMESPACE, username), name()))));
        }
        refreshSoon();
      }
      default -> refreshSoon();
    }
  }

  /** A full re-read, on the schedule's threads when there is one, else on the event's thread. */
  private void refreshSoon() {
    if (!schedule.trigger()) {
      refresh();
    }
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
