package dev.greenroom.catalog.github.internal;

import dev.greenroom.catalog.github.GithubProviderException;
import dev.greenroom.catalog.github.GithubProviderException.Kind;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.github.GithubCredentialsProvider;
import dev.greenroom.integrations.github.GithubCredentialsProvider.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's GraphQL API for one integration, as octokit's {@code graphql} reaches it: {@code POST
 * {apiBaseUrl}/graphql}, or {@code /api/graphql} for an Enterprise {@code apiBaseUrl} ending in
 * {@code /api/v3}; the credentials of the owner asked about. Errors name the host, the
 * integration and the kind of credentials, never the token. Bounded answers; thread-safe.
 */
public final class GithubGraphql {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Most pages read by one paged query (Backstage's limit too). */
  public static final int MAX_PAGES = 1000;

  private final HttpClient client;
  private final GithubCredentialsProvider credentials;
  private final URI endpoint;
  private final String host;
  private final Duration timeout;
  private final long maxBytes;
  private final Clock clock;
  private final RequestCounter counter;

  /** Counts requests (for benchmarks and logs). */
  @FunctionalInterface
  public interface RequestCounter {
    void count();
  }

  public GithubGraphql(HttpClient client, GithubCredentialsProvider credentials, Duration timeout,
      long maxBytes, Clock clock, RequestCounter counter) {
    this.client = client;
    this.credentials = credentials;
    String api = credentials.integration().apiBaseUrl();
    this.host = credentials.integration().host();
    if (api == null) {
      throw new IllegalArgumentException("The GitHub integration for " + host
          + " has no apiBaseUrl; the GitHub providers need it (integrations.github[host=" + host
          + "].apiBaseUrl)");
    }
    this.endpoint = URI.create(api.matches(".*/api/v3/?$")
        ? api.replaceFirst("/api/v3/?$", "/api/graphql") : api.replaceFirst("/$", "") + "/graphql");
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.counter = counter;
  }

  /** The host of the integration. */
  public String host() {
    return host;
  }

  /** The endpoint asked. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The credentials for {@code owner}; empty means anonymous.
   *
   * @throws GithubProviderException of kind CREDENTIALS when an App's token cannot be had
   */
  public Optional<Credentials> credentials(String owner) {
    try {
      return credentials.credentials(owner);
    } catch (ProcessingException e) {
      throw new GithubProviderException(Kind.CREDENTIALS, e.getMessage(), null, e);
    }
  }

  /**
   * The organisations the integration's Apps (or the App {@code appId}) are installed in.
   *
   * @throws GithubProviderException of kind CREDENTIALS when GitHub refuses the App
   */
  public List<String> organizationInstallations(@Nullable Long appId) {
    counter.count();
    try {
      return credentials.organizationInstallations(appId);
    } catch (ProcessingException | dev.greenroom.integrations.IntegrationException e) {
      throw new GithubProviderException(Kind.CREDENTIALS, e.getMessage(), null, e);
    }
  }

  /** One query; returns its {@code data}. */
  public JsonNode query(String owner, String query, ObjectNode variables) {
    Optional<Credentials> c = credentials(owner);
    return query(c.orElse(null), query, variables);
  }

  /** One query with the given credentials; returns its {@code data}. */
  public JsonNode query(@Nullable Credentials c, String query, ObjectNode variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.set("variables", variables);
    HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .header("Accept", "application/vnd.github+json")
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "greenroom-catalog-github")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (c != null) {
      rb.header("Authorization", c.authorization());
    }
    String who = "the GraphQL API of " + host + " (integration integrations.github host " + host
        + ", " + (c == null ? "no credentials" : c.type() == GithubCredentialsProvider.Type.APP
            ? "GitHub App installation token" : "token") + ")";
    HttpResponse<InputStream> r;
    counter.count();
    try {
      r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new GithubProviderException(Kind.UNAVAILABLE,
          "Request to " + who + " timed out after " + timeout, null, e);
    } catch (IOException e) {
      throw new GithubProviderException(Kind.UNAVAILABLE, "Request to " + who + " failed: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
          null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GithubProviderException(Kind.UNAVAILABLE, "Request to " + who + " interrupted",
          null, e);
    }
    byte[] bytes = read(r, who);
    int status = r.statusCode();
    if (status == 429 || status == 403
        && r.headers().firstValue("x-ratelimit-remaining").orElse("").equals("0")) {
      Duration wait = retryAfter(r);
      throw new GithubProviderException(Kind.RATE_LIMITED, "Rate limit exceeded at " + who
          + ": " + status + (wait == null ? "" : ", retry after " + wait.toSeconds() + " s"),
          wait, null);
    }
    if (status == 401 || status == 403) {
      throw new GithubProviderException(Kind.CREDENTIALS, "GitHub refused the credentials at "
          + who + ": " + status + " " + message(bytes), null, null);
    }
    if (status >= 500) {
      throw new GithubProviderException(Kind.UNAVAILABLE, "GitHub failed at " + who + ": "
          + status, retryAfter(r), null);
    }
    if (status != 200) {
      throw new GithubProviderException(Kind.ANSWER, "GitHub answered " + status + " at " + who
          + ": " + message(bytes), null, null);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(bytes);
    } catch (RuntimeException e) {
      throw new GithubProviderException(Kind.ANSWER, "GitHub answered invalid JSON at " + who,
          null, e);
    }
    if (answer.path("errors").isArray() && !answer.path("errors").isEmpty()) {
      List<String> messages = new ArrayList<>();
      answer.path("errors").forEach(e -> messages.add(e.path("message").asString("?")));
      String all = String.join("; ", messages);
      throw new GithubProviderException(Kind.ANSWER, "GitHub answered errors at " + who + ": "
          + (all.length() > 500 ? all.substring(0, 500) + "..." : all), null, null);
    }
    return answer.path("data");
  }

  /**
   * Every node of a paged connection: asks again with {@code cursor} set to the last page's
   * {@code endCursor} while {@code hasNextPage}.
   *
   * @param connection finds the connection in {@code data}; null ends with an error naming {@code
   *     what}
   */
  public List<JsonNode> queryAll(@Nullable Credentials c, String what, String query,
      ObjectNode variables, Function<JsonNode, @Nullable JsonNode> connection) {
    List<JsonNode> out = new ArrayList<>();
    ObjectNode vars = variables.deepCopy();
    vars.putNull("cursor");
    for (int page = 0; page < MAX_PAGES; page++) {
      JsonNode data = query(c, query, vars);
      JsonNode conn = connection.apply(data);
      if (conn == null || conn.isMissingNode() || conn.isNull()) {
        throw new GithubProviderException(Kind.ANSWER, "GitHub at " + host + " found no " + what,
            null, null);
      }
      conn.path("nodes").forEach(out::add);
      if (!conn.path("pageInfo").path("hasNextPage").asBoolean(false)) {
        return out;
      }
      vars.put("cursor", conn.path("pageInfo").path("endCursor").asString(""));
    }
    throw new GithubProviderException(Kind.ANSWER, "GitHub at " + host + " has more than "
        + MAX_PAGES + " pages of " + what, null, null);
  }

  private byte[] read(HttpResponse<InputStream> r, String who) {
    try (InputStream in = r.body()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (b.length > maxBytes) {
        throw new GithubProviderException(Kind.ANSWER, "The answer of " + who
            + " is larger than the limit of " + maxBytes + " bytes", null, null);
      }
      return b;
    } catch (IOException e) {
      throw new GithubProviderException(Kind.UNAVAILABLE, "Reading the answer of " + who
          + " failed: " + e.getClass().getSimpleName(), null, e);
    }
  }

  private @Nullable Duration retryAfter(HttpResponse<?> r) {
    Optional<String> after = r.headers().firstValue("retry-after");
    if (after.isPresent() && after.get().matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(after.get()));
    }
    Optional<String> reset = r.headers().firstValue("x-ratelimit-reset");
    if (reset.isPresent() && reset.get().matches("\\d{1,12}")) {
      long s = Long.parseLong(reset.get()) - clock.instant().getEpochSecond();
      return Duration.ofSeconds(Math.max(1, s));
    }
    return null;
  }

  private static String message(byte[] body) {
    try {
      String m = JSON.readTree(body).path("message").asString("");
      return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    } catch (RuntimeException e) {
      String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      return s.replaceAll("[\\r\\n]+", " ");
    }
  }
}
