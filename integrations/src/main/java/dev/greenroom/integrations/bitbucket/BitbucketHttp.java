package dev.greenroom.integrations.bitbucket;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP for one Bitbucket integration (Cloud or Server), shared by its URL reader and its
 * discovery provider: redirects followed by hand (at most 5), the {@code Authorization} header sent
 * only to the origins of the integration (its API and its web host), bounded bodies, and errors
 * that name the URL and, for refused credentials, the integration and host, never a header.
 *
 * <p>Answers: 2xx and 304 are returned; 404 is a {@code NotFoundError}; 401 and 403 say the
 * integration's credentials were refused; 429 (and 503 with {@code retry-after}) say the host
 * rate-limits; any other status, a timeout or a broken connection is a general error. Every failure
 * is a {@link ProcessingException}, so the engine keeps an entity's last good data.
 */
public final class BitbucketHttp {
  private static final int MAX_REDIRECTS = 5;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final ReadLimits limits;
  private final String integration;
  private final @Nullable String authorization;
  private final Set<String> authOrigins;

  /**
   * A client.
   *
   * @param integration the integration's name for messages, such as {@code Bitbucket Cloud
   *     integration for bitbucket.org}
   * @param authorization the {@code Authorization} header value, or null for anonymous requests
   * @param authOrigins the base URLs (API, web host) the header may be sent to
   * @param limits timeouts and sizes
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public BitbucketHttp(String integration, @Nullable String authorization, Collection<String> authOrigins,
      ReadLimits limits, @Nullable Executor executor) {
    this.integration = Objects.requireNonNull(integration, "integration");
    this.authorization = authorization;
    this.authOrigins = authOrigins.stream().map(u -> origin(URI.create(u))).collect(
        java.util.stream.Collectors.toUnmodifiableSet());
    this.limits = Objects.requireNonNull(limits, "limits");
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(limits.timeout());
    if (executor != null) {
      b.executor(executor);
    }
    this.client = b.build();
  }

  /** The integration's name, as messages use it. */
  public String integration() {
    return integration;
  }

  /** The limits of this client. */
  public ReadLimits limits() {
    return limits;
  }

  /** An answer: 2xx or 304; the body is open until read or closed. */
  public record Answer(int status, HttpHeaders headers, InputStream body, URI uri) {
    /** A header's first value. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** Drops the body. */
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // the body is dropped
      }
    }
  }

  /**
   * GET with the integration's credentials and {@code headers}; 304 is returned, every other
   * non-2xx answer thrown.
   */
  public Answer get(URI uri, Map<String, String> headers) {
    return send(uri, headers, true);
  }

  /**
   * The status of a GET with the integration's credentials (the body dropped), for existence
   * checks: every answer is returned, only a request that gets none (timeout, connection) throws.
   */
  public int status(URI uri) {
    Answer a = send(uri, Map.of(), false);
    a.close();
    return a.status();
  }

  private Answer send(URI uri, Map<String, String> headers, boolean throwOnError) {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(current).timeout(limits.timeout()).GET();
      headers.forEach(rb::header);
      if (authorization != null && authOrigins.contains(origin(current))) {
        rb.header("Authorization", authorization);
      }
      HttpResponse<InputStream> r;
      try {
        r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        throw new ProcessingException(ProcessingError.general("Request failed for "
            + redact(current) + ", timed out after " + limits.timeout() + " (" + integration + ")"), e);
      } catch (IOException e) {
        throw new ProcessingException(ProcessingError.general(
            "Request failed for " + redact(current) + ", " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (" + integration + ")"), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProcessingException(
            ProcessingError.general("Request failed for " + redact(current) + ", interrupted"), e);
      }
      int status = r.statusCode();
      Answer a = new Answer(status, r.headers(), r.body(), current);
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        a.close();
        String location = r.headers().firstValue("Location").orElse(null);
        if (location == null) {
          throw new ProcessingException(ProcessingError.general("Request failed for "
              + redact(current) + ", redirect " + status + " without a Location"));
        }
        URI next = current.resolve(location);
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || next.getHost() == null) {
          throw new ProcessingException(ProcessingError.notAllowed(
              "Request failed for " + redact(current) + ", redirect to a non-HTTP URL"));
        }
        current = next;
        continue;
      }
      if (status == 304 || status >= 200 && status < 300 || !throwOnError) {
        return a;
      }
      a.close();
      throw failure(current, status, r.headers());
    }
    throw new ProcessingException(ProcessingError.general(
        "Request failed for " + redact(uri) + ", more than " + MAX_REDIRECTS + " redirects"));
  }

  private ProcessingException failure(URI uri, int status, HttpHeaders headers) {
    String message = "Request failed for " + redact(uri) + ", " + status + " " + reason(status);
    if (status == 404) {
      return new ProcessingException(ProcessingError.notFound(message));
    }
    if (status == 401 || status == 403 && !headers.firstValue("retry-after").isPresent()) {
      return new ProcessingException(ProcessingError.general(message + ": the " + integration
          + (authorization == null
              ? " has no credentials; configure them for private repositories"
              : " was refused with its configured credentials; check them")));
    }
    if (status == 429 || headers.firstValue("retry-after").isPresent()) {
      message += " (rate limit exceeded)";
      String retry = headers.firstValue("retry-after").orElse(null);
      if (retry != null && retry.matches("\\d{1,9}")) {
        message += ", retry after " + retry + " s";
      }
    }
    return new ProcessingException(ProcessingError.general(message + " (" + integration + ")"));
  }

  /** GET of a JSON answer, at most {@link ReadLimits#maxBytes()} bytes. */
  public JsonNode json(URI uri) {
    Answer a = get(uri, Map.of("Accept", "application/json"));
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + redact(uri) + ", unexpected 304"));
    }
    byte[] body = readAll(a, limits.maxBytes());
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      throw new ProcessingException(ProcessingError.general(
          "The " + integration + " answered " + redact(uri) + " with invalid JSON"));
    }
  }

  /** Reads a whole body, at most {@code max} bytes. */
  public static byte[] readAll(Answer a, long max) {
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
          "Request failed for " + redact(a.uri()) + ", " + e.getClass().getSimpleName()), e);
    }
  }

  private static ProcessingException tooLarge(URI uri, long max) {
    return new ProcessingException(ProcessingError.input(
        "Response from " + redact(uri) + " is larger than the limit of " + max + " bytes"));
  }

  /** The URL without user info; queries are Bitbucket's own paging and ref parameters. */
  public static String redact(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + Objects.requireNonNullElse(uri.getRawPath(), "")
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /**
   * The web origin of an integration: its host with the scheme of its API, so credentials meant for
   * {@code https://api.bitbucket.org} go to {@code https://bitbucket.org} and never over plain HTTP
   * unless the API itself is plain HTTP (a local test host).
   */
  static String webOrigin(String apiBaseUrl, String host) {
    String scheme = URI.create(apiBaseUrl).getScheme();
    return (scheme == null ? "https" : scheme.toLowerCase(Locale.ROOT)) + "://" + host;
  }

  static String origin(URI u) {
    String scheme = Objects.requireNonNullElse(u.getScheme(), "").toLowerCase(Locale.ROOT);
    String host = Objects.requireNonNullElse(u.getHost(), "").toLowerCase(Locale.ROOT);
    int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + host + ":" + port;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
