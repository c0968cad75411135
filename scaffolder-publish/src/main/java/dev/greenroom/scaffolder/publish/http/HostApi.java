package dev.greenroom.scaffolder.publish.http;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.RemoteTargets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One SCM host's REST API as a publishing action calls it: JSON requests with the integration's
 * {@code Authorization} header, answers read up to a size limit, and every failure turned into an
 * {@link ActionException} that names the action and the host and says what the host answered
 * (401, 403, rate limits, 5xx), never the credentials.
 *
 * <p>Every request first goes through the deployer's {@link RemoteTargets}: a host that resolves
 * to a private address is refused unless allowed, as {@code publish:git} refuses its remotes.
 * Redirects are not followed, so the header never leaves the host it was meant for.
 */
public final class HostApi {
  /** Largest answer read (1 MiB): creation and pull request answers are small. */
  public static final int MAX_ANSWER_BYTES = 1024 * 1024;

  private final String action;
  private final String hostName;
  private final @Nullable String authorization;
  private final RemoteTargets targets;
  private final HttpClient client;
  private final Duration timeout;

  /**
   * An API client for one action call.
   *
   * @param action the action id, for messages
   * @param hostName how messages name the host ({@code Bitbucket Server git.acme.com})
   * @param authorization the {@code Authorization} header value, or null
   * @param targets where the action may connect
   * @param timeout the timeout of each request (and of connecting)
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public HostApi(String action, String hostName, @Nullable String authorization,
      RemoteTargets targets, Duration timeout, @Nullable Executor executor) {
    this.action = Objects.requireNonNull(action, "action");
    this.hostName = Objects.requireNonNull(hostName, "hostName");
    this.authorization = authorization;
    this.targets = Objects.requireNonNull(targets, "targets");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout);
    if (executor != null) {
      b.executor(executor);
    }
    this.client = b.build();
  }

  /**
   * An answer: its status, body (parsed as JSON when it is JSON, else a string node) and headers.
   *
   * @param status the HTTP status
   * @param body the body, an empty object when there was none
   * @param retryAfter the {@code retry-after} header, or null
   */
  public record Answer(int status, JsonNode body, @Nullable String retryAfter) {
    /** True for 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Sends one request and returns whatever the host answered (no status is an error here).
   *
   * @param method {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}
   * @param url the absolute URL
   * @param body the JSON body, or null
   * @param doing what the request is for, for messages ("creating repository KEY/repo")
   * @throws ActionException when the host is not allowed, cannot be reached, or answers too much
   */
  public Answer send(String method, String url, @Nullable JsonNode body, String doing) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ActionException(action + ": " + doing + ": bad URL " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw new ActionException(action + ": " + doing + ": " + hostName
          + " API URL " + url + " is not an http(s) URL");
    }
    targets.checkHost(action, uri.getHost(),
        uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80);
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Accept", "application/json");
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    if (body != null) {
      rb.header("Content-Type", "application/json");
      rb.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
    } else {
      rb.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> res;
    try {
      res = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ActionException(action + ": " + doing + ": " + hostName + " could not be reached ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(action + ": " + doing + ": interrupted");
    }
    byte[] bytes;
    try (InputStream in = res.body()) {
      bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
    } catch (IOException e) {
      throw new ActionException(action + ": " + doing + ": reading the answer of " + hostName
          + " failed: " + e.getMessage());
    }
    if (bytes.length > MAX_ANSWER_BYTES) {
      throw new ActionException(action + ": " + doing + ": " + hostName + " answered more than "
          + MAX_ANSWER_BYTES + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    JsonNode json;
    if (text.isBlank()) {
      json = Json.object();
    } else {
      try {
        json = Json.parse(text);
      } catch (RuntimeException e) {
        json = Json.nodes().stringNode(text);
      }
    }
    return new Answer(res.statusCode(), json, res.headers().firstValue("retry-after").orElse(null));
  }

  /**
   * Sends one request and returns the body of a 2xx answer.
   *
   * @throws ActionException for every other status, see {@link #failure}
   */
  public JsonNode call(String method, String url, @Nullable JsonNode body, String doing) {
    Answer a = send(method, url, body, doing);
    if (!a.ok()) {
      throw failure(a, doing);
    }
    return a.body();
  }

  /**
   * The error for an answer that is not what the action wanted: names the action, the host, the
   * status and what it means (refused credentials, missing permission, rate limit, host failure)
   * and the host's own message, cut short.
   */
  public ActionException failure(Answer a, String doing) {
    int s = a.status();
    String what;
    if (s == 401) {
      what = "refused the credentials (401 Unauthorized); check the integration's token or password";
    } else if (s == 429 || s == 403 && rateLimited(a)) {
      what = "is rate limiting these requests (" + s + ")"
          + (a.retryAfter() == null ? "" : ", retry after " + a.retryAfter() + " s");
    } else if (s == 403) {
      what = "refused the request (403 Forbidden): the credentials lack the permission";
    } else if (s == 404) {
      what = "answered 404 Not Found";
    } else if (s >= 500) {
      what = "failed (" + s + "); try again later";
    } else {
      what = "answered " + s;
    }
    String message = message(a.body());
    return new ActionException(action + ": " + doing + ": " + hostName + " " + what
        + (message.isEmpty() ? "" : ": " + message));
  }

  /** The host's error message from the usual JSON shapes, at most 300 characters. */
  public static String message(JsonNode body) {
    String m = "";
    if (body.isString()) {
      m = body.stringValue();
    } else if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
      JsonNode e = body.path("errors").get(0);
      m = e.isString() ? e.stringValue() : e.path("message").asString("");
    } else if (body.path("error").isObject()) {
      m = body.path("error").path("message").asString("");
    } else if (body.path("message").isString()) {
      m = body.path("message").stringValue();
    } else if (body.path("message").isObject() || body.path("message").isArray()) {
      m = body.path("message").toString();
    } else if (body.path("error").isString()) {
      m = body.path("error").stringValue();
    }
    m = m.strip().replaceAll("\\s+", " ");
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  private static boolean rateLimited(Answer a) {
    return a.retryAfter() != null || message(a.body()).toLowerCase(Locale.ROOT).contains("rate limit");
  }

  /** The host name messages use. */
  public String hostName() {
    return hostName;
  }
}
