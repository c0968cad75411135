package dev.greenroom.cli.config;

import dev.greenroom.catalog.processing.LocationNotFoundStrategy;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.OrphanStrategy;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.http.CorsPolicy;
import dev.greenroom.http.auth.RulePermissionPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The settings the command line reads from Backstage's {@code app-config.yaml}.
 *
 * <p>Loading follows Backstage's config loader: each file is parsed, its {@code ${VAR}}
 * placeholders and {@code $env}/{@code $file} directives are resolved (see {@link Transforms}),
 * and the files are merged in order: objects merge key by key, any other value (arrays too) of a
 * later file replaces the earlier one. File location targets are resolved against the folder of the
 * file that names them, before merging.
 *
 * <p>Keys used, all optional:
 *
 * <table>
 *   <caption>Supported keys</caption>
 *   <tr><td>{@code backend.listen.port}, {@code backend.listen.host} (or {@code backend.listen:
 *       "host:port"})</td><td>where the server listens; port 7007</td></tr>
 *   <tr><td>{@code backend.database.client}, {@code .connection}, {@code .prefix}</td><td>{@code
 *       pg} with a connection string or {@code {host, port, user, password, database}};
 *       {@code better-sqlite3}/{@code sqlite3} fall back to embedded H2 with a warning; default
 *       an H2 file in the data folder</td></tr>
 *   <tr><td>{@code backend.reading.allow}</td><td>{@code [{host, paths?}]}: hosts url locations
 *       and placeholders may read</td></tr>
 *   <tr><td>{@code backend.auth.dangerouslyDisableDefaultAuthPolicy}</td><td>boolean: let
 *       requests without credentials in, and allow listening on every interface without
 *       auth</td></tr>
 *   <tr><td>{@code backend.auth.externalAccess}</td><td>{@code [{type: static, options: {token,
 *       subject?}}]}: static bearer tokens</td></tr>
 *   <tr><td>{@code auth.environment}, {@code auth.providers.guest}, {@code
 *       auth.providers.oidc.<env>}</td><td>sign-in providers: guest; OIDC with {@code
 *       metadataUrl}, {@code clientId}, {@code clientSecret}, {@code callbackUrl}, {@code scope}
 *       or {@code additionalScopes}, {@code prompt}, {@code tokenEndpointAuthMethod}, {@code
 *       tokenSignedResponseAlg}, {@code signIn.resolvers}</td></tr>
 *   <tr><td>{@code catalog.locations}, {@code catalog.rules}</td><td>Backstage's shapes</td></tr>
 *   <tr><td>{@code catalog.processingInterval}</td><td>{@code {minutes: N}} and the other
 *       duration units, ISO 8601 ({@code PT5M}), {@code 5m}, or {@code false}</td></tr>
 *   <tr><td>{@code catalog.orphanStrategy}</td><td>{@code keep} or {@code delete}</td></tr>
 *   <tr><td>{@code catalog.orphanProviderStrategy}</td><td>{@code keep} or {@code delete}
 *       (default): entities of providers no longer configured, at start</td></tr>
 *   <tr><td>{@code catalog.locationNotFoundStrategy}</td><td>{@code keep} (default) or {@code
 *       delete}: a gone file reads as empty, its entities become orphans</td></tr>
 *   <tr><td>{@code catalog.cache.maximumSize}, {@code catalog.cache.ttl}, {@code
 *       catalog.cache.checkInterval}</td><td>Greenroom's own: the entity read cache (entities
 *       kept, default 10,000, 0 turns it off; how long one is served at most, default until
 *       changed; how often it asks the database what other hosts changed, default 1 s)</td></tr>
 *   <tr><td>{@code events.http.topics}, {@code events.modules.github.webhookSecret}, {@code
 *       events.modules.gitlab.webhookSecret}</td><td>webhook ingress topics and secrets</td></tr>
 *   <tr><td>{@code catalog.readonly}</td><td>boolean</td></tr>
 *   <tr><td>{@code catalog.providers.gitlab.<id>}</td><td>read by {@code GitlabSetup} (module
 *       catalog-gitlab)</td></tr>
 *   <tr><td>{@code catalog.providers.ldapOrg.<id>}, {@code
 *       catalog.providers.microsoftGraphOrg.<id>}</td><td>Backstage's org providers, read by
 *       {@code OrgProviders} (catalog-ldap, catalog-msgraph); each needs a {@code schedule}</td></tr>
 *   <tr><td>{@code catalog.providers.azureDevOps.<id>}, {@code catalog.providers.gerrit.<id>}</td>
 *       <td>read by {@code AzureDevOpsDiscovery} and {@code GerritDiscovery} (modules
 *       catalog-azure and catalog-gerrit)</td></tr>
 *   <tr><td>{@code scaffolder.concurrentTasksLimit}</td><td>tasks one server runs at a time;
 *       default 10, 0 runs none (an API-only instance)</td></tr>
 *   <tr><td>{@code scaffolder.publish.allow}</td><td>{@code [{host}]} or {@code [{folder}]}:
 *       internal git servers and folders of local repositories {@code publish:git} may push to
 *       (Greenroom's; by default only hosts with public addresses)</td></tr>
 *   <tr><td>{@code techdocs.publisher.local.publishDirectory}</td><td>where built docs sites
 *       are stored; default {@code <data>/techdocs}</td></tr>
 * </table>
 *
 * <p>Other keys are ignored (logged at debug level). A value of the wrong type fails loading with
 * Backstage's message, naming the key and the file that set it. Numbers and booleans may be given
 * as strings (as environment substitution yields), as Backstage allows.
 */
public final class AppConfig {
  private static final Logger LOG = LoggerFactory.getLogger(AppConfig.class);

  /** Backstage's default backend port. */
  public static final int DEFAULT_PORT = 7007;

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?"
          + "|h|hrs?|hours?|d|days?|w|weeks?)", Pattern.CASE_INSENSITIVE);

  /** Keys Greenroom reads; a {@code *} value means "do not look inside". */
  private static final Map<String, Object> KNOWN = Map.ofEntries(
      Map.entry("app", Map.of("baseUrl", "*", "title", "*")),
      Map.entry("auth", Map.of("providers", Map.of("guest", "*", "oidc", "*"), "environment", "*")),
      Map.entry("backend", Map.of(
          "baseUrl", "*",
          "maxConcurrentRequests", "*",
          "cors", "*",
          "listen", Map.of("port", "*", "host", "*"),
          "database", Map.of("client", "*", "connection", "*", "prefix", "*"),
          "reading", Map.of("allow", "*"),
          "auth", Map.of("externalAccess", "*", "dangerouslyDisableDefaultAuthPolicy", "*"))),
      Map.entry("catalog", Map.of(
          "locations", "*",
          "rules", "*",
          "processingInterval", "*",
          "orphanStrategy", "*",
          "orphanProviderStrategy", "*",
          "locationNotFoundStrategy", "*",
          "cache", Map.of("maximumSize", "*", "ttl", "*", "checkInterval", "*"),
          // Backstage's provider modules Greenroom has; an unknown one is warned about
          "providers", Map.of("github", "*", "githubOrg", "*", "bitbucketCloud", "*",
              "bitbucketServer", "*", "gitlab", "*", "ldapOrg", "*", "microsoftGraphOrg", "*",
              "azureDevOps", "*", "gerrit", "*"),
          "readonly", "*")),
      Map.entry("events", Map.of(
          "http", Map.of("topics", "*"),
          "modules", Map.of("github", Map.of("webhookSecret", "*"),
              "gitlab", Map.of("webhookSecret", "*")))),
      Map.entry("integrations", "*"),
      Map.entry("notifications", Map.of("defaultSettings", "*")),
      Map.entry("permission", Map.of("enabled", "*", "rules", "*")),
      Map.entry("scaffolder", Map.of("concurrentTasksLimit", "*", "publish", Map.of("allow", "*"),
          "defaultAuthor", Map.of("name", "*", "email", "*"), "defaultCommitMessage", "*")),
      Map.entry("search", Map.of("collators", Map.of(
          "catalog", Map.of("schedule", "*"), "techdocs", Map.of("schedule", "*")))),
      Map.entry("techdocs", Map.of("builder", "*", "publisher", Map.of("type", "*", "local", "*"))));

  /** One loaded file: its name in messages and its transformed tree. */
  private record Source(String name, JsonNode tree) {}

  private final List<Source> sources;
  private final ObjectNode tree;
  private final int port;
  private final @Nullable String host;
  private final Database database;
  private final List<String> readingAllow;
  private final List<StaticToken> staticTokens;
  private final List<JwksAccess> jwksAccess = new ArrayList<>();
  private final List<LocationSpec> locations;
  private final CatalogRules rules;
  private final @Nullable Duration processingInterval;
  private final boolean processingDisabled;
  private final OrphanStrategy orphanStrategy;
  private final OrphanStrategy orphanProviderStrategy;
  private final LocationNotFoundStrategy locationNotFoundStrategy;
  private final long cacheMaximumSize;
  private final @Nullable Duration cacheTtl;
  private final @Nullable Duration cacheCheckInterval;
  private final boolean readonly;
  private final boolean authPolicyDisabled;
  private final @Nullable String baseUrl;
  private final @Nullable String appBaseUrl;
  private final @Nullable CorsPolicy cors;
  private final @Nullable Guest guest;
  private final @Nullable Oidc oidc;
  private final @Nullable RulePermissionPolicy permissionPolicy;
  private final IntegrationsConfig integrations;
  private final Map<String, TaskSchedule> searchSchedules;
  private final @Nullable Integer maxConcurrentRequests;

  /**
   * {@code auth.providers.guest}: Backstage's guest sign-in.
   *
   * @param userEntityRef who guests sign in as; default {@code user:development/guest}
   * @param ownershipEntityRefs their ownership refs, or null for the user's groups
   * @param allowOutsideDevelopment {@code dangerouslyAllowOutsideDevelopment}
   */
  public record Guest(String userEntityRef, @Nullable List<String> ownershipEntityRefs,
      boolean allowOutsideDevelopment) {}

  /**
   * {@code auth.providers.oidc.<auth.environment>}: Backstage's OIDC sign-in provider.
   *
   * @param environment {@code auth.environment} (default {@code development})
   * @param metadataUrl the issuer or its OpenID configuration URL
   * @param clientId the client id
   * @param clientSecret the client secret (never in {@link #toString()})
   * @param callbackUrl the callback, or null for {@code <backend.baseUrl>/api/auth/oidc/handler/frame}
   * @param scopes the scopes asked for ({@code scope}, or {@code openid profile email} and
   *     {@code additionalScopes})
   * @param prompt {@code prompt}, or null for Backstage's default
   * @param tokenEndpointAuthMethod {@code client_secret_basic} or {@code client_secret_post}, or null
   * @param tokenSignedResponseAlg the ID token's algorithm, or null for RS256
   * @param resolvers {@code signIn.resolvers}, in order
   */
  public record Oidc(String environment, String metadataUrl, String clientId,
      String clientSecret, @Nullable String callbackUrl, List<String> scopes,
      @Nullable String prompt, @Nullable String tokenEndpointAuthMethod,
      @Nullable String tokenSignedResponseAlg, List<Resolver> resolvers) {
    @Override
    public String toString() {
      return "Oidc[environment=" + environment + ", metadataUrl=" + metadataUrl + ", clientId="
          + clientId + ", resolvers=" + resolvers + "]";
    }
  }

  /**
   * One of {@code signIn.resolvers}.
   *
   * @param resolver {@code emailMatchingUserEntityProfileEmail}, {@code
   *     emailLocalPartMatchingUserEntityName} or {@code emailMatchingUserEntityAnnotation}
   * @param annotation the annotation of {@code emailMatchingUserEntityAnnotation} ({@code
   *     annotation}, default {@code backstage.io/email}), else null
   */
  public record Resolver(String resolver, @Nullable String annotation) {}

  /** Backstage's sign-in resolvers Greenroom knows by name. */
  public static final List<String> SIGN_IN_RESOLVERS = List.of(
      "emailMatchingUserEntityProfileEmail", "emailLocalPartMatchingUserEntityName",
      "emailMatchingUserEntityAnnotation");

  /**
   * A static bearer token for external callers ({@code backend.auth.externalAccess} with {@code
   * type: static}).
   *
   * @param token the token, as sent after {@code Bearer }
   * @param subject who calls with it ({@code options.subject}), or {@code external:static}
   */
  public record StaticToken(String token, String subject) {
    @Override
    public String toString() {
      return "StaticToken[subject=" + subject + "]";
    }
  }

  private AppConfig(List<Source> sources) {
    this.sources = List.copyOf(sources);
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    for (Source s : sources) {
      merge(merged, (ObjectNode) s.tree());
    }
    this.tree = merged;
    logUnknown(merged, KNOWN, "");
    JsonNode listen = at("backend.listen");
    int p = DEFAULT_PORT;
    String h = null;
    if (listen.isString()) {
      String s = listen.stringValue();
      int colon = s.lastIndexOf(':');
      String portText = colon >= 0 ? s.substring(colon + 1) : s;
      h = colon > 0 ? s.substring(0, colon) : null;
      if (!NUMBER.matcher(portText).matches()) {
        throw invalid("backend.listen", "must be 'host:port', ':port' or {port, host}, got '" + s + "'");
      }
      p = Integer.parseInt(portText);
    } else if (!listen.isMissingNode()) {
      requireType("backend.listen", listen.isObject(), "object");
      p = optionalInt("backend.listen.port").orElse(DEFAULT_PORT);
      h = optionalString("backend.listen.host").orElse(null);
    }
    if (p < 0 || p > 65_535) {
      throw invalid("backend.listen.port", "must be between 0 and 65535, got " + p);
    }
    this.port = p;
    this.host = h == null || h.isEmpty() ? null : h;
    this.database = readDatabase();
    this.readingAllow = readReadingAllow();
    this.staticTokens = readStaticTokens();
    this.locations = readLocations();
    this.rules = readRules();
    JsonNode interval = at("catalog.processingInterval");
    if (interval.isBoolean() || interval.isString() && interval.stringValue().equals("false")) {
      if (interval.isBoolean() && interval.booleanValue()) {
        throw invalid("catalog.processingInterval", "must be a duration or false, got true");
      }
      this.processingDisabled = true;
      this.processingInterval = null;
    } else {
      this.processingDisabled = false;
      this.processingInterval = interval.isMissingNode() || interval.isNull()
          ? null : readDuration("catalog.processingInterval", interval);
    }
    String orphans = optionalString("catalog.orphanStrategy").orElse("delete");
    this.orphanStrategy = switch (orphans) {
      case "keep" -> OrphanStrategy.KEEP;
      case "delete" -> OrphanStrategy.DELETE;
      default -> throw invalid("catalog.orphanStrategy", "must be 'keep' or 'delete', got '" + orphans + "'");
    };
    String providers = optionalString("catalog.orphanProviderStrategy").orElse("delete");
    this.orphanProviderStrategy = switch (providers) {
      case "keep" -> OrphanStrategy.KEEP;
      case "delete" -> OrphanStrategy.DELETE;
      default -> throw invalid("catalog.orphanProviderStrategy",
          "must be 'keep' or 'delete', got '" + providers + "'");
    };
    String notFound = optionalString("catalog.locationNotFoundStrategy").orElse("keep");
    this.locationNotFoundStrategy = switch (notFound) {
      case "keep" -> LocationNotFoundStrategy.KEEP;
      case "delete" -> LocationNotFoundStrategy.DELETE;
      default -> throw invalid("catalog.locationNotFoundStrategy",
          "must be 'keep' or 'delete', got '" + notFound + "'");
    };
    int cacheSize = optionalInt("catalog.cache.maximumSize").orElse(10_000);
    if (cacheSize < 0) {
      throw invalid("catalog.cache.maximumSize", "must be 0 (no cache) or more, got " + cacheSize);
    }
    this.cacheMaximumSize = cacheSize;
    this.cacheTtl = optionalDuration("catalog.cache.ttl");
    this.cacheCheckInterval = optionalDuration("catalog.cache.checkInterval");
    eventsHttpTopics(); // checked once here, read when the server starts
    optionalString("events.modules.github.webhookSecret");
    optionalString("events.modules.gitlab.webhookSecret");
    this.readonly = optionalBoolean("catalog.readonly").orElse(false);
    this.authPolicyDisabled =
        optionalBoolean("backend.auth.dangerouslyDisableDefaultAuthPolicy").orElse(false);
    this.baseUrl = optionalUrl("backend.baseUrl").orElse(null);
    this.appBaseUrl = optionalUrl("app.baseUrl").orElse(null);
    this.cors = readCors();
    this.guest = readGuest();
    this.oidc = readOidc();
    this.permissionPolicy = readPermissionPolicy();
    this.integrations = readIntegrations();
    this.searchSchedules = readSearchSchedules();
    Integer requests = optionalInt("backend.maxConcurrentRequests").orElse(null);
    if (requests != null && (requests < 1 || requests > 10_000)) {
      throw invalid("backend.maxConcurrentRequests", "must be between 1 and 10000, got " + requests);
    }
    this.maxConcurrentRequests = requests;
  }

  /** Loads and merges {@code files} in order, substituting variables from the process environment. */
  public static AppConfig load(List<Path> files) {
    return load(files, System::getenv);
  }

  /**
   * Loads and merges {@code files} in order (later files win), substituting variables from {@code
   * env}.
   *
   * @throws ConfigException when a file cannot be read or parsed, or a key has the wrong shape
   */
  public static AppConfig load(List<Path> files, Function<String, @Nullable String> env) {
    List<Source> sources = new ArrayList<>();
    for (Path file : files) {
      String name = file.toString();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
        throw new ConfigException("Cannot read config file '" + name + "': " + why, e);
      }
      JsonNode root;
      try {
        root = YAML.readTree(text);
      } catch (JacksonException e) {
        throw new ConfigException("Cannot parse config file '" + name + "': " + e.getOriginalMessage(), e);
      }
      sources.add(source(root, file.toAbsolutePath().getParent(), name, env));
    }
    return new AppConfig(sources);
  }

  /**
   * Settings from a tree already in memory, as if it were a file named {@code name} in {@code
   * baseDir} (relative file locations resolve against it).
   */
  public static AppConfig fromTree(JsonNode tree, Path baseDir, String name,
      Function<String, @Nullable String> env) {
    return new AppConfig(List.of(source(tree, baseDir.toAbsolutePath(), name, env)));
  }

  /** Backstage's defaults: no file. */
  public static AppConfig defaults() {
    return new AppConfig(List.of());
  }

  private static Source source(@Nullable JsonNode root, Path baseDir, String name,
      Function<String, @Nullable String> env) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new Source(name, JsonNodeFactory.instance.objectNode());
    }
    if (!root.isObject()) {
      throw new ConfigException("Invalid config in '" + name + "': the root must be an object, got "
          + typeName(root));
    }
    JsonNode transformed = new Transforms(env, baseDir, name).apply(root, "");
    ObjectNode tree = transformed == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) transformed;
    resolveFileTargets(tree, baseDir, name);
    return new Source(name, tree);
  }

  /** Makes {@code file} location targets absolute against the folder of the file naming them. */
  private static void resolveFileTargets(ObjectNode tree, Path baseDir, String name) {
    JsonNode locations = tree.path("catalog").path("locations");
    if (!locations.isArray()) {
      return;
    }
    for (int i = 0; i < locations.size(); i++) {
      JsonNode l = locations.get(i);
      if (l.isObject() && l.path("type").isString() && l.path("type").stringValue().equals("file")
          && l.path("target").isString()) {
        String target = l.path("target").stringValue();
        ((ObjectNode) l).put("target", baseDir.resolve(target).normalize().toString());
      }
    }
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
        merge(target, source);
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void logUnknown(JsonNode node, Map<String, Object> known, String path) {
    if (!node.isObject()) {
      return;
    }
    for (String key : node.propertyNames()) {
      Object k = known.get(key);
      String p = join(path, key);
      if (k == null) {
        LOG.debug("config key '{}' is not used by Greenroom; ignored", p);
      } else if (k instanceof Map<?, ?> m) {
        logUnknown(node.get(key), (Map<String, Object>) m, p);
      }
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // ---- accessors

  /** The port to listen on ({@code backend.listen.port}); default 7007; 0 for any free port. */
  public int port() {
    return port;
  }

  /** The address to listen on ({@code backend.listen.host}); empty for the server's default. */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  /** Where the catalog is kept ({@code backend.database}). */
  public Database database() {
    return database;
  }

  /**
   * Hosts url locations and placeholders may read ({@code backend.reading.allow}), in {@link
   * HttpUrlReader.Builder#allow(String)}'s form ({@code host}, {@code host:port}, {@code
   * *.domain}, with a path prefix when {@code paths} is given).
   */
  public List<String> readingAllow() {
    return readingAllow;
  }

  /**
   * {@code backend.auth.dangerouslyDisableDefaultAuthPolicy}: requests without credentials are let
   * in (as Backstage's flag of that name does), and {@code serve} may listen on every interface
   * without auth.
   */
  public boolean authPolicyDisabled() {
    return authPolicyDisabled;
  }

  /** {@code backend.baseUrl}: the backend's external URL, when set. */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** {@code app.baseUrl}: the frontend's URL, when set. */
  public Optional<String> appBaseUrl() {
    return Optional.ofNullable(appBaseUrl);
  }

  /** {@code backend.cors}, when set. */
  public Optional<CorsPolicy> cors() {
    return Optional.ofNullable(cors);
  }

  /**
   * {@code permission.rules} (Greenroom's policy file in config: first matching rule decides,
   * the rest is allowed), when {@code permission.enabled} is true; empty means allow everything,
   * as Backstage with permissions disabled.
   */
  public Optional<RulePermissionPolicy> permissionPolicy() {
    return Optional.ofNullable(permissionPolicy);
  }

  /** {@code auth.providers.guest}, when set. */
  public Optional<Guest> guest() {
    return Optional.ofNullable(guest);
  }

  /** {@code auth.providers.oidc.<auth.environment>}, when set. */
  public Optional<Oidc> oidc() {
    return Optional.ofNullable(oidc);
  }

  /**
   * {@code backend.auth.externalAccess} entries of {@code type: jwks}: JWTs of another issuer,
   * checked against its keys.
   *
   * @param url the issuer's JWKS URL ({@code options.url})
   * @param issuers {@code options.issuer}
   * @param audiences {@code options.audience}
   * @param algorithms {@code options.algorithm}
   * @param subjectPrefix {@code options.subjectPrefix}, or null
   */
  public record JwksAccess(String url, List<String> issuers, List<String> audiences,
      List<String> algorithms, @Nullable String subjectPrefix) {}

  /** {@code backend.auth.externalAccess} entries of {@code type: jwks}. */
  public List<JwksAccess> jwksAccess() {
    return List.copyOf(jwksAccess);
  }

  /** Static bearer tokens ({@code backend.auth.externalAccess}, {@code type: static}). */
  public List<StaticToken> staticTokens() {
    return staticTokens;
  }

  /** The configured locations ({@code catalog.locations}), file targets absolute. */
  public List<LocationSpec> locations() {
    return locations;
  }

  /** The catalog rules ({@code catalog.rules} and the locations' own {@code rules}). */
  public CatalogRules rules() {
    return rules;
  }

  /**
   * The processing interval ({@code catalog.processingInterval}); empty for Backstage's default
   * (100 to 150 s) or when processing is disabled.
   */
  public Optional<Duration> processingInterval() {
    return Optional.ofNullable(processingInterval);
  }

  /** True when {@code catalog.processingInterval} is {@code false}: nothing is processed. */
  public boolean processingDisabled() {
    return processingDisabled;
  }

  /** What happens to orphans ({@code catalog.orphanStrategy}); default delete. */
  public OrphanStrategy orphanStrategy() {
    return orphanStrategy;
  }

  /**
   * What happens at start to the entities of providers no longer configured ({@code
   * catalog.orphanProviderStrategy}); default delete, as Backstage since 1.41.
   */
  public OrphanStrategy orphanProviderStrategy() {
    return orphanProviderStrategy;
  }

  /**
   * Most entities the catalog's read cache keeps ({@code catalog.cache.maximumSize}, Greenroom's
   * own); default 10,000, 0 for no cache.
   */
  public long catalogCacheMaximumSize() {
    return cacheMaximumSize;
  }

  /**
   * How long the read cache serves an entry at most ({@code catalog.cache.ttl}, Greenroom's own);
   * empty for "until a write changes it" (the default).
   */
  public Optional<Duration> catalogCacheTtl() {
    return Optional.ofNullable(cacheTtl);
  }

  /**
   * How often the read cache asks the database what other hosts changed ({@code
   * catalog.cache.checkInterval}, Greenroom's own); empty for the default, 1 s.
   */
  public Optional<Duration> catalogCacheCheckInterval() {
    return Optional.ofNullable(cacheCheckInterval);
  }

  /**
   * What a Location does when a file it reads is gone ({@code catalog.locationNotFoundStrategy},
   * the name of Backstage's proposal #28968); default keep.
   */
  public LocationNotFoundStrategy locationNotFoundStrategy() {
    return locationNotFoundStrategy;
  }

  /**
   * When search re-collates one of its built-in types ({@code search.collators.catalog.schedule},
   * {@code search.collators.techdocs.schedule}: Backstage's keys and its schedule fields); empty
   * when not configured.
   *
   * @param collator {@code catalog} or {@code techdocs}
   */
  public Optional<TaskSchedule> searchCollatorSchedule(String collator) {
    return Optional.ofNullable(searchSchedules.get(collator));
  }

  private Map<String, TaskSchedule> readSearchSchedules() {
    Map<String, TaskSchedule> out = new LinkedHashMap<>();
    for (String collator : List.of("catalog", "techdocs")) {
      String key = "search.collators." + collator + ".schedule";
      JsonNode node = at(key);
      if (node.isMissingNode() || node.isNull()) {
        continue;
      }
      try {
        out.put(collator, TaskSchedule.fromConfig(key, node));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Invalid config in '" + sourceOf(key) + "': " + e.getMessage(), e);
      }
    }
    return Map.copyOf(out);
  }

  /** The topics with an HTTP ingress route ({@code events.http.topics}), as written. */
  public List<String> eventsHttpTopics() {
    return stringList("events.http.topics");
  }

  /**
   * The secrets GitHub webhooks may be signed with: {@code events.modules.github.webhookSecret}
   * and the {@code webhookSecret} of every GitHub App under {@code integrations.github}, as
   * Backstage's GitHub events module reads them.
   */
  public List<String> githubWebhookSecrets() {
    List<String> out = new ArrayList<>();
    for (var github : integrations.github()) {
      for (var app : github.apps()) {
        out.add(app.webhookSecret().reveal());
      }
    }
    optionalString("events.modules.github.webhookSecret").ifPresent(out::add);
    return out;
  }

  /** {@code events.modules.gitlab.webhookSecret}, the token GitLab webhooks carry. */
  public Optional<String> gitlabWebhookSecret() {
    return optionalString("events.modules.gitlab.webhookSecret");
  }

  /** True when locations may not be registered or removed over the API ({@code catalog.readonly}). */
  public boolean readonly() {
    return readonly;
  }

  /**
   * Short requests the server answers at once ({@code backend.maxConcurrentRequests}, Greenroom's
   * own); the rest wait in order. Empty for the server's default, {@code max(8, 4 x cores)}, which
   * leaves room for requests that wait on a remote database or an SCM host; on embedded H2 the
   * requests are CPU work, and the number of cores gives a shorter tail (benchmarks/README.md).
   */
  public Optional<Integer> maxConcurrentRequests() {
    return Optional.ofNullable(maxConcurrentRequests);
  }

  /** Tasks one server runs at a time ({@code scaffolder.concurrentTasksLimit}); default 10. */
  public int concurrentTasksLimit() {
    int n = optionalInt("scaffolder.concurrentTasksLimit").orElse(10);
    if (n < 0) {
      throw new ConfigException("scaffolder.concurrentTasksLimit must be 0 or more, got " + n);
    }
    return n;
  }

  /**
   * The hosts of {@code backend.reading.allow} without their paths ({@code host}, {@code
   * host:port}, {@code *.domain}): where {@code fetch:*} may read even at internal addresses.
   */
  public List<String> readingAllowHosts() {
    java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
    for (String spec : readingAllow) {
      String s = spec.trim().replaceFirst("^[a-zA-Z]+://", "");
      int slash = s.indexOf('/');
      hosts.add(slash < 0 ? s : s.substring(0, slash));
    }
    return List.copyOf(hosts);
  }

  /**
   * The folders of the configured {@code file} locations (for a glob, the folder before its first
   * wildcard): where TechDocs may build from a {@code file:} source-location.
   */
  public List<Path> fileLocationFolders() {
    java.util.Set<Path> out = new java.util.LinkedHashSet<>();
    for (LocationSpec l : locations) {
      if (!l.type().equals("file")) {
        continue;
      }
      String t = l.target().startsWith("file:") ? l.target().substring(5) : l.target();
      int wild = -1;
      for (int i = 0; i < t.length() && wild < 0; i++) {
        wild = "*?[{".indexOf(t.charAt(i)) >= 0 ? i : -1;
      }
      String fixed = wild < 0 ? t : t.substring(0, wild);
      Path p = Path.of(fixed.isEmpty() ? "." : fixed).toAbsolutePath().normalize();
      Path folder = wild >= 0 && (fixed.endsWith("/") || fixed.isEmpty()) ? p : p.getParent();
      if (folder != null && folder.getParent() != null) { // never the file system's root
        out.add(folder);
      }
    }
    return List.copyOf(out);
  }

  /** Hosts {@code publish:git} may push to at internal addresses ({@code scaffolder.publish.allow[].host}). */
  public List<String> publishAllowHosts() {
    return publishAllow("host");
  }

  /** Folders of local repositories {@code publish:git} may push to ({@code scaffolder.publish.allow[].folder}). */
  public List<Path> publishAllowFolders() {
    return publishAllow("folder").stream().map(f -> Path.of(f).toAbsolutePath().normalize()).toList();
  }

  private List<String> publishAllow(String field) {
    JsonNode allow = at("scaffolder.publish.allow");
    if (allow.isMissingNode() || allow.isNull()) {
      return List.of();
    }
    requireType("scaffolder.publish.allow", allow.isArray(), "array");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      String key = "scaffolder.publish.allow[" + i + "]";
      requireType(key, allow.get(i).isObject(), "object");
      if (!allow.get(i).has("host") && !allow.get(i).has("folder")) {
        throw invalid(key, "needs a host or a folder");
      }
      if (allow.get(i).has(field)) {
        out.add(requiredString(key + "." + field));
      }
    }
    return List.copyOf(out);
  }

  /** Where built docs sites go ({@code techdocs.publisher.local.publishDirectory}), if set. */
  public Optional<Path> techdocsPublishDirectory() {
    return optionalString("techdocs.publisher.local.publishDirectory").map(Path::of);
  }

  /**
   * {@code integrations} (Backstage's keys for GitHub, GitLab, Bitbucket Cloud and Server, Azure,
   * Gerrit and Gitea), parsed and checked when the config was loaded; Backstage's anonymous
   * defaults when the key is absent. Its tokens and keys never print.
   */
  public IntegrationsConfig integrations() {
    return integrations;
  }

  /** The {@code integrations} subtree as written (after substitution), or a missing node. */
  public JsonNode integrationsTree() {
    return at(IntegrationsConfig.KEY).deepCopy();
  }

  /** The merged tree after substitution, for keys this class does not read. */
  public JsonNode tree() {
    return tree.deepCopy();
  }

  /** The files read, in merge order. */
  public List<String> files() {
    return sources.stream().map(Source::name).toList();
  }

  // ---- sections

  private Database readDatabase() {
    JsonNode db = at("backend.database");
    if (db.isMissingNode() || db.isNull()) {
      return new Database.Embedded(false);
    }
    requireType("backend.database", db.isObject(), "object");
    String client = optionalString("backend.database.client").orElse("better-sqlite3");
    JsonNode connection = at("backend.database.connection");
    switch (client) {
      case "better-sqlite3", "sqlite3" -> {
        boolean memory = connection.isString() && connection.stringValue().equals(":memory:")
            || connection.path("filename").isString()
                && connection.path("filename").stringValue().equals(":memory:");
        LOG.warn("backend.database.client '{}': Greenroom keeps the catalog in an embedded H2"
            + " database instead of SQLite ({})", client, memory ? "in memory" : "in the data folder");
        return new Database.Embedded(memory);
      }
      case "pg" -> {
        String prefix = optionalString("backend.database.prefix").orElse("backstage_plugin_");
        return new Database.Postgres(postgresUrl(connection, prefix + "catalog"));
      }
      default -> throw invalid("backend.database.client",
          "must be 'pg', 'better-sqlite3' or 'sqlite3', got '" + client + "'");
    }
  }

  private String postgresUrl(JsonNode connection, String defaultDatabase) {
    String key = "backend.database.connection";
    if (connection.isMissingNode() || connection.isNull()) {
      throw invalid(key, "is required for client 'pg'");
    }
    if (connection.isObject() && connection.has("connectionString")) {
      return parseConnectionString(requiredString(key + ".connectionString"), key + ".connectionString");
    }
    if (connection.isString()) {
      return parseConnectionString(connection.stringValue(), key);
    }
    requireType(key, connection.isObject(), "string or object");
    String host = optionalString(key + ".host").orElse("localhost");
    int port = optionalInt(key + ".port").orElse(5432);
    String database = optionalString(key + ".database").orElse(defaultDatabase);
    Map<String, String> params = new LinkedHashMap<>();
    optionalString(key + ".user").ifPresent(u -> params.put("user", u));
    optionalString(key + ".password").ifPresent(p -> params.put("password", p));
    sslParam(key + ".ssl", params);
    return jdbcUrl(host, port, database, params);
  }

  private void sslParam(String key, Map<String, String> params) {
    JsonNode ssl = at(key);
    if (ssl.isMissingNode() || ssl.isNull()) {
      return;
    }
    if (ssl.isObject()) {
      boolean verify = !ssl.path("rejectUnauthorized").isBoolean() || ssl.path("rejectUnauthorized").booleanValue();
      params.put("sslmode", verify ? "verify-full" : "require");
    } else if (optionalBoolean(key).orElse(false)) {
      params.put("sslmode", "require");
    }
  }

  private String parseConnectionString(String s, String key) {
    if (s.startsWith("jdbc:postgresql:")) {
      return s;
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw invalid(key, "is not a PostgreSQL connection string: " + e.getMessage());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !scheme.equals("postgres") && !scheme.equals("postgresql") || uri.getHost() == null) {
      throw invalid(key, "must look like postgresql://user:password@host:5432/database");
    }
    Map<String, String> params = new LinkedHashMap<>();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      params.put("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        params.put("password", decode(userInfo.substring(colon + 1)));
      }
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = path.length() > 1 ? decode(path.substring(1)) : "postgres";
    return jdbcUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, params);
  }

  private static String jdbcUrl(String host, int port, String database, Map<String, String> params) {
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
        .append('/').append(encode(database));
    char sep = '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      url.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return url.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private List<String> readReadingAllow() {
    JsonNode allow = at("backend.reading.allow");
    if (allow.isMissingNode() || allow.isNull()) {
      return List.of();
    }
    requireType("backend.reading.allow", allow.isArray(), "array");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      String key = "backend.reading.allow[" + i + "]";
      requireType(key, allow.get(i).isObject(), "object");
      String host = requiredString(key + ".host");
      JsonNode paths = at(key + ".paths");
      List<String> specs = new ArrayList<>();
      if (paths.isMissingNode() || paths.isNull()) {
        specs.add(host);
      } else {
        requireType(key + ".paths", paths.isArray(), "array");
        for (int j = 0; j < paths.size(); j++) {
          String path = requiredString(key + ".paths[" + j + "]");
          specs.add(host + (path.startsWith("/") ? path : "/" + path));
        }
      }
      for (String spec : specs) {
        try {
          HttpUrlReader.builder().allow(spec);
        } catch (IllegalArgumentException e) {
          throw invalid(key + ".host", e.getMessage());
        }
        out.add(spec);
      }
    }
    return List.copyOf(out);
  }

  private @Nullable CorsPolicy readCors() {
    JsonNode c = at("backend.cors");
    if (c.isMissingNode() || c.isNull()) {
      return null;
    }
    requireType("backend.cors", c.isObject(), "object");
    List<String> origins = stringList("backend.cors.origin");
    if (origins.isEmpty()) {
      throw invalid("backend.cors.origin", "must name at least one origin");
    }
    CorsPolicy.Builder b = CorsPolicy.builder();
    for (String o : origins) {
      try {
        b.origin(o);
      } catch (IllegalArgumentException e) {
        throw invalid("backend.cors.origin", e.getMessage());
      }
    }
    if (!at("backend.cors.methods").isMissingNode()) {
      b.methods(stringList("backend.cors.methods"));
    }
    if (!at("backend.cors.allowedHeaders").isMissingNode()) {
      b.allowedHeaders(stringList("backend.cors.allowedHeaders"));
    }
    if (!at("backend.cors.exposedHeaders").isMissingNode()) {
      b.exposedHeaders(stringList("backend.cors.exposedHeaders"));
    }
    optionalBoolean("backend.cors.credentials").ifPresent(b::credentials);
    optionalInt("backend.cors.maxAge").ifPresent(b::maxAgeSeconds);
    return b.build();
  }

  private @Nullable RulePermissionPolicy readPermissionPolicy() {
    boolean enabled = optionalBoolean("permission.enabled").orElse(false);
    JsonNode rules = at("permission.rules");
    if (rules.isMissingNode() || rules.isNull()) {
      return null;
    }
    if (!enabled) {
      LOG.warn("permission.rules are ignored: permission.enabled is not true");
      return null;
    }
    requireType("permission.rules", rules.isArray(), "array");
    RulePermissionPolicy.Builder b = RulePermissionPolicy.builder();
    for (int i = 0; i < rules.size(); i++) {
      String key = "permission.rules[" + i + "]";
      requireType(key, rules.get(i).isObject(), "object");
      boolean allow = !at(key + ".allow").isMissingNode();
      if (allow == !at(key + ".deny").isMissingNode()) {
        throw invalid(key, "needs exactly one of 'allow' or 'deny' (a list of permission names)");
      }
      List<String> names = stringList(key + (allow ? ".allow" : ".deny"));
      try {
        RulePermissionPolicy.Rule rule = allow
            ? RulePermissionPolicy.Rule.allow(names.toArray(String[]::new))
            : RulePermissionPolicy.Rule.deny(names.toArray(String[]::new));
        rule.users(stringList(key + ".users").toArray(String[]::new));
        rule.groups(stringList(key + ".groups").toArray(String[]::new));
        if (optionalBoolean(key + ".ifOwner").orElse(false)) {
          rule.ifOwner();
        }
        b.rule(rule);
      } catch (IllegalArgumentException e) {
        throw invalid(key, e.getMessage());
      }
    }
    return b.build();
  }

  private @Nullable Guest readGuest() {
    JsonNode g = at("auth.providers.guest");
    if (g.isMissingNode()) {
      return null;
    }
    if (!g.isNull()) {
      requireType("auth.providers.guest", g.isObject(), "object");
    }
    String user = optionalString("auth.providers.guest.userEntityRef")
        .orElse("user:development/guest");
    List<String> own = at("auth.providers.guest.ownershipEntityRefs").isMissingNode()
        ? null : stringList("auth.providers.guest.ownershipEntityRefs");
    return new Guest(user, own,
        optionalBoolean("auth.providers.guest.dangerouslyAllowOutsideDevelopment").orElse(false));
  }

  private @Nullable Oidc readOidc() {
    JsonNode all = at("auth.providers.oidc");
    if (all.isMissingNode() || all.isNull()) {
      return null;
    }
    requireType("auth.providers.oidc", all.isObject(), "object");
    String env = optionalString("auth.environment").orElse("development");
    if (env.isEmpty() || env.contains(".")) {
      throw invalid("auth.environment", "must be a name without dots, got '" + env + "'");
    }
    String key = "auth.providers.oidc." + env;
    JsonNode o = at(key);
    if (o.isMissingNode() || o.isNull()) {
      LOG.warn("auth.providers.oidc has no configuration for auth.environment '{}' ({}): the"
          + " OIDC provider is not mounted", env, String.join(", ", all.propertyNames()));
      return null;
    }
    requireType(key, o.isObject(), "object");
    String metadataUrl = optionalUrl(key + ".metadataUrl").orElseThrow(() -> new ConfigException(
        "Missing required config value at '" + key + ".metadataUrl' in '" + sourceOf(key) + "'"));
    String clientId = requiredString(key + ".clientId");
    String clientSecret = requiredString(key + ".clientSecret");
    if (clientId.isBlank()) {
      throw invalid(key + ".clientId", "must not be empty");
    }
    if (clientSecret.isEmpty()) {
      throw invalid(key + ".clientSecret", "must not be empty");
    }
    String callbackUrl = optionalUrl(key + ".callbackUrl").orElse(null);
    List<String> scopes;
    if (!at(key + ".scope").isMissingNode()) {
      scopes = scopeList(key + ".scope");
    } else {
      scopes = new ArrayList<>(List.of("openid", "profile", "email"));
      for (String s : scopeList(key + ".additionalScopes")) {
        if (!scopes.contains(s)) {
          scopes.add(s);
        }
      }
    }
    String method = optionalString(key + ".tokenEndpointAuthMethod").orElse(null);
    if (method != null && !method.equals("client_secret_basic")
        && !method.equals("client_secret_post")) {
      throw invalid(key + ".tokenEndpointAuthMethod", "must be client_secret_basic or"
          + " client_secret_post, got '" + method + "'");
    }
    String alg = optionalString(key + ".tokenSignedResponseAlg").orElse(null);
    if (alg != null && !alg.matches("(RS|PS|ES)(256|384|512)|ES256K|EdDSA")) {
      throw invalid(key + ".tokenSignedResponseAlg", "must be an RSA or EC signature algorithm"
          + " such as RS256 or ES256, got '" + alg + "'");
    }
    String prompt = optionalString(key + ".prompt").orElse(null);
    String rk = key + ".signIn.resolvers";
    JsonNode rs = at(rk);
    if (rs.isMissingNode() || rs.isNull() || rs.isArray() && rs.isEmpty()) {
      throw new ConfigException("Missing required config value at '" + rk + "' in '"
          + sourceOf(key) + "': the OIDC provider needs a sign-in resolver, such as [{resolver:"
          + " emailMatchingUserEntityProfileEmail}]");
    }
    requireType(rk, rs.isArray(), "array");
    List<Resolver> resolvers = new ArrayList<>();
    for (int i = 0; i < rs.size(); i++) {
      String ik = rk + "[" + i + "]";
      requireType(ik, rs.get(i).isObject(), "object");
      String name = requiredString(ik + ".resolver");
      if (!SIGN_IN_RESOLVERS.contains(name)) {
        throw invalid(ik + ".resolver", "must be one of " + SIGN_IN_RESOLVERS + ", got '"
            + name + "'");
      }
      String annotation = name.equals("emailMatchingUserEntityAnnotation")
          ? optionalString(ik + ".annotation").orElse("backstage.io/email") : null;
      resolvers.add(new Resolver(name, annotation));
    }
    return new Oidc(env, metadataUrl, clientId, clientSecret, callbackUrl, List.copyOf(scopes),
        prompt, method, alg, List.copyOf(resolvers));
  }

  /** Scopes: a list, or one string of names separated by spaces or commas. */
  private List<String> scopeList(String key) {
    List<String> out = new ArrayList<>();
    for (String s : stringList(key)) {
      for (String part : s.trim().split("[\\s,]+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out;
  }

  /** A string or a list of strings. */
  private List<String> stringList(String key) {
    JsonNode n = at(key);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (n.isString()) {
      return List.of(n.stringValue());
    }
    requireType(key, n.isArray(), "string or array of strings");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      requireType(key + "[" + i + "]", n.get(i).isString(), "string");
      out.add(n.get(i).stringValue());
    }
    return out;
  }

  private Optional<String> optionalUrl(String key) {
    Optional<String> v = optionalString(key);
    v.ifPresent(u -> {
      try {
        java.net.URI uri = new java.net.URI(u);
        if (uri.getScheme() == null || uri.getHost() == null
            || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
          throw invalid(key, "must be an absolute http(s) URL, got '" + u + "'");
        }
      } catch (java.net.URISyntaxException e) {
        throw invalid(key, "must be an absolute http(s) URL, got '" + u + "'");
      }
    });
    return v;
  }

  private List<StaticToken> readStaticTokens() {
    JsonNode access = at("backend.auth.externalAccess");
    if (access.isMissingNode() || access.isNull()) {
      return List.of();
    }
    requireType("backend.auth.externalAccess", access.isArray(), "array");
    List<StaticToken> out = new ArrayList<>();
    for (int i = 0; i < access.size(); i++) {
      String key = "backend.auth.externalAccess[" + i + "]";
      requireType(key, access.get(i).isObject(), "object");
      String type = requiredString(key + ".type");
      if (type.equals("jwks")) {
        String url = requiredString(key + ".options.url");
        if (!url.matches("\\S+") || !(url.startsWith("https://") || url.startsWith("http://"))) {
          throw invalid(key + ".options.url", "must be an http(s) URL without spaces");
        }
        jwksAccess.add(new JwksAccess(url, stringList(key + ".options.issuer"),
            stringList(key + ".options.audience"), stringList(key + ".options.algorithm"),
            optionalString(key + ".options.subjectPrefix").orElse(null)));
        continue;
      }
      if (!type.equals("static")) {
        LOG.warn("{}: external access of type '{}' is not supported by Greenroom; ignored", key, type);
        continue;
      }
      String token = requiredString(key + ".options.token");
      if (token.length() < 8 || token.chars().anyMatch(Character::isWhitespace)) {
        throw invalid(key + ".options.token", "must be at least 8 characters without spaces");
      }
      String subject = optionalString(key + ".options.subject").orElse("external:static");
      out.add(new StaticToken(token, subject));
    }
    return List.copyOf(out);
  }

  private List<LocationSpec> readLocations() {
    JsonNode locations = at("catalog.locations");
    if (locations.isMissingNode() || locations.isNull()) {
      return List.of();
    }
    requireType("catalog.locations", locations.isArray(), "array");
    List<LocationSpec> out = new ArrayList<>();
    for (int i = 0; i < locations.size(); i++) {
      String key = "catalog.locations[" + i + "]";
      requireType(key, locations.get(i).isObject(), "object");
      String type = requiredString(key + ".type");
      String target = requiredString(key + ".target");
      if (type.isEmpty() || target.isEmpty()) {
        throw invalid(key, "type and target must not be empty");
      }
      out.add(LocationSpec.of(type, target));
    }
    return List.copyOf(out);
  }

  private CatalogRules readRules() {
    JsonNode rulesNode = at("catalog.rules");
    JsonNode locationsNode = at("catalog.locations");
    try {
      return CatalogRules.fromConfig(rulesNode.isMissingNode() ? null : rulesNode,
          locationsNode.isMissingNode() ? null : locationsNode);
    } catch (IllegalArgumentException e) {
      String message = Objects.requireNonNullElse(e.getMessage(), e.toString());
      String key = message.startsWith("catalog.locations") ? "catalog.locations" : "catalog.rules";
      throw new ConfigException("Invalid config in '" + sourceOf(key) + "': " + message, e);
    }
  }

  private @Nullable Duration optionalDuration(String key) {
    JsonNode n = at(key);
    return n.isMissingNode() || n.isNull() ? null : readDuration(key, n);
  }

  private Duration readDuration(String key, JsonNode node) {
    if (node.isObject()) {
      Duration total = Duration.ZERO;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String unitKey = key + "." + e.getKey();
        double amount = number(unitKey, e.getValue());
        Duration unit = switch (e.getKey()) {
          case "years" -> Duration.ofDays(365);
          case "months" -> Duration.ofDays(30);
          case "weeks" -> Duration.ofDays(7);
          case "days" -> Duration.ofDays(1);
          case "hours" -> Duration.ofHours(1);
          case "minutes" -> Duration.ofMinutes(1);
          case "seconds" -> Duration.ofSeconds(1);
          case "milliseconds" -> Duration.ofMillis(1);
          default -> throw invalid(unitKey, "is not a duration unit (years, months, weeks, days,"
              + " hours, minutes, seconds, milliseconds)");
        };
        total = total.plusNanos(Math.round(unit.toNanos() * amount));
      }
      return positive(key, total);
    }
    if (node.isNumber()) {
      // Backstage reads a bare number as milliseconds (ms package)
      return positive(key, Duration.ofMillis(node.longValue()));
    }
    requireType(key, node.isString(), "duration");
    String s = node.stringValue().trim();
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return positive(key, Duration.parse(s));
      } catch (DateTimeParseException e) {
        throw invalid(key, "is not an ISO 8601 duration: '" + s + "'");
      }
    }
    Matcher m = SHORT_DURATION.matcher(s);
    if (!m.matches()) {
      throw invalid(key, "must be {minutes: N} (or another unit), an ISO 8601 duration, '5m',"
          + " or false, got '" + s + "'");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    Duration base;
    if (unit.equals("ms") || unit.startsWith("milli")) {
      base = Duration.ofMillis(1);
    } else if (unit.startsWith("s")) {
      base = Duration.ofSeconds(1);
    } else if (unit.startsWith("m")) {
      base = Duration.ofMinutes(1);
    } else if (unit.startsWith("h")) {
      base = Duration.ofHours(1);
    } else if (unit.startsWith("d")) {
      base = Duration.ofDays(1);
    } else {
      base = Duration.ofDays(7);
    }
    return positive(key, Duration.ofNanos(Math.round(base.toNanos() * amount)));
  }

  private Duration positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw invalid(key, "must be a positive duration, got " + d);
    }
    return d;
  }

  // ---- typed reads

  /** The node at a path like {@code catalog.locations[0].target}; missing node when absent. */
  private JsonNode at(String path) {
    return at(tree, path);
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      String name = bracket < 0 ? segment : segment.substring(0, bracket);
      n = n.path(name);
      while (bracket >= 0) {
        int close = segment.indexOf(']', bracket);
        n = n.path(Integer.parseInt(segment.substring(bracket + 1, close)));
        bracket = segment.indexOf('[', close);
      }
    }
    return n;
  }

  /** The file that set {@code path}: the last one in which it is present. */
  private String sourceOf(String path) {
    for (int i = sources.size() - 1; i >= 0; i--) {
      if (!at(sources.get(i).tree(), path).isMissingNode()) {
        return sources.get(i).name();
      }
    }
    return sources.isEmpty() ? "<defaults>" : sources.get(sources.size() - 1).name();
  }

  private Optional<String> optionalString(String key) {
    JsonNode n = at(key);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    requireType(key, n.isString(), "string");
    return Optional.of(n.stringValue());
  }

  private String requiredString(String key) {
    JsonNode n = at(key);
    if (n.isMissingNode() || n.isNull()) {
      throw new ConfigException("Missing required config value at '" + key + "' in '" + sourceOf(key) + "'");
    }
    requireType(key, n.isString(), "string");
    return n.stringValue();
  }

  private Optional<Integer> optionalInt(String key) {
    JsonNode n = at(key);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    double d = number(key, n);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw wrongType(key, n, "integer");
    }
    return Optional.of((int) d);
  }

  private double number(String key, JsonNode n) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isString() && NUMBER.matcher(n.stringValue().trim()).matches()) {
      return Double.parseDouble(n.stringValue().trim());
    }
    throw wrongType(key, n, "number");
  }

  private Optional<Boolean> optionalBoolean(String key) {
    JsonNode n = at(key);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (n.isBoolean()) {
      return Optional.of(n.booleanValue());
    }
    if (n.isString() && (n.stringValue().equals("true") || n.stringValue().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(n.stringValue()));
    }
    throw wrongType(key, n, "boolean");
  }

  private void requireType(String key, boolean ok, String wanted) {
    if (!ok) {
      throw wrongType(key, at(key), wanted);
    }
  }

  /** Backstage's message (config ConfigReader). */
  private ConfigException wrongType(String key, JsonNode n, String wanted) {
    return new ConfigException("Invalid type in config for key '" + key + "' in '" + sourceOf(key)
        + "', got " + typeName(n) + ", wanted " + wanted);
  }

  private IntegrationsConfig readIntegrations() {
    try {
      return IntegrationsConfig.parse(at(IntegrationsConfig.KEY));
    } catch (IntegrationException e) {
      throw new ConfigException(
          e.getMessage() + " (in '" + sourceOf(IntegrationsConfig.KEY) + "')");
    }
  }

  private ConfigException invalid(String key, String message) {
    return new ConfigException("Invalid config in '" + sourceOf(key) + "': " + key + " " + message);
  }

  private static String typeName(JsonNode n) {
    if (n.isArray()) {
      return "array";
    }
    if (n.isObject()) {
      return "object";
    }
    if (n.isString()) {
      return "string";
    }
    if (n.isNumber()) {
      return "number";
    }
    if (n.isBoolean()) {
      return "boolean";
    }
    return n.isNull() ? "null" : "missing";
  }

  @Override
  public String toString() {
    return "AppConfig" + files();
  }
}
