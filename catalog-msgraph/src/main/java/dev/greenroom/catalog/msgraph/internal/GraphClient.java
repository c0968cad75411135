package dev.greenroom.catalog.msgraph.internal;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.msgraph.MicrosoftGraphException;
import dev.greenroom.catalog.msgraph.MicrosoftGraphProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft Graph over the JDK's HTTP client, as Backstage's {@code MicrosoftGraphClient}: a
 * client-credentials token from {@code <authority>/<tenantId>/oauth2/v2.0/token} for the scope
 * {@code <scheme>://<target host>/.default}, kept until shortly before it expires; collections read
 * page by page through {@code @odata.nextLink} (only links to the target's own origin are
 * followed, so the token goes nowhere else); {@code $search} (and the {@code advanced} query
 * mode) send {@code ConsistencyLevel: eventual} and {@code $count=true}. Limits: the body of one
 * answer, the items of one collection, the bytes of one photo; a request timeout. Errors name the
 * tenant and client id or the path, never the secret or the token. Thread-safe.
 */
public final class GraphClient {
  /** Backstage's page size. */
  public static final int PAGE_SIZE = 999;

  private final MicrosoftGraphProviderConfig config;
  private final HttpClient http;
  private final Duration timeout;
  private final long maxBodyBytes;
  private final int maxItems;
  private final Clock clock;
  private final URI targetOrigin;
  private final Object tokenLock = new Object();
  private @Nullable String token;
  private Instant tokenExpires = Instant.EPOCH;

  /** Limits of one client. */
  public record Limits(Duration timeout, long maxBodyBytes, int maxItems) {}

  public GraphClient(MicrosoftGraphProviderConfig config, HttpClient http, Limits limits,
      Clock clock) {
    this.config = config;
    this.http = http;
    this.timeout = limits.timeout();
    this.maxBodyBytes = limits.maxBodyBytes();
    this.maxItems = limits.maxItems();
    this.clock = clock;
    URI t = URI.create(config.target());
    this.targetOrigin = URI.create(t.getScheme() + "://" + t.getRawAuthority());
  }

  /** OData query options; null for absent. */
  public record Query(@Nullable String search, @Nullable String filter, List<String> select,
      @Nullable String expand, @Nullable Integer top) {
    public static Query top(int n) {
      return new Query(null, null, List.of(), null, n);
    }
  }

  // ---- token

  private String token() {
    synchronized (tokenLock) {
      if (token != null && clock.instant().isBefore(tokenExpires)) {
        return token;
      }
      String tokenUrl = config.authority() + "/" + enc(config.tenantId()) + "/oauth2/v2.0/token";
      String scope = targetOrigin.getScheme() + "://" + URI.create(config.target()).getHost()
          + "/.default";
      String form = "grant_type=client_credentials&client_id=" + enc(config.clientId())
          + "&client_secret=" + enc(config.clientSecret()) + "&scope=" + enc(scope);
      String who = "tenant " + config.tenantId() + ", client " + config.clientId();
      HttpResponse<InputStream> r;
      try {
        r = http.send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new MicrosoftGraphException(scrub("Microsoft Graph token request for " + who
            + " at " + tokenUrl + " failed: " + e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MicrosoftGraphException("Microsoft Graph token request for " + who
            + " was interrupted");
      }
      JsonNode body = json(r, "token response from " + tokenUrl);
      if (r.statusCode() != 200) {
        String error = body.path("error").asString("");
        String description = body.path("error_description").asString("");
        int cut = description.indexOf("\r\n");
        throw new MicrosoftGraphException(scrub("Microsoft Graph token request for " + who
            + " at " + tokenUrl + " failed: " + r.statusCode()
            + (error.isEmpty() ? "" : " " + error)
            + (description.isEmpty() ? "" : ": " + (cut > 0 ? description.substring(0, cut)
                : description))));
      }
      String access = body.path("access_token").asString("");
      if (access.isEmpty()) {
        throw new MicrosoftGraphException("Microsoft Graph token response for " + who + " from "
            + tokenUrl + " has no access_token");
      }
      long expiresIn = body.path("expires_in").asLong(3600);
      token = access;
      // renew a little early, as Azure's identity library does
      tokenExpires = clock.instant().plusSeconds(Math.max(0, expiresIn - 120));
      return access;
    }
  }

  // ---- requests

  /** Reads every item of a collection, following {@code @odata.nextLink}. */
  public void collection(String path, Query query, @Nullable String queryMode,
      Consumer<JsonNode> sink) {
    boolean advanced = query.search() != null || "advanced".equals(queryMode);
    Map<String, String> params = new LinkedHashMap<>();
    if (query.search() != null) {
      params.put("$search", query.search());
    }
    if (query.filter() != null) {
      params.put("$filter", query.filter());
    }
    if (!query.select().isEmpty()) {
      params.put("$select", String.join(",", query.select()));
    }
    if (query.expand() != null) {
      params.put("$expand", query.expand());
    }
    if (advanced && (query.filter() != null || !query.select().isEmpty())) {
      params.put("$count", "true");
    }
    if (query.top() != null) {
      params.put("$top", String.valueOf(query.top()));
    }
    StringBuilder url = new StringBuilder(config.target()).append('/').append(path);
    char sep = '?';
    for (Map.Entry<String, String> p : params.entrySet()) {
      url.append(sep).append(p.getKey()).append('=').append(enc(p.getValue()));
      sep = '&';
    }
    Map<String, String> headers = advanced ? Map.of("ConsistencyLevel", "eventual") : Map.of();
    String next = url.toString();
    int items = 0;
    int pages = 0;
    while (next != null) {
      if (Thread.currentThread().isInterrupted()) {
        throw new MicrosoftGraphException("Reading " + path + " from Microsoft Graph was"
            + " interrupted");
      }
      HttpResponse<InputStream> r = get(next, headers, path);
      JsonNode body = json(r, path);
      if (r.statusCode() != 200) {
        throw graphError(path, r.statusCode(), body);
      }
      JsonNode value = body.path("value");
      if (!value.isArray()) {
        throw new MicrosoftGraphException("Error while reading " + path + " from Microsoft Graph:"
            + " the answer has no value list");
      }
      for (JsonNode item : value) {
        if (++items > maxItems) {
          throw new MicrosoftGraphException("Error while reading " + path + " from Microsoft"
              + " Graph: more than " + maxItems + " items (the provider's limit)");
        }
        sink.accept(item);
      }
      pages++;
      JsonNode link = body.get("@odata.nextLink");
      next = link == null || link.isNull() ? null : link.asString();
      if (next != null) {
        URI n;
        try {
          n = URI.create(next);
        } catch (IllegalArgumentException e) {
          throw new MicrosoftGraphException("Error while reading " + path + " from Microsoft"
              + " Graph: @odata.nextLink is not a URL");
        }
        if (!targetOrigin.equals(URI.create(n.getScheme() + "://" + n.getRawAuthority()))) {
          throw new MicrosoftGraphException("Error while reading " + path + " from Microsoft"
              + " Graph: @odata.nextLink points at another origin than " + targetOrigin
              + " and is not followed");
        }
      }
    }
  }

  /** Reads one object. */
  public JsonNode object(String path) {
    HttpResponse<InputStream> r = get(config.target() + "/" + path, Map.of(), path);
    JsonNode body = json(r, path);
    if (r.statusCode() != 200) {
      throw graphError(path, r.statusCode(), body);
    }
    return body;
  }

  /**
   * A user's photo no taller than {@code maxSize} pixels as a {@code data:image/jpeg;base64,} URL,
   * as Backstage's {@code getUserPhotoWithSizeLimit}; empty when the user has none.
   */
  public Optional<String> userPhoto(String userId, int maxSize, long maxBytes) {
    String photosPath = "users/" + enc(userId) + "/photos";
    HttpResponse<InputStream> r = get(config.target() + "/" + photosPath, Map.of(), photosPath);
    JsonNode body = json(r, photosPath);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      throw graphError("users photos", r.statusCode(), body);
    }
    JsonNode selected = null;
    for (JsonNode p : body.path("value")) {
      int h = p.path("height").asInt(0);
      if (selected == null
          || (h >= selected.path("height").asInt(0) && h <= maxSize)) {
        selected = p;
      }
    }
    if (selected == null) {
      return Optional.empty();
    }
    String photoPath = photosPath + "/" + enc(selected.path("id").asString("")) + "/$value";
    HttpResponse<InputStream> photo = get(config.target() + "/" + photoPath, Map.of(), photoPath);
    byte[] bytes = read(photo, photoPath, maxBytes);
    if (photo.statusCode() == 404) {
      return Optional.empty();
    }
    if (photo.statusCode() != 200) {
      throw new MicrosoftGraphException("Error while reading photo from Microsoft Graph: "
          + photo.statusCode());
    }
    return Optional.of("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes));
  }

  /** Throttled requests are tried this many times in all. */
  static final int ATTEMPTS = 3;
  /** The longest {@code Retry-After} waited for; a longer one fails the request. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  private HttpResponse<InputStream> get(String url, Map<String, String> headers, String path) {
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
          .header("Authorization", "Bearer " + token())
          .header("Accept", "application/json").GET();
      headers.forEach(b::header);
      HttpResponse<InputStream> r;
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new MicrosoftGraphException(scrub("Error while reading " + path + " from Microsoft"
            + " Graph at " + config.target() + ": " + e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MicrosoftGraphException("Reading " + path + " from Microsoft Graph was"
            + " interrupted");
      }
      // Graph throttles with 429 (and 503) and a Retry-After in seconds: wait that long, a few
      // times, as Graph's guidance asks; past that the run fails and the next one tries again
      Duration wait = retryAfter(r);
      if ((r.statusCode() != 429 && r.statusCode() != 503) || attempt >= ATTEMPTS
          || wait == null || wait.compareTo(MAX_RETRY_AFTER) > 0) {
        return r;
      }
      try (InputStream ignored = r.body()) {
        Thread.sleep(wait.toMillis());
      } catch (IOException e) {
        // the throttled answer's body is not needed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MicrosoftGraphException("Reading " + path + " from Microsoft Graph was"
            + " interrupted");
      }
    }
  }

  private static @Nullable Duration retryAfter(HttpResponse<?> r) {
    Optional<String> h = r.headers().firstValue("Retry-After");
    if (h.isEmpty()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(h.get().trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private MicrosoftGraphException graphError(String path, int status, JsonNode body) {
    JsonNode error = body.path("error");
    MicrosoftGraphException e = new MicrosoftGraphException(scrub("Error while reading " + path
        + " from Microsoft Graph: " + status + " " + error.path("code").asString("")
        + " - " + error.path("message").asString("")));
    if (status == 401) {
      synchronized (tokenLock) {
        token = null; // revoked or expired early: the next request asks for a new one
      }
    }
    return e;
  }

  private JsonNode json(HttpResponse<InputStream> r, String what) {
    byte[] bytes = read(r, what, maxBodyBytes);
    if (bytes.length == 0) {
      return Json.object();
    }
    try {
      return Json.mapper().readTree(bytes);
    } catch (RuntimeException e) {
      if (r.statusCode() != 200) {
        return Json.object();
      }
      throw new MicrosoftGraphException("Error while reading " + what + " from Microsoft Graph:"
          + " the answer is not JSON (" + e.getMessage() + ")");
    }
  }

  private static byte[] read(HttpResponse<InputStream> r, String what, long max) {
    try (InputStream in = r.body()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (bytes.length > max) {
        throw new MicrosoftGraphException("Error while reading " + what + " from Microsoft Graph:"
            + " the answer is larger than " + max + " bytes (the provider's limit)");
      }
      return bytes;
    } catch (IOException e) {
      throw new MicrosoftGraphException("Error while reading " + what + " from Microsoft Graph: "
          + e.getMessage());
    }
  }

  private String scrub(String message) {
    String s = message.replace(config.clientSecret(), "<secret>");
    String enc = enc(config.clientSecret());
    if (!enc.isEmpty()) {
      s = s.replace(enc, "<secret>");
    }
    String t = token;
    return t == null ? s : s.replace(t, "<token>");
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
