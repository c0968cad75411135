package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.LocationSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Which entity kinds may come from which locations (Backstage's {@code catalog.rules}). The engine
 * checks every child entity a run emits against the run's origin location; a child that no rule
 * allows fails the parent's run with a {@code NotAllowedError}.
 *
 * <p>An entity is allowed when some rule matches both its origin location and the entity: a rule
 * without {@code locations} matches every location; a location matcher matches on equal type and,
 * if given, an exact target or a glob {@code pattern} (minimatch with {@code nocase} and {@code
 * dot}: {@code *} within a path segment, {@code **} across segments, {@code ?}, {@code [...]},
 * {@code {a,b}}). An allow entry matches on kind and, if given, {@code spec.type}, both ignoring
 * case. URL targets are canonicalised first (dot segments resolved, percent-escapes decoded,
 * user info dropped, host in lower case), so that {@code https://h/a/../b} cannot slip past a rule
 * for {@code https://h/b}.
 *
 * <p>Without configuration only {@code Component}, {@code API} and {@code Location} are allowed
 * ({@link #defaults()}). Immutable and thread-safe.
 */
public final class CatalogRules {
  private static final CatalogRules DEFAULTS =
      new CatalogRules(
          List.of(new Rule(List.of(Allow.kind("Component"), Allow.kind("API"), Allow.kind("Location")), null)),
          false);
  private static final CatalogRules ALL = new CatalogRules(List.of(), true);

  private final List<Rule> rules;
  private final List<@Nullable List<CompiledMatcher>> matchers;
  private final boolean allowAll;

  private CatalogRules(List<Rule> rules, boolean allowAll) {
    this.rules = List.copyOf(rules);
    this.allowAll = allowAll;
    List<@Nullable List<CompiledMatcher>> m = new ArrayList<>();
    for (Rule r : this.rules) {
      List<LocationMatcher> locs = r.locations();
      if (locs == null) {
        m.add(null);
        continue;
      }
      List<CompiledMatcher> cm = new ArrayList<>();
      for (LocationMatcher l : locs) {
        cm.add(new CompiledMatcher(l));
      }
      m.add(cm);
    }
    this.matchers = java.util.Collections.unmodifiableList(m);
  }

  /** One allowed kind, optionally with a {@code spec.type}; both compared ignoring case. */
  public record Allow(String kind, @Nullable String specType) {
    public Allow {
      Objects.requireNonNull(kind, "kind");
    }

    /** Any entity of {@code kind}. */
    public static Allow kind(String kind) {
      return new Allow(kind, null);
    }
  }

  /**
   * Which origin locations a rule applies to: type, and either an exact target or a glob pattern
   * (or neither: every location of the type).
   */
  public record LocationMatcher(String type, @Nullable String exact, @Nullable String pattern) {
    public LocationMatcher {
      Objects.requireNonNull(type, "type");
      if (exact != null && pattern != null) {
        throw new IllegalArgumentException(
            "A catalog rule location cannot have both exact and pattern values");
      }
    }
  }

  /**
   * One rule.
   *
   * @param allow what it allows
   * @param locations where it applies; null for everywhere, empty for nowhere
   */
  public record Rule(List<Allow> allow, @Nullable List<LocationMatcher> locations) {
    public Rule {
      allow = List.copyOf(allow);
      locations = locations == null ? null : List.copyOf(locations);
    }
  }

  /** Backstage's default: {@code Component}, {@code API} and {@code Location} from anywhere. */
  public static CatalogRules defaults() {
    return DEFAULTS;
  }

  /** Every entity from every location (for tests and trusted single-tenant setups). */
  public static CatalogRules allowAll() {
    return ALL;
  }

  /** Allows exactly these kinds (ignoring case) from every location. */
  public static CatalogRules allowKinds(String... kinds) {
    return builder().allow(kinds).build();
  }

  /** A builder that starts with no rules: add at least one, or nothing is allowed. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Rules from configuration trees shaped like Backstage's.
   *
   * @param rules the value of {@code catalog.rules}: an array of {@code {allow: [Kind | {kind,
   *     spec.type}], locations?: [{type, exact? | pattern?}]}}; null or missing for the defaults
   * @param locations the value of {@code catalog.locations}: an array of {@code {type, target,
   *     rules?: [{allow: [Kind]}]}}, whose rules apply to that exact location (file targets are
   *     made absolute); null or missing for none
   * @throws IllegalArgumentException when the trees are not of that shape, naming the entry
   */
  public static CatalogRules fromConfig(@Nullable JsonNode rules, @Nullable JsonNode locations) {
    List<Rule> out = new ArrayList<>();
    if (rules == null || rules.isMissingNode() || rules.isNull()) {
      out.addAll(DEFAULTS.rules);
    } else {
      if (!rules.isArray()) {
        throw new IllegalArgumentException("catalog.rules must be an array");
      }
      for (int i = 0; i < rules.size(); i++) {
        JsonNode r = rules.get(i);
        String where = "catalog.rules[" + i + "]";
        List<Allow> allow = parseAllow(r.get("allow"), where + ".allow");
        JsonNode locs = r.get("locations");
        List<LocationMatcher> matchers = null;
        if (locs != null && !locs.isNull()) {
          if (!locs.isArray()) {
            throw new IllegalArgumentException(where + ".locations must be an array");
          }
          matchers = new ArrayList<>();
          for (int j = 0; j < locs.size(); j++) {
            JsonNode l = locs.get(j);
            String lw = where + ".locations[" + j + "]";
            String type = requiredString(l, "type", lw);
            try {
              matchers.add(
                  new LocationMatcher(
                      type, optionalString(l, "exact", lw), optionalString(l, "pattern", lw)));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(lw + ": " + e.getMessage(), e);
            }
          }
        }
        out.add(new Rule(allow, matchers));
      }
    }
    if (locations != null && !locations.isMissingNode() && !locations.isNull()) {
      if (!locations.isArray()) {
        throw new IllegalArgumentException("catalog.locations must be an array");
      }
      for (int i = 0; i < locations.size(); i++) {
        JsonNode l = locations.get(i);
        String where = "catalog.locations[" + i + "]";
        JsonNode lr = l.get("rules");
        if (lr == null || lr.isNull()) {
          continue;
        }
        String type = requiredString(l, "type", where);
        String target = requiredString(l, "target", where);
        String exact = type.equals("file") ? Path.of(target).toAbsolutePath().normalize().toString() : target;
        if (!lr.isArray()) {
          throw new IllegalArgumentException(where + ".rules must be an array");
        }
        for (int j = 0; j < lr.size(); j++) {
          List<Allow> allow = parseAllow(lr.get(j).get("allow"), where + ".rules[" + j + "].allow");
          out.add(new Rule(allow, List.of(new LocationMatcher(type, exact, null))));
        }
      }
    }
    return new CatalogRules(out, false);
  }

  private static List<Allow> parseAllow(@Nullable JsonNode allow, String where) {
    if (allow == null || !allow.isArray()) {
      throw new IllegalArgumentException(where + " must be an array of kinds");
    }
    List<Allow> out = new ArrayList<>();
    for (int k = 0; k < allow.size(); k++) {
      JsonNode a = allow.get(k);
      if (a.isString()) {
        out.add(Allow.kind(a.stringValue()));
      } else if (a.isObject()) {
        out.add(
            new Allow(
                requiredString(a, "kind", where + "[" + k + "]"),
                optionalString(a, "spec.type", where + "[" + k + "]")));
      } else {
        throw new IllegalArgumentException(
            where + "[" + k + "] must be a kind or {kind, spec.type}");
      }
    }
    return out;
  }

  private static String requiredString(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null || !v.isString()) {
      throw new IllegalArgumentException(where + "." + key + " must be a string");
    }
    return v.stringValue();
  }

  private static @Nullable String optionalString(JsonNode n, String key, String where) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException(where + "." + key + " must be a string");
    }
    return v.stringValue();
  }

  /** The rules, in order. */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * True if {@code entity}, coming from a run whose origin is {@code origin}, is allowed.
   */
  public boolean isAllowed(Entity entity, LocationSpec origin) {
    if (allowAll) {
      return true;
    }
    for (int i = 0; i < rules.size(); i++) {
      @Nullable List<CompiledMatcher> m = matchers.get(i);
      if (m != null && m.stream().noneMatch(x -> x.matches(origin))) {
        continue;
      }
      if (matchesEntity(entity, rules.get(i).allow())) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesEntity(Entity entity, List<Allow> allow) {
    for (Allow a : allow) {
      if (!entity.kind().equalsIgnoreCase(a.kind())) {
        continue;
      }
      if (a.specType() != null) {
        JsonNode t = entity.specValue("type");
        if (!t.isString() || !t.stringValue().equalsIgnoreCase(a.specType())) {
          continue;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * The canonical form of a URL target used for matching: dot segments resolved, percent-escapes
   * in the path decoded, user info dropped, scheme and host in lower case. Unparseable targets are
   * returned unchanged.
   */
  static String canonicalUrl(String target) {
    try {
      URI u = new URI(ScmUrls.encodeGlob(target)).normalize();
      if (u.getHost() == null || u.getScheme() == null) {
        return target;
      }
      StringBuilder sb = new StringBuilder();
      sb.append(u.getScheme().toLowerCase(Locale.ROOT)).append("://");
      sb.append(u.getHost().toLowerCase(Locale.ROOT));
      if (u.getPort() >= 0) {
        sb.append(':').append(u.getPort());
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      sb.append(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8));
      if (u.getRawQuery() != null) {
        sb.append('?').append(u.getRawQuery());
      }
      if (u.getRawFragment() != null) {
        sb.append('#').append(u.getRawFragment());
      }
      return sb.toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return target;
    }
  }

  private static String canonical(String type, String target) {
    return type.equals("url") ? canonicalUrl(target) : target;
  }

  /** A location matcher with its pattern compiled once. */
  private static final class CompiledMatcher {
    final LocationMatcher m;
    final @Nullable String exact;
    final @Nullable Pattern pattern;

    CompiledMatcher(LocationMatcher m) {
      this.m = m;
      this.exact = m.exact() == null ? null : canonical(m.type(), m.exact());
      this.pattern = m.pattern() == null ? null : Glob.compile(m.pattern(), true, true);
    }

    boolean matches(LocationSpec location) {
      if (!m.type().equals(location.type())) {
        return false;
      }
      String target = canonical(location.type(), location.target());
      if (exact != null && !exact.equals(target)) {
        return false;
      }
      return pattern == null || pattern.matcher(target).matches();
    }
  }

  /** Builds rules in order. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /** Adds a rule. */
    public Builder rule(Rule rule) {
      rules.add(rule);
      return this;
    }

    /** Allows these kinds from every location. */
    public Builder allow(String... kinds) {
      List<Allow> a = new ArrayList<>();
      for (String k : kinds) {
        a.add(Allow.kind(k));
      }
      return rule(new Rule(a, null));
    }

    /** Allows these kinds from exactly {@code location} (as {@code catalog.locations[].rules}). */
    public Builder allowAt(LocationSpec location, String... kinds) {
      List<Allow> a = new ArrayList<>();
      for (String k : kinds) {
        a.add(Allow.kind(k));
      }
      return rule(new Rule(a, List.of(new LocationMatcher(location.type(), location.target(), null))));
    }

    /** Adds Backstage's default rule ({@code Component}, {@code API}, {@code Location}). */
    public Builder defaults() {
      rules.addAll(DEFAULTS.rules);
      return this;
    }

    /** The rules. */
    public CatalogRules build() {
      return new CatalogRules(rules, false);
    }
  }
}
