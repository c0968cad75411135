package dev.greenroom.catalog.github;

import dev.greenroom.catalog.github.GithubProviderException.Kind;
import dev.greenroom.catalog.github.internal.Backoff;
import dev.greenroom.catalog.github.internal.GithubGraphql;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.github.GithubCredentialsProvider;
import dev.greenroom.integrations.github.GithubCredentialsProvider.Credentials;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's {@code GithubMultiOrgEntityProvider}, which {@code catalog.providers.githubOrg}
 * configures: for each organisation, its members ({@code organization.membersWithRole}) become
 * User entities and its teams ({@code organization.teams}, members {@code IMMEDIATE}, paged) Group
 * entities, with Backstage's default transformers:
 *
 * <ul>
 *   <li>User: name = login; annotations {@code github.com/user-login}, {@code github.com/user-id};
 *       {@code metadata.description} = bio; {@code spec.profile} displayName (name), email (only
 *       with a token, as GitHub shows emails to tokens only; or the first verified domain email
 *       with {@code defaultUserTransformer.useVerifiedEmails}), picture (avatar);
 *       {@code spec.memberOf} the user's teams.
 *   <li>Group: name = team slug, in the organisation's namespace (lower case) unless a single
 *       provider reads a single organisation; annotations {@code github.com/team-slug} ({@code
 *       org/slug}) and {@code backstage.io/edit-url}; {@code spec.type: team}; profile
 *       displayName and picture; {@code spec.parent}, {@code spec.children} (both directions
 *       filled in, as Backstage's {@code buildOrgHierarchy}); {@code spec.members} as {@code
 *       default/<login>}.
 *   <li>Locations: {@code url:https://<host>/<login>} and {@code
 *       url:https://<host>/orgs/<org>/teams/<slug>}; the location key {@code
 *       github-multi-org-provider:<id>}.
 * </ul>
 *
 * The catalog turns {@code memberOf}/{@code members}/{@code parent}/{@code children} into the
 * {@code memberOf}/{@code hasMember}/{@code childOf}/{@code parentOf} relations. Entities are
 * applied as one full mutation, in Backstage's order.
 *
 * <p>Events {@code github.organization}, {@code github.team}, {@code github.membership} and
 * {@code github.installation} for a configured organisation trigger a full read at once (Backstage
 * applies deltas computed from extra queries; the outcome is the same set of entities). Thread-safe.
 */
public final class GithubOrgEntityProvider extends GithubProvider {
  private static final Logger LOG = LoggerFactory.getLogger(GithubOrgEntityProvider.class);
  private static final Set<String> TOPICS = Set.of("github.installation", "github.membership",
      "github.organization", "github.team");
  static final String USER_LOGIN = "github.com/user-login";
  static final String USER_ID = "github.com/user-id";
  static final String TEAM_SLUG = "github.com/team-slug";
  static final String LOCATION = "backstage.io/managed-by-location";
  static final String ORIGIN = "backstage.io/managed-by-origin-location";

  private static final String USERS_QUERY = """
      query users($org: String!, $email: Boolean!, $cursor: String, $organizationMembersPageSize: Int!) {
        organization(login: $org) {
          membersWithRole(first: $organizationMembersPageSize, after: $cursor) {
            pageInfo { hasNextPage, endCursor }
            nodes { avatarUrl, bio, email @include(if: $email), id, login, name, organizationVerifiedDomainEmails(login: $org) }
          }
        }
      }""";

  private static final String TEAMS_QUERY = """
      query teams($org: String!, $cursor: String, $teamsPageSize: Int!, $membersPageSize: Int!) {
        organization(login: $org) {
          teams(first: $teamsPageSize, after: $cursor) {
            pageInfo { hasNextPage, endCursor }
            nodes {
              slug combinedSlug name description avatarUrl editTeamUrl
              parentTeam { slug }
              members(first: $membersPageSize, membership: IMMEDIATE) {
                pageInfo { hasNextPage }
                nodes { login }
              }
            }
          }
        }
      }""";

  private static final String MEMBERS_QUERY = """
      query members($org: String!, $teamSlug: String!, $cursor: String, $membersPageSize: Int!) {
        organization(login: $org) {
          team(slug: $teamSlug) {
            members(first: $membersPageSize, after: $cursor, membership: IMMEDIATE) {
              pageInfo { hasNextPage, endCursor }
              nodes { login }
            }
          }
        }
      }""";

  private final GithubOrgEntityProviderConfig config;
  private final GithubGraphql graphql;

  GithubOrgEntityProvider(GithubOrgEntityProviderConfig config, GithubGraphql graphql,
      Backoff backoff, SchedulingBuilder<?> settings) {
    super("GithubMultiOrgEntityProvider:" + config.id(), backoff, settings, config.schedule(),
        "catalog.providers.githubOrg." + config.id() + ".schedule");
    this.config = config;
    this.graphql = graphql;
  }

  @Override
  Logger log() {
    return LOG;
  }

  /** The location key of the provider's entities. */
  public String locationKey() {
    return "github-multi-org-provider:" + config.id();
  }

  /** The provider's settings. */
  public GithubOrgEntityProviderConfig config() {
    return config;
  }

  @Override
  public Set<String> topics() {
    return TOPICS;
  }

  @Override
  List<DeferredEntity> read() {
    Map<String, ObjectNode> allUsers = new LinkedHashMap<>();
    List<ObjectNode> allTeams = new ArrayList<>();
    List<String> orgs = config.orgs().isEmpty()
        ? graphql.organizationInstallations(null) : config.orgs();
    for (String org : orgs) {
      Credentials c = graphql.credentials(org).orElseThrow(() -> new GithubProviderException(
          Kind.CREDENTIALS, "No GitHub credentials available for org '" + org + "' at "
              + config.host() + " (integration integrations.github host " + config.host()
              + "): configure a token or a GitHub App installed for it; nothing is read, so"
              + " that no entity is deleted", null, null));
      ObjectNode vars = Json.object();
      vars.put("org", org);
      vars.put("email", c.type() == GithubCredentialsProvider.Type.TOKEN);
      vars.put("organizationMembersPageSize", config.membersPageSize());
      List<JsonNode> users = graphql.queryAll(c, "members of organization " + org, USERS_QUERY,
          vars, d -> d.path("organization").isObject()
              ? d.path("organization").path("membersWithRole") : null);
      ObjectNode tvars = Json.object();
      tvars.put("org", org);
      tvars.put("teamsPageSize", config.teamsPageSize());
      tvars.put("membersPageSize", config.teamMembersPageSize());
      List<JsonNode> teamNodes = graphql.queryAll(c, "teams of organization " + org, TEAMS_QUERY,
          tvars, d -> d.path("organization").isObject()
              ? d.path("organization").path("teams") : null);
      List<ObjectNode> teams = new ArrayList<>();
      for (JsonNode t : teamNodes) {
        teams.add(group(t, org, members(c, org, t)));
      }
      List<ObjectNode> pending = new ArrayList<>();
      for (JsonNode u : users) {
        ObjectNode user = user(u);
        pending.add(allUsers.computeIfAbsent(
            "user:default/" + user.path("metadata").path("name").asString(), k -> user));
      }
      buildHierarchy(teams);
      assignGroups(pending, teams);
      allTeams.addAll(teams);
    }
    List<ObjectNode> all = new ArrayList<>(allUsers.values());
    all.addAll(allTeams);
    String base = "https://" + config.host();
    all.forEach(e -> withLocations(base, e));
    all.sort(Comparator.<ObjectNode, String>comparing(e -> e.path("metadata").path("name").asString(""))
        .thenComparing(e -> e.path("metadata").path("annotations").path(LOCATION).asString(""))
        .thenComparing(e -> e.path("kind").asString(""))
        .thenComparing(e -> e.path("metadata").path("namespace").asString("")));
    List<DeferredEntity> out = new ArrayList<>();
    for (ObjectNode e : all) {
      out.add(new DeferredEntity(Entity.fromJson(e), locationKey()));
    }
    LOG.info("{} read {} users and {} teams of {}", name(), allUsers.size(), allTeams.size(),
        config.orgs());
    return out;
  }

  private List<String> members(Credentials c, String org, JsonNode team) {
    JsonNode members = team.path("members");
    List<String> logins = new ArrayList<>();
    if (!members.path("pageInfo").path("hasNextPage").asBoolean(false)) {
      members.path("nodes").forEach(m -> logins.add(m.path("login").asString("")));
      return logins;
    }
    ObjectNode vars = Json.object();
    vars.put("org", org);
    vars.put("teamSlug", team.path("slug").asString(""));
    vars.put("membersPageSize", config.teamMembersPageSize());
    graphql.queryAll(c, "members of team " + org + "/" + team.path("slug").asString(""),
        MEMBERS_QUERY, vars, d -> d.path("organization").path("team").isObject()
            ? d.path("organization").path("team").path("members") : null)
        .forEach(m -> logins.add(m.path("login").asString("")));
    return logins;
  }

  /** Backstage's {@code buildDefaultUserTransformer}. */
  private ObjectNode user(JsonNode item) {
    ObjectNode e = Json.object();
    e.put("apiVersion", "backstage.io/v1alpha1");
    e.put("kind", "User");
    ObjectNode meta = e.putObject("metadata");
    String login = item.path("login").asString("");
    meta.put("name", login);
    ObjectNode ann = meta.putObject("annotations");
    ann.put(USER_LOGIN, login);
    if (truthy(item.path("id"))) {
      ann.put(USER_ID, item.path("id").asString());
    }
    ObjectNode spec = e.putObject("spec");
    ObjectNode profile = spec.putObject("profile");
    spec.putArray("memberOf");
    if (truthy(item.path("bio"))) {
      meta.put("description", item.path("bio").asString());
    }
    if (truthy(item.path("name"))) {
      profile.put("displayName", item.path("name").asString());
    }
    String email = null;
    if (config.useVerifiedEmails() && item.path("organizationVerifiedDomainEmails").isArray()
        && !item.path("organizationVerifiedDomainEmails").isEmpty()) {
      email = item.path("organizationVerifiedDomainEmails").get(0).asString("")
          .replaceFirst("\\+[^@]*", "");
    } else if (truthy(item.path("email"))) {
      email = item.path("email").asString();
    }
    if (email != null && !email.isEmpty()) {
      profile.put("email", email);
    }
    if (truthy(item.path("avatarUrl"))) {
      profile.put("picture", item.path("avatarUrl").asString());
    }
    return e;
  }

  /** Backstage's {@code defaultOrganizationTeamTransformer} as the multi-org provider runs it. */
  private ObjectNode group(JsonNode team, String org, List<String> members) {
    ObjectNode e = Json.object();
    e.put("apiVersion", "backstage.io/v1alpha1");
    e.put("kind", "Group");
    ObjectNode meta = e.putObject("metadata");
    meta.put("name", team.path("slug").asString(""));
    ObjectNode ann = meta.putObject("annotations");
    ann.put(TEAM_SLUG, team.path("combinedSlug").asString(""));
    if (truthy(team.path("editTeamUrl"))) {
      ann.put("backstage.io/edit-url", team.path("editTeamUrl").asString());
    }
    ObjectNode spec = e.putObject("spec");
    spec.put("type", "team");
    ObjectNode profile = spec.putObject("profile");
    spec.putArray("children");
    if (truthy(team.path("description"))) {
      meta.put("description", team.path("description").asString());
    }
    if (truthy(team.path("name"))) {
      profile.put("displayName", team.path("name").asString());
    }
    if (truthy(team.path("avatarUrl"))) {
      profile.put("picture", team.path("avatarUrl").asString());
    }
    if (team.path("parentTeam").isObject()) {
      spec.put("parent", team.path("parentTeam").path("slug").asString(""));
    }
    ArrayNode m = spec.putArray("members");
    members.forEach(login -> m.add("default/" + login));
    if (!config.alwaysUseDefaultNamespace()) {
      meta.put("namespace", org.toLowerCase(Locale.ROOT));
    }
    return e;
  }

  /** Backstage's {@code buildOrgHierarchy}: parents list their children and children their parent. */
  static void buildHierarchy(List<ObjectNode> groups) {
    Map<String, ObjectNode> byName = new HashMap<>();
    groups.forEach(g -> byName.put(g.path("metadata").path("name").asString(), g));
    for (ObjectNode g : groups) {
      String self = g.path("metadata").path("name").asString();
      JsonNode parentName = g.path("spec").path("parent");
      if (parentName.isString() && !parentName.asString().isEmpty()) {
        ObjectNode parent = byName.get(parentName.asString());
        if (parent != null && !contains(parent.path("spec").path("children"), self)) {
          ((ArrayNode) parent.path("spec").path("children")).add(self);
        }
      }
    }
    for (ObjectNode g : groups) {
      String self = g.path("metadata").path("name").asString();
      for (JsonNode child : g.path("spec").path("children")) {
        ObjectNode c = byName.get(child.asString());
        if (c != null && !truthy(c.path("spec").path("parent"))) {
          ((ObjectNode) c.path("spec")).put("parent", self);
        }
      }
    }
  }

  /** Backstage's {@code assignGroupsToUsers}. */
  static void assignGroups(List<ObjectNode> users, List<ObjectNode> groups) {
    Map<String, ObjectNode> byRef = new HashMap<>();
    users.forEach(u -> byRef.put("user:default/" + u.path("metadata").path("name").asString(), u));
    for (ObjectNode g : groups) {
      String ns = g.path("metadata").path("namespace").asString("");
      String name = g.path("metadata").path("name").asString();
      String key = !ns.isEmpty() && !ns.equals("default") ? ns + "/" + name : name;
      for (JsonNode m : g.path("spec").path("members")) {
        ObjectNode u = byRef.get(userRef(m.asString("")));
        if (u != null && !contains(u.path("spec").path("memberOf"), key)) {
          ((ArrayNode) u.path("spec").path("memberOf")).add(key);
        }
      }
    }
  }

  /** {@code [user:][namespace/]name} as {@code user:namespace/name}, namespace default. */
  private static String userRef(String ref) {
    String r = ref;
    int colon = r.indexOf(':');
    String kind = "user";
    if (colon >= 0) {
      kind = r.substring(0, colon).toLowerCase(Locale.ROOT);
      r = r.substring(colon + 1);
    }
    int slash = r.indexOf('/');
    String ns = slash < 0 ? "default" : r.substring(0, slash);
    return kind + ":" + ns + "/" + (slash < 0 ? r : r.substring(slash + 1));
  }

  /** Backstage's multi-org {@code withLocations}. */
  static void withLocations(String baseUrl, ObjectNode entity) {
    ObjectNode meta = (ObjectNode) entity.path("metadata");
    ObjectNode ann = meta.path("annotations").isObject() ? (ObjectNode) meta.path("annotations")
        : meta.putObject("annotations");
    String login = truthy(ann.path(USER_LOGIN)) ? ann.path(USER_LOGIN).asString()
        : meta.path("name").asString("");
    String org = meta.path("namespace").asString("");
    String team = meta.path("name").asString("");
    if (truthy(ann.path(TEAM_SLUG))) {
      String[] parts = ann.path(TEAM_SLUG).asString().split("/", -1);
      if (parts.length != 2) {
        throw new GithubProviderException(Kind.ANSWER, "Github team slug '"
            + ann.path(TEAM_SLUG).asString() + "' was not in the expected format"
            + " <organisation>/<team>", null, null);
      }
      org = parts[0];
      team = parts[1];
    }
    String location = entity.path("kind").asString("").equals("Group")
        ? "url:" + baseUrl + "/orgs/" + org + "/teams/" + team : "url:" + baseUrl + "/" + login;
    if (!ann.has(LOCATION)) {
      ann.put(LOCATION, location);
    }
    if (!ann.has(ORIGIN)) {
      ann.put(ORIGIN, location);
    }
  }

  private static boolean truthy(JsonNode n) {
    return n.isString() ? !n.asString().isEmpty() : n.isNumber() ? n.asDouble() != 0
        : n.isBoolean() ? n.asBoolean() : n.isObject() || n.isArray();
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (n.asString("").equals(value)) {
        return true;
      }
    }
    return false;
  }

  // ---- events

  @Override
  public void onEvent(EventParams event) {
    JsonNode p = event.payload();
    String org = p.path("organization").path("login").asString(
        p.path("installation").path("account").path("login").asString(""));
    List<String> orgs = config.orgs().isEmpty()
        ? graphql.organizationInstallations(null) : config.orgs();
    if (!orgs.contains(org)) {
      LOG.debug("{} skips an event of {} for organization {}", name(), event.topic(), org);
      return;
    }
    String action = p.path("action").asString("");
    boolean relevant = switch (event.topic()) {
      case "github.organization" -> action.equals("member_added") || action.equals("member_removed");
      case "github.team" -> action.equals("created") || action.equals("deleted")
          || action.equals("edited");
      case "github.membership" -> action.equals("added") || action.equals("removed");
      case "github.installation" -> action.equals("created");
      default -> false;
    };
    if (relevant) {
      LOG.info("{} reads {} again after {} {}", name(), org, event.topic(), action);
      trigger();
    }
  }

  @Override
  public String toString() {
    return name() + "{orgs=" + (config.orgs().isEmpty() ? "installations of the host's Apps"
        : config.orgs()) + ",host=" + config.host() + "}";
  }
}
