package dev.greenroom.catalog.github;

import static dev.greenroom.catalog.github.GithubEntityProviderConfig.bool;
import static dev.greenroom.catalog.github.GithubEntityProviderConfig.string;
import static dev.greenroom.catalog.github.GithubEntityProviderConfig.strings;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One org provider of {@code catalog.providers.githubOrg} (Backstage's {@code
 * catalogModuleGithubOrgEntityProvider}): a list of these, or one object.
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     githubOrg:
 *       - id: production                   # required
 *         githubUrl: https://github.com     # required; names the integration
 *         orgs: [acme, acme-labs]          # else every organisation the integration's Apps are installed in
 *         schedule: { frequency: { hours: 1 }, timeout: { minutes: 15 } }   # required
 *         pageSizes: { teams: 25, teamMembers: 50, organizationMembers: 50 }
 *         defaultUserTransformer: { useVerifiedEmails: false }
 * }</pre>
 *
 * @param id the provider's id
 * @param githubUrl the GitHub origin, for example {@code https://github.com}
 * @param host the {@code host[:port]} of {@code githubUrl}
 * @param orgs the organisations read; empty: those the integration's GitHub Apps are installed in
 * @param schedule when they are read
 * @param teamsPageSize GraphQL page size of teams
 * @param teamMembersPageSize GraphQL page size of team members
 * @param membersPageSize GraphQL page size of organisation members
 * @param useVerifiedEmails take a user's email from the organisation's verified domain emails
 * @param alwaysUseDefaultNamespace groups in the default namespace; Backstage does so when only one
 *     provider with one organisation is configured, else each group is in its organisation's
 *     namespace (lower case)
 */
public record GithubOrgEntityProviderConfig(
    String id,
    String githubUrl,
    String host,
    List<String> orgs,
    TaskSchedule schedule,
    int teamsPageSize,
    int teamMembersPageSize,
    int membersPageSize,
    boolean useVerifiedEmails,
    boolean alwaysUseDefaultNamespace) {
  private static final Set<String> KEYS = Set.of("id", "githubUrl", "orgs", "schedule",
      "pageSizes", "excludeSuspendedUsers", "experimental_checkForSuspendedUsersWithRest",
      "defaultUserTransformer");

  public GithubOrgEntityProviderConfig {
    Objects.requireNonNull(id, "id");
    orgs = List.copyOf(orgs);
  }

  /**
   * Reads {@code catalog.providers.githubOrg}.
   *
   * @param node its value; missing or null gives none
   * @throws IllegalArgumentException naming the key of a wrong value
   */
  public static List<GithubOrgEntityProviderConfig> readAll(@Nullable JsonNode node) {
    String base = "catalog.providers.githubOrg";
    if (node == null || node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        items.add(node.get(i));
        keys.add(base + "[" + i + "]");
      }
    } else if (node.isObject()) {
      items.add(node);
      keys.add(base);
    } else {
      throw new IllegalArgumentException(base + " must be a list of providers or one provider");
    }
    List<GithubOrgEntityProviderConfig> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(read(items.get(i), keys.get(i), items.size()));
    }
    return out;
  }

  private static GithubOrgEntityProviderConfig read(JsonNode node, String key, int definitions) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(key + " must be an object");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!KEYS.contains(e.getKey())) {
        throw new IllegalArgumentException(key + "." + e.getKey()
            + " is not a key of a GitHub org provider (" + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    String id = string(node, "id", key);
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(key + ".id is required");
    }
    String url = string(node, "githubUrl", key);
    if (url == null) {
      throw new IllegalArgumentException(key + ".githubUrl is required");
    }
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ".githubUrl '" + url + "' is not a URL");
    }
    if (u.getHost() == null || u.getScheme() == null) {
      throw new IllegalArgumentException(key + ".githubUrl '" + url + "' is not an http(s) URL");
    }
    String host = u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() < 0 ? "" : ":" + u.getPort());
    List<String> orgs = strings(node, "orgs", key);
    if (orgs == null) {
      orgs = List.of();
    }
    if (!node.has("schedule")) {
      throw new IllegalArgumentException(key + ".schedule is required");
    }
    if (bool(node, "excludeSuspendedUsers", key, false)) {
      throw new IllegalArgumentException(key + ".excludeSuspendedUsers is not supported");
    }
    TaskSchedule schedule = TaskSchedule.fromConfig(key + ".schedule", node.path("schedule"));
    JsonNode sizes = node.path("pageSizes");
    return new GithubOrgEntityProviderConfig(id, u.getScheme() + "://" + host, host, orgs,
        schedule, size(sizes, "teams", 25, key), size(sizes, "teamMembers", 50, key),
        size(sizes, "organizationMembers", 50, key),
        bool(node.path("defaultUserTransformer"), "useVerifiedEmails",
            key + ".defaultUserTransformer", false),
        definitions == 1 && orgs.size() == 1);
  }

  private static int size(JsonNode sizes, String field, int dflt, String key) {
    JsonNode v = sizes.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToExactIntegral() || v.asInt() < 1 || v.asInt() > 100) {
      throw new IllegalArgumentException(key + ".pageSizes." + field
          + " must be a number from 1 to 100");
    }
    return v.asInt();
  }
}
