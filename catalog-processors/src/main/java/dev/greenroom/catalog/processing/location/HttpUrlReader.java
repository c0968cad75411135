package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UrlReader} over plain HTTP(S) on the JDK's {@link HttpClient}, for hosts on an
 * allow-list (Backstage's {@code FetchUrlReader} with {@code backend.reading.allow}).
 *
 * <p>Only {@code http} and {@code https} URLs whose host is allowed are read; others fail with a
 * {@code NotAllowedError} naming the URL and the configuration key {@value #ALLOW_CONFIG_KEY}.
 * Redirects are followed (at most 5) only to allowed hosts; headers configured for one host are
 * never sent to another. GitHub {@code blob} and {@code tree} file URLs ({@code
 * https://github.com/o/r/blob/ref/path}) are read from {@code raw.githubusercontent.com}, which
 * allowing {@code github.com} covers. Bodies larger than {@link Builder#maxBytes} (default 10 MiB)
 * fail while streaming. 404 is a {@code NotFoundError}, 304 (after an {@code If-None-Match}) "not
 * modified".
 *
 * <p>{@link #search} reads the single URL: this reader cannot list folders, so glob URL targets
 * need an SCM-specific reader.
 *
 * <p>Thread-safe; its settings never change. The HTTP client is made at the first read and runs
 * on the executor the host gives, or the JDK's default.
 */
public final class HttpUrlReader implements UrlReader {
  /** The configuration key that lists the hosts that may be read, named in refusals. */
  public static final String ALLOW_CONFIG_KEY = "backend.reading.allow";
  /** Default largest response body: 10 MiB. */
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
  /** Default timeout of one request. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_REDIRECTS = 5;
  private static final Pattern GITHUB_FILE =
      Pattern.compile("^/([^/]+)/([^/]+)/(?:blob|tree|raw)/(.+)$");
  private static final String RAW_GITHUB = "raw.githubusercontent.com";

  private final List<HostRule> allow;
  private final Map<String, Map<String, String>> headers;
  private final Duration timeout;
  private final long maxBytes;
  private final Duration connectTimeout;
  private final @Nullable Executor executor;
  private volatile @Nullable HttpClient client;

  private HttpUrlReader(Builder b) {
    this.allow = List.copyOf(b.allow);
    Map<String, Map<String, String>> h = new LinkedHashMap<>();
    b.headers.forEach((k, v) -> h.put(k, Map.copyOf(v)));
    this.headers = Map.copyOf(h);
    this.timeout = b.timeout;
    this.maxBytes = b.maxBytes;
    this.connectTimeout = b.connectTimeout;
    this.executor = b.executor;
  }

  /**
   * The HTTP client, made at the first read: making one loads the JDK's TLS context (a quarter of a
   * second of {@code serve}'s start-up on a 2-core machine) and starts its selector thread, which a
   * catalog of local files never needs.
   */
  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          HttpClient.Builder cb =
              HttpClient.newBuilder()
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .connectTimeout(connectTimeout);
          if (executor != null) {
            cb.executor(executor);
          }
          c = cb.build();
          client = c;
        }
      }
    }
    return c;
  }

  /** A builder; nothing is allowed until hosts are added with {@link Builder#allow}. */
  public static Builder builder() {
    return new Builder();
  }

  /** True if this reader may read {@code url}. */
  public boolean isAllowed(String url) {
    URI u = parse(url);
    return u != null && isAllowed(u);
  }

  private boolean isAllowed(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      return false;
    }
    for (HostRule r : allow) {
      if (r.matches(u)) {
        return true;
      }
    }
    if (u.getHost().equalsIgnoreCase(RAW_GITHUB)) {
      // raw.githubusercontent.com/o/r/ref/path is allowed when github.com/o/r/... is
      URI gh = URI.create("https://github.com" + (u.getRawPath() == null ? "/" : u.getRawPath()));
      for (HostRule r : allow) {
        if (r.matches(gh)) {
          return true;
        }
      }
    }
    return false;
  }

  private static @Nullable URI parse(String url) {
    try {
      return new URI(url).normalize();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static ProcessingException notAllowed(String url) {
    return new ProcessingException(
        ProcessingError.notAllowed(
            "Reading from '"
                + url
                + "' is not allowed. You may need to configure an integration for the target host,"
                + " or add it to the configured list of allowed hosts at '"
                + ALLOW_CONFIG_KEY
                + "'"));
  }

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    URI uri = parse(url);
    if (uri == null || !uri.isAbsolute()) {
      throw new ProcessingException(ProcessingError.input("Invalid URL " + url));
    }
    if (!isAllowed(uri)) {
      throw notAllowed(url);
    }
    long limit = Math.min(maxBytes, this.maxBytes);
    URI current = rawForm(uri);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(current).timeout(timeout).GET();
      headersFor(current).forEach(rb::header);
      if (etag != null) {
        rb.header("If-None-Match", etag);
      }
      HttpResponse<InputStream> response;
      try {
        response = client().send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        throw new ProcessingException(
            ProcessingError.general("Unable to read " + url + ", timed out after " + timeout), e);
      } catch (IOException e) {
        throw new ProcessingException(
            ProcessingError.general("Unable to read " + url + ", " + describe(e)), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProcessingException(
            ProcessingError.general("Unable to read " + url + ", interrupted"), e);
      }
      int status = response.statusCode();
      Optional<String> newEtag = response.headers().firstValue("ETag");
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        close(response);
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
          throw new ProcessingException(
              ProcessingError.general(
                  "Unable to read " + url + ", redirect " + status + " without a Location"));
        }
        URI next = parse(current.resolve(ScmUrls.encodeGlob(location)).toString());
        if (next == null || !isAllowed(next)) {
          throw new ProcessingException(
              ProcessingError.notAllowed(
                  "Reading from '"
                      + url
                      + "' redirected to '"
                      + location
                      + "', which is not allowed; add its host to '"
                      + ALLOW_CONFIG_KEY
                      + "'"));
        }
        current = next;
        continue;
      }
      if (status == 304) {
        close(response);
        return ReadResponse.notModified(newEtag.orElse(etag));
      }
      if (status == 404) {
        close(response);
        throw new ProcessingException(
            ProcessingError.notFound("could not read " + url + ", 404 Not Found"));
      }
      if (status < 200 || status >= 300) {
        close(response);
        throw new ProcessingException(
            ProcessingError.general("could not read " + url + ", HTTP " + status));
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > limit) {
        close(response);
        throw tooLarge(url, limit);
      }
      try (InputStream in = response.body()) {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (data.length > limit) {
          throw tooLarge(url, limit);
        }
        return ReadResponse.of(data, newEtag.orElse(null));
      } catch (IOException e) {
        throw new ProcessingException(
            ProcessingError.general("Unable to read " + url + ", " + describe(e)), e);
      }
    }
    throw new ProcessingException(
        ProcessingError.general("Unable to read " + url + ", more than " + MAX_REDIRECTS + " redirects"));
  }

  private static ProcessingException tooLarge(String url, long limit) {
    return new ProcessingException(
        ProcessingError.input(
            "Response from " + url + " is larger than the limit of " + limit + " bytes"));
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // nothing to do: the body is being dropped
    }
  }

  /** GitHub file URLs are read from raw.githubusercontent.com. */
  static URI rawForm(URI uri) {
    if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase("github.com")) {
      return uri;
    }
    Matcher m = GITHUB_FILE.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (!m.matches()) {
      return uri;
    }
    return URI.create(
        "https://" + RAW_GITHUB + "/" + m.group(1) + "/" + m.group(2) + "/" + m.group(3));
  }

  private Map<String, String> headersFor(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String hostPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    for (Map.Entry<String, Map<String, String>> e : headers.entrySet()) {
      String pattern = e.getKey();
      if (HostRule.hostMatches(pattern, host)
          || pattern.equals(hostPort)
          || (host.equals(RAW_GITHUB) && pattern.equals("github.com"))) {
        out.putAll(e.getValue());
      }
    }
    return out;
  }

  /** One entry of the allow-list: a host or {@code *.domain}, an optional port and path prefix. */
  private record HostRule(String host, int port, String pathPrefix) {
    static HostRule parse(String spec) {
      String s = spec.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty host in the allow-list");
      }
      s = s.replaceFirst("^[a-zA-Z]+://", "");
      String path = "";
      int slash = s.indexOf('/');
      if (slash >= 0) {
        path = s.substring(slash);
        s = s.substring(0, slash);
      }
      int port = -1;
      int colon = s.lastIndexOf(':');
      if (colon >= 0) {
        try {
          port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad port in allowed host " + spec, e);
        }
        s = s.substring(0, colon);
      }
      return new HostRule(s.toLowerCase(Locale.ROOT), port, path);
    }

    static boolean hostMatches(String pattern, String host) {
      if (pattern.startsWith("*.")) {
        return host.endsWith(pattern.substring(1));
      }
      return host.equals(pattern);
    }

    boolean matches(URI u) {
      String h = u.getHost().toLowerCase(Locale.ROOT);
      if (!hostMatches(host, h)) {
        return false;
      }
      int p = u.getPort();
      if (port < 0) {
        if (p >= 0 && p != defaultPort(u.getScheme())) {
          return false;
        }
      } else if (p != port && !(p < 0 && port == defaultPort(u.getScheme()))) {
        return false;
      }
      if (pathPrefix.isEmpty()) {
        return true;
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      return !path.contains("/../") && path.startsWith(pathPrefix);
    }

    private static int defaultPort(String scheme) {
      return "http".equalsIgnoreCase(scheme) ? 80 : 443;
    }
  }

  /** Settings for an {@link HttpUrlReader}. */
  public static final class Builder {
    private final List<HostRule> allow = new ArrayList<>();
    private final Map<String, Map<String, String>> headers = new LinkedHashMap<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private long maxBytes = DEFAULT_MAX_BYTES;
    private @Nullable Executor executor;

    private Builder() {}

    /**
     * Allows a host: {@code example.com} (default port only), {@code *.example.com} (any
     * subdomain, not the domain itself), {@code example.com:8080}, optionally followed by a path
     * prefix, {@code example.com/catalog/}. Allowing {@code github.com} also allows its raw file
     * host.
     */
    public Builder allow(String hostSpec) {
      allow.add(HostRule.parse(hostSpec));
      return this;
    }

    /** Allows every host in {@code hostSpecs}; see {@link #allow(String)}. */
    public Builder allow(List<String> hostSpecs) {
      hostSpecs.forEach(this::allow);
      return this;
    }

    /**
     * A header sent with every request to {@code host} (exact host, {@code host:port} or {@code
     * *.domain}), for example a token: {@code header("github.com", "Authorization", "token
     * ...")}.
     */
    public Builder header(String host, String name, String value) {
      headers
          .computeIfAbsent(host.toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>())
          .put(name, value);
      return this;
    }

    /** Timeout of one request, from sending to the response headers (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** Timeout to open a connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Largest response body accepted, checked while streaming (default 10 MiB). */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** The executor the HTTP client runs on (default: the JDK's). */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** The reader. */
    public HttpUrlReader build() {
      return new HttpUrlReader(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
