package dev.greenroom.catalog.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.ldap.LdapEntry;
import dev.greenroom.catalog.ldap.LdapOrg;
import dev.greenroom.catalog.ldap.LdapOrgException;
import dev.greenroom.catalog.ldap.LdapProviderConfig;
import dev.greenroom.catalog.ldap.LdapProviderConfig.GroupConfig;
import dev.greenroom.catalog.ldap.LdapProviderConfig.UserConfig;
import dev.greenroom.catalog.ldap.LdapTransformer;
import dev.greenroom.catalog.model.Entity;
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
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns directory entries into User and Group entities as Backstage's {@code readLdapOrg} does:
 * the default user and group transformers ({@code set} paths first, then the mapped attributes
 * with exactly one value; the {@code backstage.io/ldap-rdn}, {@code -dn} and {@code -uuid}
 * annotations), then {@code resolveRelations}: a user's {@code memberOf} values, a group's {@code
 * memberOf} (its parents) and {@code member} values (users and groups in it) are DNs, UUIDs or
 * RDNs, looked up among what was read; they become {@code spec.memberOf} of users and {@code
 * spec.parent} (when there is exactly one) and {@code spec.children} of groups; references to
 * entries that were not read are dropped. A DN is matched as written, lower-cased, or in the
 * SDK's normalized form (so {@code CN=Team A, OU=x} finds {@code cn=team a,ou=x}).
 */
public final class LdapOrgReader {
  public static final String RDN_ANNOTATION = "backstage.io/ldap-rdn";
  public static final String DN_ANNOTATION = "backstage.io/ldap-dn";
  public static final String UUID_ANNOTATION = "backstage.io/ldap-uuid";

  private LdapOrgReader() {}

  /** An entity being built, with its reference keys. */
  private static final class Item {
    final ObjectNode json;
    String ref = "";

    Item(ObjectNode json) {
      this.json = json;
    }

    String annotation(String key) {
      return json.path("metadata").path("annotations").path(key).asString("");
    }
  }

  /**
   * Reads users and groups with one client and resolves their relations; the transformers, when
   * given, decide each entity from the default one.
   */
  public static LdapOrg read(LdapClient client, LdapProviderConfig config,
      @Nullable LdapTransformer userTransformer, @Nullable LdapTransformer groupTransformer) {
    LdapVendor vendor = null;
    if (!config.users().isEmpty() || !config.groups().isEmpty()) {
      vendor = client.vendor();
      if (config.vendor() != null) {
        vendor = vendor.with(config.vendor().dnAttributeName(), config.vendor().uuidAttributeName());
      }
    }
    List<Item> users = new ArrayList<>();
    Map<String, Set<String>> userMemberOf = new LinkedHashMap<>();
    for (UserConfig cfg : config.users()) {
      LdapVendor v = vendor;
      client.search(cfg.dn(), cfg.options(), entry -> {
        Item item = transformed(user(v, cfg, entry, userTransformer == null), userTransformer, v,
            entry);
        if (item != null) {
          users.add(item);
          references(entry, v, cfg.map().memberOf(), (dn, vs) -> ensure(userMemberOf, dn, vs));
        }
      });
    }
    List<Item> groups = new ArrayList<>();
    Map<String, Set<String>> groupMemberOf = new LinkedHashMap<>();
    Map<String, Set<String>> groupMember = new LinkedHashMap<>();
    for (GroupConfig cfg : config.groups()) {
      LdapVendor v = vendor;
      client.search(cfg.dn(), cfg.options(), entry -> {
        Item item = transformed(group(v, cfg, entry, groupTransformer == null), groupTransformer,
            v, entry);
        if (item != null) {
          groups.add(item);
          references(entry, v, cfg.map().memberOf(), (dn, vs) -> ensure(groupMemberOf, dn, vs));
          references(entry, v, cfg.map().members(), (dn, vs) -> ensure(groupMember, dn, vs));
        }
      });
    }
    resolve(users, groups, userMemberOf, groupMemberOf, groupMember);
    Comparator<Item> byName = Comparator.comparing(
        (Item i) -> i.json.path("metadata").path("name").asString(""),
        String.CASE_INSENSITIVE_ORDER);
    users.sort(byName);
    groups.sort(byName);
    return new LdapOrg(users.stream().map(i -> Entity.fromJson(i.json)).toList(),
        groups.stream().map(i -> Entity.fromJson(i.json)).toList());
  }

  // ---- transformers

  private static @Nullable Item transformed(@Nullable Item standard,
      @Nullable LdapTransformer transformer, LdapVendor vendor, SearchResultEntry entry) {
    if (transformer == null) {
      return standard;
    }
    Entity result;
    try {
      result = transformer.transform(new EntryView(entry, vendor),
          standard == null ? null : Entity.fromJson(standard.json));
    } catch (RuntimeException e) {
      throw new LdapOrgException("the transformer failed on " + entry.getDN() + ": " + e, e);
    }
    if (result == null) {
      return null;
    }
    ObjectNode json = result.toJson().deepCopy();
    Item item = new Item(json);
    item.ref = ref(json);
    return item;
  }

  /** An entry as transformers see it. */
  private record EntryView(SearchResultEntry entry, LdapVendor vendor) implements LdapEntry {
    @Override
    public String dn() {
      return entry.getDN();
    }

    @Override
    public List<String> values(String attribute) {
      return vendor.values(entry, attribute);
    }

    @Override
    public Set<String> attributeNames() {
      Set<String> names = new java.util.LinkedHashSet<>();
      entry.getAttributes().forEach(a -> names.add(a.getName()));
      return names;
    }
  }

  /** The default user; null when the name attribute is missing and {@code strict} is false. */
  static @Nullable Item user(LdapVendor vendor, UserConfig cfg, SearchResultEntry entry,
      boolean strict) {
    ObjectNode e = Json.object();
    e.put("apiVersion", "backstage.io/v1beta1");
    e.put("kind", "User");
    ObjectNode meta = e.putObject("metadata");
    meta.put("name", "");
    meta.putObject("annotations");
    ObjectNode spec = e.putObject("spec");
    spec.putObject("profile");
    spec.putArray("memberOf");
    applySet(e, cfg.set(), "users under " + cfg.dn());
    var m = cfg.map();
    single(entry, vendor, m.name(), v -> meta(e).put("name", v));
    if (meta(e).path("name").asString("").isEmpty()) {
      if (!strict) {
        return null;
      }
      throw new LdapOrgException("User syncing failed: missing '" + m.name() + "' attribute on "
          + entry.getDN() + ", consider applying a user filter to skip processing users with"
          + " incomplete data.");
    }
    single(entry, vendor, m.description(), v -> meta(e).put("description", v));
    annotations(e, vendor, m.rdn(), entry);
    single(entry, vendor, m.displayName(), v -> profile(e).put("displayName", v));
    single(entry, vendor, m.email(), v -> profile(e).put("email", v));
    single(entry, vendor, m.picture(), v -> profile(e).put("picture", v));
    Item item = new Item(e);
    item.ref = ref(e);
    return item;
  }

  /** The default group; null when the name attribute is missing and {@code strict} is false. */
  static @Nullable Item group(LdapVendor vendor, GroupConfig cfg, SearchResultEntry entry,
      boolean strict) {
    ObjectNode e = Json.object();
    e.put("apiVersion", "backstage.io/v1beta1");
    e.put("kind", "Group");
    ObjectNode meta = e.putObject("metadata");
    meta.put("name", "");
    meta.putObject("annotations");
    ObjectNode spec = e.putObject("spec");
    spec.put("type", "unknown");
    spec.putObject("profile");
    spec.putArray("children");
    applySet(e, cfg.set(), "groups under " + cfg.dn());
    var m = cfg.map();
    single(entry, vendor, m.name(), v -> meta(e).put("name", v));
    if (meta(e).path("name").asString("").isEmpty()) {
      if (!strict) {
        return null;
      }
      throw new LdapOrgException("Group syncing failed: missing '" + m.name() + "' attribute on "
          + entry.getDN() + ", consider applying a group filter to skip processing groups with"
          + " incomplete data.");
    }
    single(entry, vendor, m.description(), v -> meta(e).put("description", v));
    annotations(e, vendor, m.rdn(), entry);
    single(entry, vendor, m.type(), v -> spec(e).put("type", v));
    single(entry, vendor, m.displayName(), v -> profile(e).put("displayName", v));
    single(entry, vendor, m.email(), v -> profile(e).put("email", v));
    single(entry, vendor, m.picture(), v -> profile(e).put("picture", v));
    Item item = new Item(e);
    item.ref = ref(e);
    return item;
  }

  private static void annotations(ObjectNode e, LdapVendor vendor, @Nullable String rdn,
      SearchResultEntry entry) {
    ObjectNode ann = annotationsOf(e);
    single(entry, vendor, rdn, v -> ann.put(RDN_ANNOTATION, v));
    single(entry, vendor, vendor.uuidAttributeName(), v -> ann.put(UUID_ANNOTATION, v));
    single(entry, vendor, vendor.dnAttributeName(), v -> ann.put(DN_ANNOTATION, v));
  }

  private static void applySet(ObjectNode e, Map<String, JsonNode> set, String where) {
    for (Map.Entry<String, JsonNode> s : set.entrySet()) {
      try {
        JsonPaths.set(e, s.getKey(), s.getValue());
      } catch (IllegalArgumentException ex) {
        throw new LdapOrgException("set of " + where + ": " + ex.getMessage(), ex);
      }
    }
  }

  /** Calls {@code setter} when the attribute has exactly one value, as Backstage's mapStringAttr. */
  private static void single(SearchResultEntry entry, LdapVendor vendor, @Nullable String attribute,
      Consumer<String> setter) {
    if (attribute == null) {
      return;
    }
    List<String> values = vendor.values(entry, attribute);
    if (values.size() == 1) {
      setter.accept(values.get(0));
    }
  }

  private interface RefSink {
    void accept(String dn, List<String> values);
  }

  private static void references(SearchResultEntry entry, LdapVendor vendor,
      @Nullable String attribute, RefSink sink) {
    if (attribute == null) {
      return;
    }
    List<String> values = vendor.values(entry, attribute);
    List<String> dn = vendor.values(entry, vendor.dnAttributeName());
    if (!values.isEmpty() && dn.size() == 1) {
      sink.accept(dn.get(0), values);
    }
  }

  private static void ensure(Map<String, Set<String>> target, String key, List<String> values) {
    if (key.isEmpty()) {
      return;
    }
    Set<String> set = target.computeIfAbsent(key, k -> new LinkedHashSet<>());
    for (String v : values) {
      if (!v.isEmpty()) {
        set.add(v);
      }
    }
  }

  private static ObjectNode meta(ObjectNode e) {
    return (ObjectNode) e.get("metadata");
  }

  private static ObjectNode annotationsOf(ObjectNode e) {
    JsonNode a = meta(e).get("annotations");
    if (a instanceof ObjectNode o) {
      return o;
    }
    return meta(e).putObject("annotations");
  }

  private static ObjectNode spec(ObjectNode e) {
    JsonNode s = e.get("spec");
    return s instanceof ObjectNode o ? o : e.putObject("spec");
  }

  private static ObjectNode profile(ObjectNode e) {
    JsonNode p = spec(e).get("profile");
    return p instanceof ObjectNode o ? o : spec(e).putObject("profile");
  }

  /**
   * Backstage's stringifyEntityRef: namespace {@code default} when absent, and all of it
   * lower-cased (so a group named {@code Developers} is {@code group:default/developers} in
   * memberOf, parent and children, as Backstage writes them).
   */
  static String ref(ObjectNode e) {
    String ns = e.path("metadata").path("namespace").asString("");
    return (e.path("kind").asString("") + ":" + (ns.isEmpty() ? "default" : ns) + "/"
        + e.path("metadata").path("name").asString("")).toLowerCase(Locale.ROOT);
  }

  // ---- relations

  /** Items by ref, DN (as written, lower-cased, normalized), RDN and UUID. */
  private static final class Index {
    final Map<String, Item> map = new HashMap<>();

    void add(Item i) {
      put(i.ref, i);
      String dn = i.annotation(DN_ANNOTATION);
      put(dn, i);
      put(dn.toLowerCase(Locale.ROOT), i);
      put(normalized(dn), i);
      put(i.annotation(RDN_ANNOTATION), i);
      put(i.annotation(UUID_ANNOTATION), i);
    }

    private void put(@Nullable String key, Item i) {
      if (key != null && !key.isEmpty()) {
        map.put(key, i);
      }
    }

    @Nullable Item get(String key) {
      Item i = map.get(key);
      if (i == null) {
        i = map.get(key.toLowerCase(Locale.ROOT));
      }
      if (i == null) {
        String n = normalized(key);
        i = n == null ? null : map.get(n);
      }
      return i;
    }

    private static @Nullable String normalized(String dn) {
      if (dn.indexOf('=') < 0) {
        return null;
      }
      try {
        return "dn:" + new DN(dn).toNormalizedString();
      } catch (LDAPException e) {
        return null;
      }
    }
  }

  private static void resolve(List<Item> users, List<Item> groups,
      Map<String, Set<String>> userMemberOf, Map<String, Set<String>> groupMemberOf,
      Map<String, Set<String>> groupMember) {
    Index userIndex = new Index();
    users.forEach(userIndex::add);
    Index groupIndex = new Index();
    groups.forEach(groupIndex::add);

    Map<String, Set<String>> newUserMemberOf = new LinkedHashMap<>();
    Map<String, Set<String>> newParents = new LinkedHashMap<>();
    Map<String, Set<String>> newChildren = new LinkedHashMap<>();
    userMemberOf.forEach((userKey, groupKeys) -> {
      Item user = userIndex.get(userKey);
      if (user == null) {
        return;
      }
      for (String g : groupKeys) {
        Item group = groupIndex.get(g);
        if (group != null) {
          ensure(newUserMemberOf, user.ref, List.of(group.ref));
        }
      }
    });
    groupMemberOf.forEach((groupKey, parentKeys) -> {
      Item group = groupIndex.get(groupKey);
      if (group == null) {
        return;
      }
      for (String p : parentKeys) {
        Item parent = groupIndex.get(p);
        if (parent != null) {
          ensure(newParents, group.ref, List.of(parent.ref));
          ensure(newChildren, parent.ref, List.of(group.ref));
        }
      }
    });
    groupMember.forEach((groupKey, memberKeys) -> {
      Item group = groupIndex.get(groupKey);
      if (group == null) {
        return;
      }
      for (String m : memberKeys) {
        Item user = userIndex.get(m);
        if (user != null) {
          ensure(newUserMemberOf, user.ref, List.of(group.ref));
          continue;
        }
        Item child = groupIndex.get(m);
        if (child != null) {
          ensure(newChildren, group.ref, List.of(child.ref));
          ensure(newParents, child.ref, List.of(group.ref));
        }
      }
    });
    newUserMemberOf.forEach((ref, refs) -> {
      Item user = userIndex.get(ref);
      if (user != null) {
        putSorted(spec(user.json), "memberOf", refs);
      }
    });
    newParents.forEach((ref, refs) -> {
      Item group = groupIndex.get(ref);
      if (group != null && refs.size() == 1) {
        spec(group.json).put("parent", refs.iterator().next());
      }
    });
    newChildren.forEach((ref, refs) -> {
      Item group = groupIndex.get(ref);
      if (group != null) {
        putSorted(spec(group.json), "children", refs);
      }
    });
    buildOrgHierarchy(groups);
  }

  private static void putSorted(ObjectNode spec, String field, Set<String> refs) {
    ArrayNode a = spec.putArray(field);
    new TreeSet<>(refs).forEach(a::add);
  }

  /** Backstage's buildOrgHierarchy: parents list their children, children name their parent. */
  private static void buildOrgHierarchy(List<Item> groups) {
    Map<String, Item> byRef = new HashMap<>();
    groups.forEach(g -> byRef.put(g.ref, g));
    for (Item g : groups) {
      String parentRef = spec(g.json).path("parent").asString("");
      Item parent = parentRef.isEmpty() ? null : byRef.get(parentRef);
      if (parent != null) {
        ArrayNode children = childrenOf(parent);
        if (!contains(children, g.ref)) {
          children.add(g.ref);
        }
      }
    }
    for (Item g : groups) {
      for (JsonNode c : childrenOf(g)) {
        Item child = byRef.get(c.asString(""));
        if (child != null && spec(child.json).path("parent").asString("").isEmpty()) {
          spec(child.json).put("parent", g.ref);
        }
      }
    }
  }

  private static ArrayNode childrenOf(Item g) {
    JsonNode c = spec(g.json).get("children");
    return c instanceof ArrayNode a ? a : spec(g.json).putArray("children");
  }

  private static boolean contains(ArrayNode a, String s) {
    for (JsonNode n : a) {
      if (s.equals(n.asString(""))) {
        return true;
      }
    }
    return false;
  }
}
