package dev.greenroom.catalog.msgraph;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code catalog.providers.microsoftGraphOrg.<id>}, with Backstage's defaults:
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     microsoftGraphOrg:
 *       default:
 *         target: https://graph.microsoft.com/v1.0          # default
 *         authority: https://login.microsoftonline.com      # default
 *         tenantId: ${AZURE_TENANT_ID}
 *         clientId: ${AZURE_CLIENT_ID}
 *         clientSecret: ${AZURE_CLIENT_SECRET}
 *         user:
 *           filter: accountEnabled eq true and userType eq 'member'
 *           select: [id, displayName, mail, userPrincipalName]
 *           loadPhotos: true                                 # default
 *         userGroupMember:                                   # instead of user.filter: users of these groups
 *           filter: "displayName eq 'Backstage Users'"
 *         group:
 *           filter: securityEnabled eq false
 *           search: '"description:One" AND ("displayName:Video" OR "displayName:Drive")'
 *           includeSubGroups: true
 *         schedule: { frequency: PT1H, timeout: PT50M }
 * }</pre>
 *
 * <p>When {@code microsoftGraphOrg} itself holds {@code clientId}, it is one provider with id
 * {@code default}, as in Backstage. Greenroom signs in with the client-credentials grant only, so
 * {@code clientId} and {@code clientSecret} are required (Backstage falls back to Azure's default
 * credential chain without them). Immutable; {@link #toString()} never shows the secret.
 *
 * @param id the key under {@code microsoftGraphOrg}
 * @param target Graph's base URL, no trailing slash
 * @param authority the token authority's base URL, no trailing slash
 * @param tenantId the tenant
 * @param clientId the app registration's client id
 * @param clientSecret its secret; never printed
 * @param userExpand {@code user.expand}
 * @param userFilter {@code user.filter}
 * @param userSelect {@code user.select}, empty for Backstage's default fields
 * @param userPath {@code user.path}, default {@code users}
 * @param loadUserPhotos {@code user.loadPhotos}, default true
 * @param userGroupMemberFilter {@code userGroupMember.filter}
 * @param userGroupMemberSearch {@code userGroupMember.search}
 * @param userGroupMemberPath {@code userGroupMember.path}
 * @param groupExpand {@code group.expand}
 * @param groupFilter {@code group.filter}
 * @param groupSearch {@code group.search}
 * @param groupSelect {@code group.select}, empty for all fields
 * @param groupPath {@code group.path}, default {@code groups}
 * @param groupIncludeSubGroups {@code group.includeSubGroups}
 * @param queryMode {@code basic}, {@code advanced} or {@code null}
 * @param schedule when to read, or {@code null} when the host gives one
 */
public record MicrosoftGraphProviderConfig(
    String id,
    String target,
    String authority,
    String tenantId,
    String clientId,
    String clientSecret,
    @Nullable String userExpand,
    @Nullable String userFilter,
    List<String> userSelect,
    String userPath,
    boolean loadUserPhotos,
    @Nullable String userGroupMemberFilter,
    @Nullable String userGroupMemberSearch,
    @Nullable String userGroupMemberPath,
    @Nullable String groupExpand,
    @Nullable String groupFilter,
    @Nullable String groupSearch,
    List<String> groupSelect,
    String groupPath,
    boolean groupIncludeSubGroups,
    @Nullable String queryMode,
    @Nullable TaskSchedule schedule) {

  /** The config path of the providers. */
  public static final String KEY = "catalog.providers.microsoftGraphOrg";
  /** Backstage's default target. */
  public static final String DEFAULT_TARGET = "https://graph.microsoft.com/v1.0";
  /** Azure's public cloud authority, the default. */
  public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

  public MicrosoftGraphProviderConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    userSelect = List.copyOf(userSelect);
    groupSelect = List.copyOf(groupSelect);
  }

  /** {@code toString} without the secret. */
  @Override
  public String toString() {
    return "MicrosoftGraphProviderConfig[id=" + id + ", target=" + target + ", authority="
        + authority + ", tenantId=" + tenantId + ", clientId=" + clientId
        + ", clientSecret=<secret>]";
  }

  /**
   * Reads every provider under {@code catalog.providers.microsoftGraphOrg} of an app-config tree;
   * empty when there is none.
   *
   * @throws MicrosoftGraphException naming the key of a missing, mistyped or conflicting value
   */
  public static List<MicrosoftGraphProviderConfig> readAll(JsonNode appConfig) {
    JsonNode all = appConfig.path("catalog").path("providers").path("microsoftGraphOrg");
    if (all.isMissingNode() || all.isNull()) {
      return List.of();
    }
    if (!all.isObject()) {
      throw new MicrosoftGraphException(KEY + " must be an object of providers by id");
    }
    if (all.has("clientId")) {
      return List.of(read("default", all, KEY));
    }
    List<MicrosoftGraphProviderConfig> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : all.properties()) {
      out.add(read(e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * Reads one provider's object (the value of {@code catalog.providers.microsoftGraphOrg.<id>}).
   *
   * @throws MicrosoftGraphException naming the key of a missing, mistyped or conflicting value
   */
  public static MicrosoftGraphProviderConfig read(String id, JsonNode node) {
    return read(id, node, KEY + "." + id);
  }

  private static MicrosoftGraphProviderConfig read(String id, JsonNode c, String key) {
    if (!c.isObject()) {
      throw new MicrosoftGraphException(key + " must be an object");
    }
    String target = url(key + ".target", trimSlash(optional(key, c, "target", DEFAULT_TARGET)));
    String authority = url(key + ".authority",
        trimSlash(optional(key, c, "authority", DEFAULT_AUTHORITY)));
    String tenantId = required(key, c, "tenantId");
    String clientId = optional(key, c, "clientId", null);
    String clientSecret = optional(key, c, "clientSecret", null);
    if (clientId != null && clientSecret == null) {
      throw new MicrosoftGraphException(key + ".clientSecret must be provided when clientId is"
          + " defined.");
    }
    if (clientSecret != null && clientId == null) {
      throw new MicrosoftGraphException(key + ".clientId must be provided when clientSecret is"
          + " defined.");
    }
    if (clientId == null) {
      throw new MicrosoftGraphException(key + ".clientId and " + key + ".clientSecret are"
          + " required: Greenroom signs in to Microsoft Graph with the client-credentials grant"
          + " only (no managed identity or Azure CLI credential)");
    }
    JsonNode user = object(key + ".user", c.get("user"));
    JsonNode group = object(key + ".group", c.get("group"));
    JsonNode ugm = object(key + ".userGroupMember", c.get("userGroupMember"));
    String userFilter = optional(key + ".user", user, "filter", null);
    String ugmFilter = optional(key + ".userGroupMember", ugm, "filter", null);
    String ugmSearch = optional(key + ".userGroupMember", ugm, "search", null);
    String ugmPath = optional(key + ".userGroupMember", ugm, "path", null);
    if (userFilter != null && ugmFilter != null) {
      throw new MicrosoftGraphException(key + ": userFilter and userGroupMemberFilter are mutually"
          + " exclusive, only one can be specified.");
    }
    if (userFilter != null && ugmSearch != null) {
      throw new MicrosoftGraphException(key + ": userGroupMemberSearch cannot be specified when"
          + " userFilter is defined.");
    }
    if (userFilter != null && ugmPath != null) {
      throw new MicrosoftGraphException(key + ": userGroupMemberPath cannot be specified when"
          + " userFilter is defined.");
    }
    String queryMode = optional(key, c, "queryMode", null);
    if (queryMode != null && !queryMode.equals("basic") && !queryMode.equals("advanced")) {
      throw new MicrosoftGraphException(key + ".queryMode must be one of: basic, advanced");
    }
    TaskSchedule schedule = null;
    JsonNode s = c.get("schedule");
    if (s != null && !s.isNull()) {
      try {
        schedule = TaskSchedule.fromConfig(key + ".schedule", s);
      } catch (IllegalArgumentException e) {
        throw new MicrosoftGraphException(e.getMessage(), e);
      }
    }
    return new MicrosoftGraphProviderConfig(id, target, authority, tenantId, clientId,
        clientSecret,
        optional(key + ".user", user, "expand", null), userFilter,
        strings(key + ".user.select", user.get("select")),
        optional(key + ".user", user, "path", "users"),
        bool(key + ".user.loadPhotos", user.get("loadPhotos"), true),
        ugmFilter, ugmSearch, ugmPath,
        optional(key + ".group", group, "expand", null),
        optional(key + ".group", group, "filter", null),
        optional(key + ".group", group, "search", null),
        strings(key + ".group.select", group.get("select")),
        optional(key + ".group", group, "path", "groups"),
        bool(key + ".group.includeSubGroups", group.get("includeSubGroups"), false),
        queryMode, schedule);
  }

  private static String trimSlash(String s) {
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String url(String key, String value) {
    try {
      URI u = URI.create(value);
      if (u.getScheme() == null || u.getHost() == null
          || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw new MicrosoftGraphException(key + " must be an https URL, was '" + value + "'");
    }
    return value;
  }

  private static JsonNode object(String key, @Nullable JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    if (!n.isObject()) {
      throw new MicrosoftGraphException(key + " must be an object");
    }
    return n;
  }

  private static String required(String key, JsonNode c, String field) {
    String v = optional(key, c, field, null);
    if (v == null) {
      throw new MicrosoftGraphException(key + "." + field + " is required");
    }
    return v;
  }

  private static @Nullable String optional(String key, JsonNode c, String field,
      @Nullable String def) {
    JsonNode n = c.get(field);
    if (n == null || n.isNull() || n.isMissingNode()) {
      return def;
    }
    if (!n.isString() || n.asString().isBlank()) {
      throw new MicrosoftGraphException(key + "." + field + " must be a non-empty string");
    }
    return n.asString();
  }

  private static List<String> strings(String key, @Nullable JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new MicrosoftGraphException(key + " must be a list of field names");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isString() || n.get(i).asString().isBlank()) {
        throw new MicrosoftGraphException(key + "[" + i + "] must be a non-empty string");
      }
      out.add(n.get(i).asString());
    }
    return out;
  }

  private static boolean bool(String key, @Nullable JsonNode n, boolean def) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return def;
    }
    if (!n.isBoolean()) {
      throw new MicrosoftGraphException(key + " must be true or false");
    }
    return n.asBoolean();
  }
}
