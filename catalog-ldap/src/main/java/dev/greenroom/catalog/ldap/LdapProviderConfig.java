package dev.greenroom.catalog.ldap;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code catalog.providers.ldapOrg.<id>}, with Backstage's defaults filled in:
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     ldapOrg:
 *       default:
 *         target: ldaps://ds.example.net
 *         bind: { dn: uid=ldap-reader-user,ou=people,dc=example,dc=net, secret: ${LDAP_SECRET} }
 *         users:
 *           - dn: ou=people,dc=example,dc=net
 *             options: { filter: (uid=*), paged: { pageSize: 500 } }   # scope one, attributes * and +
 *             map: { description: l }                                   # rdn/name uid, displayName cn, email mail, memberOf memberOf
 *         groups:
 *           - dn: ou=access,ou=groups,dc=example,dc=net
 *             set: { metadata.namespace: default }
 *             map: { description: l }          # rdn/name/displayName cn, description, type groupType, memberOf, members member
 *         schedule: { frequency: PT1H, timeout: PT50M }
 * }</pre>
 *
 * <p>{@code users} and {@code groups} are a list or a single object. {@code vendor} ({@code
 * dnAttributeName}, {@code uuidAttributeName}) overrides what the server's root DSE says about
 * which attribute holds an entry's DN and UUID. Immutable; {@link #toString()} never shows the
 * bind secret.
 *
 * @param id the key under {@code ldapOrg}
 * @param target {@code ldap://host[:port]} or {@code ldaps://host[:port]}, no trailing slash
 * @param tls TLS settings, or {@code null}
 * @param bind the bind DN and secret, or {@code null} for an anonymous connection
 * @param users where and how users are read
 * @param groups where and how groups are read
 * @param vendor the DN and UUID attributes, overriding the detected vendor's; or {@code null}
 * @param schedule when to read, or {@code null} when the host gives one
 */
public record LdapProviderConfig(
    String id,
    String target,
    @Nullable Tls tls,
    @Nullable Bind bind,
    List<UserConfig> users,
    List<GroupConfig> groups,
    @Nullable Vendor vendor,
    @Nullable TaskSchedule schedule) {

  /** The config path of the providers. */
  public static final String KEY = "catalog.providers.ldapOrg";

  public LdapProviderConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    users = List.copyOf(users);
    groups = List.copyOf(groups);
  }

  /**
   * TLS settings: Backstage's {@code tls}.
   *
   * @param rejectUnauthorized {@code false} trusts any server certificate (for tests only); {@code
   *     null} or {@code true} checks it against the JVM's trust store
   * @param keys a PEM file with the client's private key, or {@code null}
   * @param certs a PEM file with the client's certificate chain, or {@code null}
   */
  public record Tls(@Nullable Boolean rejectUnauthorized, @Nullable Path keys, @Nullable Path certs) {}

  /**
   * The identity the provider binds as.
   *
   * @param dn the bind DN
   * @param secret its password; never printed
   */
  public record Bind(String dn, String secret) {
    public Bind {
      Objects.requireNonNull(dn, "dn");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "Bind[dn=" + dn + ", secret=<secret>]";
    }
  }

  /**
   * Backstage's {@code vendor}: attribute names that override the detected vendor's.
   *
   * @param dnAttributeName the attribute that holds an entry's DN ({@code dn} for the entry's own
   *     name), or {@code null}
   * @param uuidAttributeName the attribute that holds an entry's UUID, or {@code null}
   */
  public record Vendor(@Nullable String dnAttributeName, @Nullable String uuidAttributeName) {}

  /**
   * Search options: Backstage's {@code options} (ldapjs' {@code SearchOptions}).
   *
   * @param scope {@code base}, {@code one}, {@code sub} or {@code children}
   * @param filter the filter, whitespace between parentheses removed; {@code null} for {@code
   *     (objectclass=*)}
   * @param attributes the attributes to ask for
   * @param pageSize the page size of RFC 2696 paged results, or {@code null} for one unpaged search
   * @param sizeLimit the server-side limit on entries, or {@code null}
   * @param timeLimitSeconds the server-side time limit, or {@code null}
   * @param derefAliases 0 never, 1 searching, 2 finding, 3 always; or {@code null}
   */
  public record SearchOptions(
      String scope,
      @Nullable String filter,
      List<String> attributes,
      @Nullable Integer pageSize,
      @Nullable Integer sizeLimit,
      @Nullable Integer timeLimitSeconds,
      @Nullable Integer derefAliases) {
    public SearchOptions {
      attributes = List.copyOf(attributes);
    }
  }

  /**
   * Where users are and how an entry becomes a User.
   *
   * @param dn the base DN of the search
   * @param options the search options
   * @param set values set on every entity at a path ({@code metadata.namespace}) before mapping
   * @param map entity fields to attribute names
   */
  public record UserConfig(String dn, SearchOptions options, Map<String, JsonNode> set, UserMap map) {
    public UserConfig {
      set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }
  }

  /**
   * Attribute names of a User's fields; {@code null} for not mapped.
   *
   * @param rdn the RDN attribute, default {@code uid}
   * @param name {@code metadata.name}, default {@code uid}
   * @param description {@code metadata.description}
   * @param displayName {@code spec.profile.displayName}, default {@code cn}
   * @param email {@code spec.profile.email}, default {@code mail}
   * @param picture {@code spec.profile.picture}
   * @param memberOf the groups the user is in (DNs or UUIDs), default {@code memberOf}
   */
  public record UserMap(
      @Nullable String rdn,
      @Nullable String name,
      @Nullable String description,
      @Nullable String displayName,
      @Nullable String email,
      @Nullable String picture,
      @Nullable String memberOf) {}

  /**
   * Where groups are and how an entry becomes a Group.
   *
   * @param dn the base DN of the search
   * @param options the search options
   * @param set values set on every entity at a path before mapping
   * @param map entity fields to attribute names
   */
  public record GroupConfig(String dn, SearchOptions options, Map<String, JsonNode> set, GroupMap map) {
    public GroupConfig {
      set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }
  }

  /**
   * Attribute names of a Group's fields; {@code null} for not mapped.
   *
   * @param rdn the RDN attribute, default {@code cn}
   * @param name {@code metadata.name}, default {@code cn}
   * @param description {@code metadata.description}, default {@code description}
   * @param type {@code spec.type}, default {@code groupType} ({@code unknown} when absent)
   * @param displayName {@code spec.profile.displayName}, default {@code cn}
   * @param email {@code spec.profile.email}
   * @param picture {@code spec.profile.picture}
   * @param memberOf the groups this group is in (its parents), default {@code memberOf}
   * @param members the users and groups in this group, default {@code member}
   */
  public record GroupMap(
      @Nullable String rdn,
      @Nullable String name,
      @Nullable String description,
      @Nullable String type,
      @Nullable String displayName,
      @Nullable String email,
      @Nullable String picture,
      @Nullable String memberOf,
      @Nullable String members) {}

  /** {@code toString} without the bind secret. */
  @Override
  public String toString() {
    return "LdapProviderConfig[id=" + id + ", target=" + target + ", bind=" + bind + ", users="
        + users.size() + ", groups=" + groups.size() + "]";
  }

  // ---- reading

  private static final Set<String> SCOPES = Set.of("base", "one", "sub", "children");
  /** ldapjs' page size when {@code paged: true}. */
  static final int DEFAULT_PAGE_SIZE = 100;

  /**
   * Reads every provider under {@code catalog.providers.ldapOrg} of an app-config tree; empty when
   * there is none.
   *
   * @throws LdapOrgException naming the key of a missing or mistyped value
   */
  public static List<LdapProviderConfig> readAll(JsonNode appConfig) {
    JsonNode all = appConfig.path("catalog").path("providers").path("ldapOrg");
    if (all.isMissingNode() || all.isNull()) {
      return List.of();
    }
    if (!all.isObject()) {
      throw new LdapOrgException(KEY + " must be an object of providers by id");
    }
    List<LdapProviderConfig> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : all.properties()) {
      out.add(read(e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * Reads one provider's object (the value of {@code catalog.providers.ldapOrg.<id>}).
   *
   * @throws LdapOrgException naming the key of a missing or mistyped value
   */
  public static LdapProviderConfig read(String id, JsonNode node) {
    String key = KEY + "." + id;
    requireObject(key, node);
    String target = requiredString(key + ".target", node.get("target"));
    while (target.endsWith("/")) {
      target = target.substring(0, target.length() - 1);
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("ldap://") && !lower.startsWith("ldaps://")) {
      throw new LdapOrgException(key + ".target must be an ldap:// or ldaps:// URL, was '"
          + target + "'");
    }
    Tls tls = null;
    JsonNode t = node.get("tls");
    if (present(t)) {
      requireObject(key + ".tls", t);
      String keys = optionalString(key + ".tls.keys", t.get("keys"));
      String certs = optionalString(key + ".tls.certs", t.get("certs"));
      tls = new Tls(optionalBoolean(key + ".tls.rejectUnauthorized", t.get("rejectUnauthorized")),
          keys == null ? null : Path.of(keys), certs == null ? null : Path.of(certs));
    }
    Bind bind = null;
    JsonNode b = node.get("bind");
    if (present(b)) {
      requireObject(key + ".bind", b);
      bind = new Bind(requiredString(key + ".bind.dn", b.get("dn")),
          requiredString(key + ".bind.secret", b.get("secret")));
    }
    List<UserConfig> users = new ArrayList<>();
    int i = 0;
    for (JsonNode u : listOrObject(key + ".users", node.get("users"))) {
      users.add(readUser(key + ".users" + (node.get("users").isArray() ? "[" + i + "]" : ""), u));
      i++;
    }
    List<GroupConfig> groups = new ArrayList<>();
    i = 0;
    for (JsonNode g : listOrObject(key + ".groups", node.get("groups"))) {
      groups.add(readGroup(key + ".groups" + (node.get("groups").isArray() ? "[" + i + "]" : ""), g));
      i++;
    }
    Vendor vendor = null;
    JsonNode v = node.get("vendor");
    if (present(v)) {
      requireObject(key + ".vendor", v);
      vendor = new Vendor(optionalString(key + ".vendor.dnAttributeName", v.get("dnAttributeName")),
          optionalString(key + ".vendor.uuidAttributeName", v.get("uuidAttributeName")));
    }
    TaskSchedule schedule = null;
    JsonNode s = node.get("schedule");
    if (present(s)) {
      try {
        schedule = TaskSchedule.fromConfig(key + ".schedule", s);
      } catch (IllegalArgumentException e) {
        throw new LdapOrgException(e.getMessage(), e);
      }
    }
    return new LdapProviderConfig(id, target, tls, bind, users, groups, vendor, schedule);
  }

  private static UserConfig readUser(String key, JsonNode node) {
    requireObject(key, node);
    JsonNode m = node.get("map");
    if (present(m)) {
      requireObject(key + ".map", m);
    } else {
      m = null;
    }
    UserMap map = new UserMap(
        mapped(key, m, "rdn", "uid"),
        mapped(key, m, "name", "uid"),
        mapped(key, m, "description", null),
        mapped(key, m, "displayName", "cn"),
        mapped(key, m, "email", "mail"),
        mapped(key, m, "picture", null),
        mapped(key, m, "memberOf", "memberOf"));
    return new UserConfig(requiredString(key + ".dn", node.get("dn")),
        readOptions(key + ".options", node.get("options")), readSet(key + ".set", node.get("set")),
        map);
  }

  private static GroupConfig readGroup(String key, JsonNode node) {
    requireObject(key, node);
    JsonNode m = node.get("map");
    if (present(m)) {
      requireObject(key + ".map", m);
    } else {
      m = null;
    }
    GroupMap map = new GroupMap(
        mapped(key, m, "rdn", "cn"),
        mapped(key, m, "name", "cn"),
        mapped(key, m, "description", "description"),
        mapped(key, m, "type", "groupType"),
        mapped(key, m, "displayName", "cn"),
        mapped(key, m, "email", null),
        mapped(key, m, "picture", null),
        mapped(key, m, "memberOf", "memberOf"),
        mapped(key, m, "members", "member"));
    return new GroupConfig(requiredString(key + ".dn", node.get("dn")),
        readOptions(key + ".options", node.get("options")), readSet(key + ".set", node.get("set")),
        map);
  }

  private static SearchOptions readOptions(String key, @Nullable JsonNode o) {
    if (!present(o)) {
      return new SearchOptions("one", null, List.of("*", "+"), null, null, null, null);
    }
    requireObject(key, o);
    String scope = optionalString(key + ".scope", o.get("scope"));
    if (scope == null) {
      scope = "one";
    } else if (!SCOPES.contains(scope)) {
      throw new LdapOrgException(key + ".scope must be base, one, sub or children, was '" + scope
          + "'");
    }
    String filter = optionalString(key + ".filter", o.get("filter"));
    if (filter != null) {
      // multi-line filters in YAML: drop the whitespace around parentheses, as Backstage does
      filter = filter.replaceAll("\\s*([()])", "$1").trim();
    }
    List<String> attributes = List.of("*", "+");
    JsonNode a = o.get("attributes");
    if (present(a)) {
      if (a.isString()) {
        attributes = List.of(a.asString());
      } else if (a.isArray()) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
          list.add(requiredString(key + ".attributes[" + i + "]", a.get(i)));
        }
        attributes = list;
      } else {
        throw new LdapOrgException(key + ".attributes must be a list of attribute names");
      }
    }
    Integer pageSize = null;
    JsonNode p = o.get("paged");
    if (present(p)) {
      if (p.isBoolean()) {
        pageSize = p.asBoolean() ? DEFAULT_PAGE_SIZE : null;
      } else if (p.isObject()) {
        Integer size = optionalInt(key + ".paged.pageSize", p.get("pageSize"));
        pageSize = size == null ? DEFAULT_PAGE_SIZE : size;
        if (pageSize < 1) {
          throw new LdapOrgException(key + ".paged.pageSize must be at least 1, was " + pageSize);
        }
      } else {
        throw new LdapOrgException(key + ".paged must be true, false or {pageSize: n}");
      }
    }
    Integer deref = optionalInt(key + ".derefAliases", o.get("derefAliases"));
    if (deref != null && (deref < 0 || deref > 3)) {
      throw new LdapOrgException(key + ".derefAliases must be 0 to 3, was " + deref);
    }
    return new SearchOptions(scope, filter, attributes, pageSize,
        optionalInt(key + ".sizeLimit", o.get("sizeLimit")),
        optionalInt(key + ".timeLimit", o.get("timeLimit")), deref);
  }

  private static Map<String, JsonNode> readSet(String key, @Nullable JsonNode s) {
    if (!present(s)) {
      return Map.of();
    }
    requireObject(key, s);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      out.put(e.getKey(), e.getValue().deepCopy());
    }
    return out;
  }

  private static @Nullable String mapped(String key, @Nullable JsonNode map, String field,
      @Nullable String def) {
    if (map == null || !map.has(field)) {
      return def;
    }
    return optionalString(key + ".map." + field, map.get(field));
  }

  private static List<JsonNode> listOrObject(String key, @Nullable JsonNode n) {
    if (!present(n)) {
      return List.of();
    }
    if (n.isObject()) {
      return List.of(n);
    }
    if (n.isArray()) {
      List<JsonNode> out = new ArrayList<>();
      n.forEach(out::add);
      return out;
    }
    throw new LdapOrgException(key + " must be an object or a list of objects");
  }

  private static boolean present(@Nullable JsonNode n) {
    return n != null && !n.isMissingNode() && !n.isNull();
  }

  private static void requireObject(String key, @Nullable JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new LdapOrgException(key + " must be an object");
    }
  }

  private static String requiredString(String key, @Nullable JsonNode n) {
    if (!present(n)) {
      throw new LdapOrgException(key + " is required");
    }
    if (!n.isString() || n.asString().isBlank()) {
      throw new LdapOrgException(key + " must be a non-empty string");
    }
    return n.asString();
  }

  private static @Nullable String optionalString(String key, @Nullable JsonNode n) {
    return present(n) ? requiredString(key, n) : null;
  }

  private static @Nullable Boolean optionalBoolean(String key, @Nullable JsonNode n) {
    if (!present(n)) {
      return null;
    }
    if (!n.isBoolean()) {
      throw new LdapOrgException(key + " must be true or false");
    }
    return n.asBoolean();
  }

  private static @Nullable Integer optionalInt(String key, @Nullable JsonNode n) {
    if (!present(n)) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
      throw new LdapOrgException(key + " must be a whole number, 0 or more");
    }
    return n.asInt();
  }
}
