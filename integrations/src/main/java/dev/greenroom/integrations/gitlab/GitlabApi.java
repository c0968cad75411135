package dev.greenroom.integrations.gitlab;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.GitlabIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API (v4) of one GitLab integration, as Backstage's GitLab client uses it: requests to
 * {@code apiBaseUrl} with the integration's token as {@code Authorization: Bearer} (what
 * Backstage's {@code getGitLabRequestOptions} sends; GitLab takes personal, group, project and
 * OAuth tokens there), offset
 * pagination through the {@code x-next-page} header, and every answer bounded by {@link
 * ReadLimits}. Redirects are not followed (a GitLab API does not redirect; a redirect to a sign-in
 * page is an error, not a file).
 *
 * <p>Errors are {@link ProcessingException}s whose message names the integration's host and the
 * URL asked ({@code Request failed for https://host/api/v4/projects/5, 401 Unauthorized}); a 401
 * or 403 adds that the integration's token was refused, never the token. 404 is a {@code
 * NotFoundError}; 429 and 403 with {@code ratelimit-remaining: 0} say "rate limit exceeded" and
 * the {@code retry-after} seconds. Immutable and thread-safe.
 */
public final class GitlabApi {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GitlabIntegrationConfig config;
  private final ReadLimits limits;
  private final HttpClient client;

  private GitlabApi(GitlabIntegrationConfig config, ReadLimits limits, @Nullable Executor executor) {
    this.config = Objects.requireNonNull(config, "config");
    this.limits = Objects.requireNonNull(limits, "limits");
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(limits.timeout());
    if (executor != null) {
      b.executor(executor);
    }
    this.client = b.build();
  }

  /**
   * A client for one integration.
   *
   * @param config the integration (host, API and web base URLs, token)
   * @param limits timeouts and size limits of every answer
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public static GitlabApi create(GitlabIntegrationConfig config, ReadLimits limits,
      @Nullable Executor executor) {
    return new GitlabApi(config, limits, executor);
  }

  /** The integration. */
  public GitlabIntegrationConfig config() {
    return config;
  }

  /** The limits of every answer. */
  public ReadLimits limits() {
    return limits;
  }

  /** One page of a paged list: its items and the next page's number, or null on the last page. */
  public record Page(List<JsonNode> items, @Nullable Integer nextPage) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /**
   * GET of a JSON answer.
   *
   * @param path below {@code apiBaseUrl}, already encoded, for example {@code /projects/12}
   * @param query query parameters (encoded here); null values are left out
   * @throws ProcessingException when the host answers anything but 2xx, or an answer is too large
   *     or not JSON
   */
  public JsonNode get(String path, Map<String, ?> query) {
    Answer a = send("GET", uri(path, query), Map.of());
    return json(a);
  }

  /** One page of a list endpoint ({@code page} and {@code per_page} belong in {@code query}). */
  public Page page(String path, Map<String, ?> query) {
    Answer a = send("GET", uri(path, query), Map.of());
    String next = a.header("x-next-page").orElse("");
    JsonNode body = json(a);
    if (!body.isArray()) {
      throw new ProcessingException(ProcessingError.general(
          "GitLab answered " + a.uri() + " with " + body.getNodeType() + ", expected a list"));
    }
    List<JsonNode> items = new ArrayList<>();
    body.forEach(items::add);
    Integer nextPage = next.matches("\\d{1,9}") ? Integer.valueOf(next) : null;
    return new Page(items, nextPage);
  }

  /**
   * Every item of a list endpoint, following {@code x-next-page} from page 1 with 100 items a
   * page.
   *
   * @param maxItems the most items accepted; more fail with an error naming the endpoint
   */
  public List<JsonNode> all(String path, Map<String, ?> query, int maxItems) {
    List<JsonNode> out = new ArrayList<>();
    Integer page = 1;
    int pages = 0;
    while (page != null) {
      Map<String, Object> q = new LinkedHashMap<>(query);
      q.put("page", page);
      q.putIfAbsent("per_page", 100);
      Page p = page(path, q);
      out.addAll(p.items());
      if (out.size() > maxItems) {
        throw new ProcessingException(ProcessingError.input("The list " + uri(path, query)
            + " has more than " + maxItems + " items, the limit"));
      }
      if (++pages > 100_000 || (p.nextPage() != null && p.nextPage() <= page)) {
        throw new ProcessingException(ProcessingError.general(
            "GitLab answered " + uri(path, query) + " with a page sequence that does not advance"));
      }
      page = p.nextPage();
    }
    return out;
  }

  /**
   * HEAD of a resource: true for 2xx, false for 404.
   *
   * @throws ProcessingException for any other answer (a refused token, a 500), so a caller never
   *     takes a failing host for a missing file
   */
  public boolean exists(String path, Map<String, ?> query) {
    URI uri = uri(path, query);
    try {
      send("HEAD", uri, Map.of()).close();
      return true;
    } catch (ProcessingException e) {
      if (e.error().name().equals("NotFoundError")) {
        return false;
      }
      throw e;
    }
  }

  /**
   * A GraphQL query ({@code POST {baseUrl}/api/graphql}, where Backstage's GitLab client sends
   * its group queries).
   *
   * @param query the query text
   * @param variables its variables
   * @return the answer's {@code data}
   * @throws ProcessingException when the host answers anything but 2xx, or GraphQL {@code errors}
   *     (their messages in the error)
   */
  public JsonNode graphql(String query, JsonNode variables) {
    URI uri = URI.create(config.baseUrl().replaceAll("/+$", "") + "/api/graphql");
    byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("query", query)
        .set("variables", variables));
    JsonNode answer = json(send("POST", uri, Map.of("Content-Type", "application/json"), body));
    if (answer.has("errors") && !answer.path("errors").isEmpty()) {
      StringBuilder messages = new StringBuilder();
      for (JsonNode e : answer.path("errors")) {
        if (messages.length() > 0) {
          messages.append("; ");
        }
        messages.append(e.path("message").asString(e.toString()));
      }
      throw new ProcessingException(ProcessingError.general(
          "GitLab answered " + uri + " with GraphQL errors: " + messages));
    }
    return answer.path("data");
  }

  /** The absolute URI of an API path with a query. */
  public URI uri(String path, Map<String, ?> query) {
    StringBuilder sb = new StringBuilder(config.apiBaseUrl()).append(path);
    char sep = path.contains("?") ? '&' : '?';
    for (Map.Entry<String, ?> e : query.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      sb.append(sep).append(enc(e.getKey())).append('=').append(enc(String.valueOf(e.getValue())));
      sep = '&';
    }
    return URI.create(sb.toString());
  }

  /** Encodes one path segment or query value as GitLab wants it ({@code group%2Fproject}). */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ---- raw access for the reader

  /** An answer: 2xx or 304; the body is open until read or closed. */
  record Answer(int status, HttpHeaders headers, InputStream body, URI uri) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // the body is dropped
      }
    }
  }

  /** GET with extra headers; 304 is returned, not thrown. */
  Answer getRaw(URI uri, Map<String, String> headers) {
    return send("GET", uri, headers);
  }

  private Answer send(String method, URI uri, Map<String, String> headers) {
    return send(method, uri, headers, null);
  }

  private Answer send(String method, URI uri, Map<String, String> headers, byte @Nullable [] body) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(limits.timeout());
    rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    if (config.token() != null) {
      rb.header("Authorization", "Bearer " + config.token().reveal());
    }
    headers.forEach(rb::header);
    HttpResponse<InputStream> r;
    try {
      r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + uri + ", timed out after " + limits.timeout()), e);
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + uri + ", " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessingException(
          ProcessingError.general("Request failed for " + uri + ", interrupted"), e);
    }
    int status = r.statusCode();
    Answer a = new Answer(status, r.headers(), r.body(), uri);
    if (status == 304 || status >= 200 && status < 300) {
      return a;
    }
    a.close();
    String message = "Request failed for " + uri + ", " + status + " " + reason(status);
    if (status == 404) {
      throw new ProcessingException(ProcessingError.notFound(message));
    }
    boolean limited = status == 429 || status == 403
        && (r.headers().firstValue("ratelimit-remaining").orElse("").equals("0"));
    if (limited) {
      message += " (rate limit exceeded)";
      String retry = r.headers().firstValue("retry-after").orElse(null);
      if (retry != null && retry.matches("\\d{1,9}")) {
        message += ", retry after " + retry + " s";
      }
    } else if (status == 401 || status == 403) {
      message += "; the GitLab integration for " + config.host() + " was refused"
          + (config.token() == null ? " (it has no token)" : ", check its token");
    } else if (status >= 300 && status < 400) {
      message += "; the GitLab integration for " + config.host()
          + " expects its API at " + config.apiBaseUrl();
    }
    throw new ProcessingException(ProcessingError.general(message));
  }

  private JsonNode json(Answer a) {
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + a.uri() + ", unexpected 304"));
    }
    byte[] body = readAll(a, limits.maxBytes());
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general(
          "GitLab answered " + a.uri() + " with invalid JSON"));
    }
  }

  /** Reads a whole body, at most {@code max} bytes. */
  static byte[] readAll(Answer a, long max) {
    long declared = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > max) {
      a.close();
      throw tooLarge(a.uri(), max);
    }
    try (InputStream in = a.body()) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (data.length > max) {
        throw tooLarge(a.uri(), max);
      }
      return data;
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + a.uri() + ", " + e.getClass().getSimpleName()), e);
    }
  }

  private static ProcessingException tooLarge(URI uri, long max) {
    return new ProcessingException(ProcessingError.input(
        "Response from " + uri + " is larger than the limit of " + max + " bytes"));
  }

  private static String reason(int status) {
    return switch (status) {
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "";
    };
  }

  @Override
  public String toString() {
    return "GitlabApi{host=" + config.host() + ",authed=" + (config.token() != null) + "}";
  }
}
