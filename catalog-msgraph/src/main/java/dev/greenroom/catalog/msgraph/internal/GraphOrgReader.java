package dev.greenroom.catalog.msgraph.internal;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.msgraph.MicrosoftGraphOrg;
import dev.greenroom.catalog.msgraph.MicrosoftGraphProviderConfig;
import dev.greenroom.catalog.msgraph.MicrosoftGraphTransformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a tenant's users, groups and organization into entities as Backstage's {@code
 * readMicrosoftGraphOrg} does, with its default transformers:
 *
 * <ul>
 *   <li>users from {@code user.path} (or, with {@code userGroupMember}, the user members of the
 *       matching groups), disabled accounts skipped; named by {@code normalizeEntityName} of
 *       {@code mail}, else {@code userPrincipalName}; annotations {@code graph.microsoft.com/user-id}
 *       and {@code microsoft.com/email}; a photo up to 120 pixels when {@code loadPhotos};
 *   <li>the organization as the {@code root} group, named from its display name, annotated with
 *       {@code graph.microsoft.com/tenant-id};
 *   <li>groups of type {@code team}, named from {@code displayName} (security groups) or {@code
 *       mailNickname}; annotation {@code graph.microsoft.com/group-id}; their direct members:
 *       users become the user's {@code spec.memberOf}, groups the group's {@code spec.children}
 *       (and the child's {@code spec.parent}); with {@code includeSubGroups} the member groups are
 *       read and emitted too; groups without a parent become children of the root group.
 * </ul>
 *
 * Reads run one after another on the caller's thread.
 */
public final class GraphOrgReader {
  private static final Logger LOG = LoggerFactory.getLogger(GraphOrgReader.class);

  public static final String USER_ID_ANNOTATION = "graph.microsoft.com/user-id";
  public static final String GROUP_ID_ANNOTATION = "graph.microsoft.com/group-id";
  public static final String TENANT_ID_ANNOTATION = "graph.microsoft.com/tenant-id";
  public static final String EMAIL_ANNOTATION = "microsoft.com/email";

  static final List<String> DEFAULT_USER_SELECT = List.of("businessPhones", "displayName",
      "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage",
      "surname", "userPrincipalName");
  static final List<String> MINIMUM_USER_SELECT = List.of("id", "accountEnabled");
  static final int PHOTO_MAX_SIZE = 120;

  private GraphOrgReader() {}

  /** The transformers a read applies; null members use the defaults alone. */
  public record Transformers(@Nullable MicrosoftGraphTransformer user,
      @Nullable MicrosoftGraphTransformer group,
      @Nullable MicrosoftGraphTransformer organization) {
    public static final Transformers NONE = new Transformers(null, null, null);
  }

  private static @Nullable ObjectNode apply(@Nullable MicrosoftGraphTransformer t, JsonNode object,
      @Nullable ObjectNode standard, String what) {
    if (t == null) {
      return standard;
    }
    Entity result;
    try {
      result = t.transform(object, standard == null ? null : Entity.fromJson(standard));
    } catch (RuntimeException e) {
      throw new dev.greenroom.catalog.msgraph.MicrosoftGraphException("the " + what
          + " transformer failed on " + object.path("id").asString("an object without id")
          + ": " + e, e);
    }
    return result == null ? null : result.toJson().deepCopy();
  }

  /** Reads the organization with {@code client}. */
  public static MicrosoftGraphOrg read(GraphClient client, MicrosoftGraphProviderConfig c,
      long maxPhotoBytes, Transformers transformers) {
    List<ObjectNode> users = c.userGroupMemberFilter() != null
        || c.userGroupMemberSearch() != null || c.userGroupMemberPath() != null
        ? usersInGroups(client, c, maxPhotoBytes, transformers.user())
        : users(client, c, maxPhotoBytes, transformers.user());

    Map<String, Set<String>> groupMember = new LinkedHashMap<>();
    Map<String, Set<String>> groupMemberOf = new LinkedHashMap<>();
    List<ObjectNode> groups = new ArrayList<>();
    JsonNode organization = client.object("organization/" + GraphClient.enc(c.tenantId()));
    ObjectNode root = apply(transformers.organization(), organization, organization(organization),
        "organization");
    if (root != null) {
      groups.add(root);
    }
    Set<String> seenGroups = new java.util.HashSet<>();
    List<JsonNode> listed = new ArrayList<>();
    client.collection(c.groupPath(), new GraphClient.Query(c.groupSearch(), c.groupFilter(),
        c.groupSelect(), c.groupExpand(), GraphClient.PAGE_SIZE), c.queryMode(), listed::add);
    for (JsonNode group : listed) {
      ObjectNode entity = apply(transformers.group(), group, group(group), "group");
      if (entity == null || !seenGroups.add(group.path("id").asString())) {
        continue;
      }
      String groupId = group.path("id").asString();
      List<JsonNode> members = new ArrayList<>();
      client.collection("groups/" + GraphClient.enc(groupId) + "/members",
          GraphClient.Query.top(GraphClient.PAGE_SIZE), null, members::add);
      for (JsonNode member : members) {
        String memberId = member.path("id").asString("");
        if (memberId.isEmpty()) {
          continue;
        }
        String type = member.path("@odata.type").asString("");
        if (type.equals("#microsoft.graph.user")) {
          ensure(groupMemberOf, memberId, groupId);
        } else if (type.equals("#microsoft.graph.group")) {
          ensure(groupMember, groupId, memberId);
          if (c.groupIncludeSubGroups()) {
            ObjectNode sub = apply(transformers.group(), member, group(member), "group");
            if (sub != null && seenGroups.add(memberId)) {
              groups.add(sub);
              client.collection("groups/" + GraphClient.enc(memberId) + "/members",
                  GraphClient.Query.top(GraphClient.PAGE_SIZE), null, subMember -> {
                    String subId = subMember.path("id").asString("");
                    String subType = subMember.path("@odata.type").asString("");
                    if (subId.isEmpty()) {
                      return;
                    }
                    if (subType.equals("#microsoft.graph.user")) {
                      ensure(groupMemberOf, subId, memberId);
                    } else if (subType.equals("#microsoft.graph.group")) {
                      ensure(groupMember, memberId, subId);
                    }
                  });
            }
          }
        }
      }
      groups.add(entity);
    }
    resolve(root, groups, users, groupMember, groupMemberOf);
    Comparator<ObjectNode> byName = Comparator.comparing(
        (ObjectNode e) -> e.path("metadata").path("name").asString(""),
        String.CASE_INSENSITIVE_ORDER);
    users.sort(byName);
    groups.sort(byName);
    return new MicrosoftGraphOrg(users.stream().map(Entity::fromJson).toList(),
        groups.stream().map(Entity::fromJson).toList());
  }

  // ---- users

  static List<String> userSelect(List<String> select) {
    List<String> base = new ArrayList<>(select.isEmpty() ? DEFAULT_USER_SELECT : select);
    Set<String> lower = new java.util.HashSet<>();
    base.forEach(s -> lower.add(s.toLowerCase(Locale.ROOT)));
    for (String m : MINIMUM_USER_SELECT) {
      if (!lower.contains(m.toLowerCase(Locale.ROOT))) {
        base.add(m);
      }
    }
    return base;
  }

  private static List<ObjectNode> users(GraphClient client, MicrosoftGraphProviderConfig c,
      long maxPhotoBytes, @Nullable MicrosoftGraphTransformer transformer) {
    List<JsonNode> raw = new ArrayList<>();
    client.collection(c.userPath(), new GraphClient.Query(null, c.userFilter(),
        userSelect(c.userSelect()), c.userExpand(), GraphClient.PAGE_SIZE), c.queryMode(), u -> {
          if (!u.path("accountEnabled").isBoolean() || u.path("accountEnabled").asBoolean()) {
            raw.add(u);
          }
        });
    return transformUsers(client, raw, c.loadUserPhotos(), maxPhotoBytes, transformer);
  }

  private static List<ObjectNode> usersInGroups(GraphClient client, MicrosoftGraphProviderConfig c,
      long maxPhotoBytes, @Nullable MicrosoftGraphTransformer transformer) {
    List<JsonNode> groups = new ArrayList<>();
    client.collection(c.userGroupMemberPath() != null ? c.userGroupMemberPath() : "groups",
        new GraphClient.Query(c.userGroupMemberSearch(), c.userGroupMemberFilter(),
            List.of("id", "displayName"), c.groupExpand(), GraphClient.PAGE_SIZE),
        c.queryMode(), groups::add);
    Map<String, JsonNode> users = new LinkedHashMap<>();
    for (JsonNode g : groups) {
      client.collection("groups/" + GraphClient.enc(g.path("id").asString())
              + "/members/microsoft.graph.user/",
          new GraphClient.Query(null, null, userSelect(c.userSelect()), c.userExpand(),
              GraphClient.PAGE_SIZE), c.queryMode(), u -> {
            if (!u.path("accountEnabled").isBoolean() || u.path("accountEnabled").asBoolean()) {
              users.put(u.path("id").asString(""), u);
            }
          });
    }
    LOG.info("Read {} users from the membership of {} groups", users.size(), groups.size());
    return transformUsers(client, new ArrayList<>(users.values()), c.loadUserPhotos(),
        maxPhotoBytes, transformer);
  }

  private static List<ObjectNode> transformUsers(GraphClient client, List<JsonNode> raw,
      boolean photos, long maxPhotoBytes, @Nullable MicrosoftGraphTransformer transformer) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode u : raw) {
      String photo = null;
      if (photos && !u.path("id").asString("").isEmpty()) {
        try {
          photo = client.userPhoto(u.path("id").asString(), PHOTO_MAX_SIZE, maxPhotoBytes)
              .orElse(null);
        } catch (RuntimeException e) {
          LOG.debug("Unable to load user photo for {}: {}", u.path("id").asString(),
              e.getMessage());
        }
      }
      ObjectNode entity = apply(transformer, u, user(u, photo), "user");
      if (entity != null) {
        out.add(entity);
      }
    }
    return out;
  }

  // ---- default transformers

  /** Backstage's {@code normalizeEntityName}. */
  public static String normalizeEntityName(String name) {
    String cleaned = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-zA-Z0-9_\\-.]", "_");
    while (cleaned.endsWith("_")) {
      cleaned = cleaned.substring(0, cleaned.length() - 1);
    }
    while (cleaned.contains("__")) {
      cleaned = cleaned.replace("__", "_");
    }
    return cleaned;
  }

  static @Nullable ObjectNode user(JsonNode u, @Nullable String photo) {
    String id = text(u, "id");
    String displayName = text(u, "displayName");
    if (id == null || displayName == null) {
      return null;
    }
    String mail = text(u, "mail");
    String upn = text(u, "userPrincipalName");
    String name = normalizeEntityName(mail != null ? mail : upn != null ? upn : "");
    ObjectNode e = Json.object();
    e.put("apiVersion", "backstage.io/v1alpha1");
    e.put("kind", "User");
    ObjectNode meta = e.putObject("metadata");
    meta.put("name", name);
    ObjectNode ann = meta.putObject("annotations");
    ann.put(USER_ID_ANNOTATION, id);
    ObjectNode spec = e.putObject("spec");
    ObjectNode profile = spec.putObject("profile");
    profile.put("displayName", displayName);
    spec.putArray("memberOf");
    if (mail != null) {
      ann.put(EMAIL_ANNOTATION, mail);
      profile.put("email", mail);
    }
    if (photo != null) {
      profile.put("picture", photo);
    }
    return e;
  }

  static @Nullable ObjectNode group(JsonNode g) {
    String id = text(g, "id");
    String displayName = text(g, "displayName");
    if (id == null || displayName == null) {
      return null;
    }
    String nickname = text(g, "mailNickname");
    String source = g.path("securityEnabled").asBoolean(false) ? displayName
        : nickname != null ? nickname : displayName;
    ObjectNode e = Json.object();
    e.put("apiVersion", "backstage.io/v1alpha1");
    e.put("kind", "Group");
    ObjectNode meta = e.putObject("metadata");
    meta.put("name", normalizeEntityName(source));
    meta.putObject("annotations").put(GROUP_ID_ANNOTATION, id);
    ObjectNode spec = e.putObject("spec");
    spec.put("type", "team");
    ObjectNode profile = spec.putObject("profile");
    spec.putArray("children");
    String description = text(g, "description");
    if (description != null) {
      meta.put("description", description);
    }
    profile.put("displayName", displayName);
    String mail = text(g, "mail");
    if (mail != null) {
      profile.put("email", mail);
    }
    return e;
  }

  static @Nullable ObjectNode organization(JsonNode o) {
    String id = text(o, "id");
    String displayName = text(o, "displayName");
    if (id == null || displayName == null) {
      return null;
    }
    ObjectNode e = Json.object();
    e.put("apiVersion", "backstage.io/v1alpha1");
    e.put("kind", "Group");
    ObjectNode meta = e.putObject("metadata");
    meta.put("name", normalizeEntityName(displayName));
    meta.put("description", displayName);
    meta.putObject("annotations").put(TENANT_ID_ANNOTATION, id);
    ObjectNode spec = e.putObject("spec");
    spec.put("type", "root");
    spec.putObject("profile").put("displayName", displayName);
    spec.putArray("children");
    return e;
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isString() && !v.asString().isEmpty() ? v.asString() : null;
  }

  // ---- relations

  /** The list at {@code field}, made when a transformer left it out. */
  private static ArrayNode array(ObjectNode spec, String field) {
    JsonNode a = spec.get(field);
    return a instanceof ArrayNode list ? list : spec.putArray(field);
  }

  /** Backstage's stringifyEntityRef: namespace {@code default} when absent, all lower-cased. */
  private static String ref(ObjectNode e) {
    String ns = e.path("metadata").path("namespace").asString("");
    return (e.path("kind").asString("") + ":" + (ns.isEmpty() ? "default" : ns) + "/"
        + e.path("metadata").path("name").asString("")).toLowerCase(Locale.ROOT);
  }

  private static String annotation(ObjectNode e, String key) {
    return e.path("metadata").path("annotations").path(key).asString("");
  }

  private static void ensure(Map<String, Set<String>> target, String key, String value) {
    target.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
  }

  private static Set<String> items(Map<String, Set<String>> target, String key) {
    return new TreeSet<>(target.getOrDefault(key, Set.of()));
  }

  /** Backstage's {@code resolveRelations} for Microsoft Graph. */
  static void resolve(@Nullable ObjectNode root, List<ObjectNode> groups, List<ObjectNode> users,
      Map<String, Set<String>> groupMember, Map<String, Set<String>> groupMemberOf) {
    Map<String, ObjectNode> byId = new HashMap<>();
    for (ObjectNode g : groups) {
      String gid = annotation(g, GROUP_ID_ANNOTATION);
      if (!gid.isEmpty()) {
        byId.put(gid, g);
      }
      String tid = annotation(g, TENANT_ID_ANNOTATION);
      if (!tid.isEmpty()) {
        byId.put(tid, g);
      }
    }
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    groupMember.forEach((groupId, members) -> members.forEach(m -> ensure(parents, m, groupId)));
    if (root != null) {
      String tenantId = annotation(root, TENANT_ID_ANNOTATION);
      for (ObjectNode g : groups) {
        String gid = annotation(g, GROUP_ID_ANNOTATION);
        if (!gid.isEmpty() && items(parents, gid).isEmpty()) {
          ensure(parents, gid, tenantId);
          ensure(groupMember, tenantId, gid);
        }
      }
    }
    for (ObjectNode g : groups) {
      String id = annotation(g, GROUP_ID_ANNOTATION);
      if (id.isEmpty()) {
        id = annotation(g, TENANT_ID_ANNOTATION);
      }
      ObjectNode spec = g.withObjectProperty("spec");
      ArrayNode children = array(spec, "children");
      for (String m : items(groupMember, id)) {
        ObjectNode child = byId.get(m);
        if (child != null) {
          children.add(ref(child));
        }
      }
      for (String p : items(parents, id)) {
        if (spec.has("parent")) {
          break;
        }
        ObjectNode parent = byId.get(p);
        if (parent != null) {
          spec.put("parent", ref(parent));
        }
      }
    }
    // Backstage's buildOrgHierarchy and buildMemberOf for Graph key groups by metadata.name while
    // parent, children and memberOf hold entity refs, so they change nothing: memberOf stays the
    // direct memberships, and the hierarchy is the one resolved above
    for (ObjectNode u : users) {
      String id = annotation(u, USER_ID_ANNOTATION);
      ArrayNode memberOf = array(u.withObjectProperty("spec"), "memberOf");
      Set<String> seen = new LinkedHashSet<>();
      for (String p : items(groupMemberOf, id)) {
        ObjectNode group = byId.get(p);
        if (group != null && seen.add(ref(group))) {
          memberOf.add(ref(group));
        }
      }
    }
  }

}
