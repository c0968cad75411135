package dev.greenroom.catalog.gitlab;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code catalog.providers.gitlab} (Backstage's {@code GitlabProviderConfig}), read
 * with Backstage's keys and defaults.
 *
 * @param id the entry's key, part of the providers' names
 * @param host the GitLab integration's host (required)
 * @param group the group (with subgroups, {@code group/sub}) to scan; empty for the whole instance
 * @param branch the branch to look on; null for each project's default branch
 * @param fallbackBranch the branch of projects without a default branch ({@code master})
 * @param catalogFile the catalog file's path in each project ({@code entityFilename}, {@code
 *     catalog-info.yaml})
 * @param projectPattern projects whose {@code path_with_namespace} it finds anything in are kept
 * @param userPattern users whose email (or username) it finds anything in are kept
 * @param groupPatterns groups whose {@code full_path} one of these finds anything in are kept;
 *     for discovery, other than the catch-all, they select the groups to scan
 * @param orgEnabled whether users and groups are read too
 * @param relations the membership relations read ({@code DIRECT}, {@code INHERITED}, ...)
 * @param restrictUsersToGroup on a self-managed host, read only the group's members, not every
 *     user of the instance
 * @param includeUsersWithoutSeat on gitlab.com, keep members without a paid seat (bots excluded)
 * @param includeArchivedRepos whether archived projects are scanned
 * @param skipForkedRepos whether forks are skipped
 * @param excludeRepos projects ({@code path_with_namespace}) never scanned
 * @param membership scan only projects the token's user is a member of
 * @param topics scan only projects with these topics (comma-separated), or null
 * @param useSearch find catalog files with GitLab's blob search ({@code filename:<file>}) in
 *     {@code group} instead of asking each project
 * @param schedule when to refresh; null when the host gives a schedule in code
 */
public record GitlabProviderConfig(
    String id,
    String host,
    String group,
    @Nullable String branch,
    String fallbackBranch,
    String catalogFile,
    Pattern projectPattern,
    Pattern userPattern,
    List<Pattern> groupPatterns,
    boolean orgEnabled,
    List<String> relations,
    boolean restrictUsersToGroup,
    boolean includeUsersWithoutSeat,
    boolean includeArchivedRepos,
    boolean skipForkedRepos,
    List<String> excludeRepos,
    boolean membership,
    @Nullable String topics,
    boolean useSearch,
    @Nullable TaskSchedule schedule) {

  /** Backstage's default pattern: everything. */
  public static final String CATCH_ALL = "[\\s\\S]*";

  private static final Set<String> KEYS = Set.of("host", "group", "branch", "fallbackBranch",
      "entityFilename", "catalogFile", "projectPattern", "userPattern", "groupPattern", "orgEnabled",
      "allowInherited", "relations", "restrictUsersToGroup", "includeUsersWithoutSeat",
      "includeArchivedRepos", "skipForkedRepos", "excludeRepos", "membership", "topics", "useSearch",
      "schedule");

  public GitlabProviderConfig {
    groupPatterns = List.copyOf(groupPatterns);
    relations = List.copyOf(relations);
    excludeRepos = List.copyOf(excludeRepos);
  }

  /** True when {@code groupPatterns} is Backstage's catch-all (no group filtering). */
  public boolean groupPatternIsCatchAll() {
    return groupPatterns.size() == 1 && groupPatterns.get(0).pattern().equals(CATCH_ALL);
  }

  /**
   * Reads every entry of {@code catalog.providers.gitlab}.
   *
   * @param gitlab the {@code catalog.providers.gitlab} object; missing or null gives none
   * @throws GitlabCatalogException naming the key when a value has the wrong shape
   */
  public static List<GitlabProviderConfig> readAll(@Nullable JsonNode gitlab) {
    String base = "catalog.providers.gitlab";
    if (gitlab == null || gitlab.isMissingNode() || gitlab.isNull()) {
      return List.of();
    }
    if (!gitlab.isObject()) {
      throw new GitlabCatalogException(base + " must be an object of provider ids, got " + gitlab.getNodeType());
    }
    List<GitlabProviderConfig> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : gitlab.properties()) {
      out.add(read(e.getKey(), e.getValue(), base + "." + e.getKey()));
    }
    return out;
  }

  /** Reads one entry; {@code key} is its config path, for messages. */
  public static GitlabProviderConfig read(String id, JsonNode node, String key) {
    if (!node.isObject()) {
      throw new GitlabCatalogException(key + " must be an object, got " + node.getNodeType());
    }
    for (String k : node.propertyNames()) {
      if (!KEYS.contains(k)) {
        throw new GitlabCatalogException(key + "." + k + " is not a GitLab provider key; known keys are "
            + new java.util.TreeSet<>(KEYS));
      }
    }
    String host = string(node, "host", key, null);
    if (host == null || host.isBlank()) {
      throw new GitlabCatalogException(key + ".host is required (the host of a GitLab integration)");
    }
    if (node.has("entityFilename") && node.has("catalogFile")) {
      throw new GitlabCatalogException(key + " has both entityFilename and catalogFile; keep entityFilename");
    }
    String catalogFile = string(node, "entityFilename", key,
        string(node, "catalogFile", key, "catalog-info.yaml"));
    if (catalogFile.isBlank() || catalogFile.startsWith("/") || catalogFile.contains("..")) {
      throw new GitlabCatalogException(key + ".entityFilename must be a path inside each project, got '"
          + catalogFile + "'");
    }
    List<Pattern> groupPatterns = new ArrayList<>();
    JsonNode gp = node.get("groupPattern");
    if (gp == null || gp.isNull()) {
      groupPatterns.add(pattern(CATCH_ALL, key + ".groupPattern"));
    } else if (gp.isArray()) {
      int i = 0;
      for (JsonNode p : gp) {
        if (!p.isString()) {
          throw new GitlabCatalogException(key + ".groupPattern[" + i + "] must be a string");
        }
        groupPatterns.add(pattern(p.asString(), key + ".groupPattern[" + i++ + "]"));
      }
    } else if (gp.isString()) {
      groupPatterns.add(pattern(gp.asString(), key + ".groupPattern"));
    } else {
      throw new GitlabCatalogException(key + ".groupPattern must be a string or a list of strings");
    }
    List<String> relations = new ArrayList<>();
    if (node.has("relations")) {
      relations.add("DIRECT");
      for (String r : strings(node, "relations", key)) {
        if (!r.matches("DIRECT|INHERITED|DESCENDANTS|SHARED_FROM_GROUPS")) {
          throw new GitlabCatalogException(key + ".relations holds '" + r
              + "'; expected DIRECT, INHERITED, DESCENDANTS or SHARED_FROM_GROUPS");
        }
        if (!relations.contains(r)) {
          relations.add(r);
        }
      }
    } else {
      relations.add("DIRECT");
      if (bool(node, "allowInherited", key, false)) {
        relations.add("INHERITED");
      }
    }
    TaskSchedule schedule = null;
    if (node.has("schedule")) {
      try {
        schedule = TaskSchedule.fromConfig(key + ".schedule", node.get("schedule"));
      } catch (IllegalArgumentException e) {
        throw new GitlabCatalogException(e.getMessage());
      }
    }
    String group = string(node, "group", key, "").replaceAll("^/+|/+$", "");
    return new GitlabProviderConfig(id, host.toLowerCase(java.util.Locale.ROOT), group,
        string(node, "branch", key, null),
        string(node, "fallbackBranch", key, "master"),
        catalogFile,
        pattern(string(node, "projectPattern", key, CATCH_ALL), key + ".projectPattern"),
        pattern(string(node, "userPattern", key, CATCH_ALL), key + ".userPattern"),
        groupPatterns,
        bool(node, "orgEnabled", key, false),
        relations,
        bool(node, "restrictUsersToGroup", key, false),
        bool(node, "includeUsersWithoutSeat", key, false),
        bool(node, "includeArchivedRepos", key, false),
        bool(node, "skipForkedRepos", key, false),
        node.has("excludeRepos") ? strings(node, "excludeRepos", key) : List.of(),
        bool(node, "membership", key, false),
        string(node, "topics", key, null),
        bool(node, "useSearch", key, false),
        schedule);
  }

  private static Pattern pattern(String regex, String key) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new GitlabCatalogException(key + " is not a valid regular expression: " + e.getDescription());
    }
  }

  private static @Nullable String string(JsonNode node, String field, String key, @Nullable String dflt) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isString()) {
      throw new GitlabCatalogException(key + "." + field + " must be a string, got " + v.getNodeType());
    }
    return v.asString();
  }

  private static boolean bool(JsonNode node, String field, String key, boolean dflt) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isString() && v.asString().matches("true|false")) {
      return Boolean.parseBoolean(v.asString());
    }
    throw new GitlabCatalogException(key + "." + field + " must be true or false, got " + v);
  }

  private static List<String> strings(JsonNode node, String field, String key) {
    JsonNode v = node.get(field);
    if (!v.isArray()) {
      throw new GitlabCatalogException(key + "." + field + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) {
      if (!s.isString()) {
        throw new GitlabCatalogException(key + "." + field + " must be a list of strings");
      }
      out.add(s.asString());
    }
    return out;
  }
}
