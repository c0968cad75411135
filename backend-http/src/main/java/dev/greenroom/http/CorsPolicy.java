package dev.greenroom.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Cross-origin access for browser apps served from another origin (Backstage's {@code
 * backend.cors}): which origins may call, with which methods and headers, and whether cookies and
 * credentials go along. Origins are exact strings or glob patterns ({@code *} matches within one
 * part, {@code ?} one character, {@code {a,b}} alternatives), case-insensitive, as Backstage
 * matches them. An origin that matches none gets no CORS headers at all, and its preflight
 * answers 204 without them, so the browser refuses the call.
 *
 * <pre>{@code
 * CorsPolicy cors = CorsPolicy.builder().origin("http://localhost:3000").credentials(true).build();
 * }</pre>
 */
public final class CorsPolicy {
  /** Backstage's default methods. */
  public static final List<String> DEFAULT_METHODS =
      List.of("GET", "HEAD", "PATCH", "POST", "PUT", "DELETE");

  private final List<Pattern> origins;
  private final List<String> originTexts;
  private final String methods;
  private final @Nullable String allowedHeaders;
  private final @Nullable String exposedHeaders;
  private final boolean credentials;
  private final @Nullable Long maxAgeSeconds;

  private CorsPolicy(Builder b) {
    this.originTexts = List.copyOf(b.origins);
    this.origins = b.origins.stream().map(CorsPolicy::glob).toList();
    this.methods = String.join(",", b.methods);
    this.allowedHeaders = b.allowedHeaders == null ? null : String.join(",", b.allowedHeaders);
    this.exposedHeaders = b.exposedHeaders == null ? null : String.join(",", b.exposedHeaders);
    this.credentials = b.credentials;
    this.maxAgeSeconds = b.maxAgeSeconds;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configured origin patterns, as given. */
  public List<String> origins() {
    return originTexts;
  }

  /** Whether a request's {@code Origin} is one this policy lets in. */
  public boolean allows(@Nullable String origin) {
    if (origin == null || origin.isEmpty() || origin.length() > 2048) {
      return false;
    }
    for (Pattern p : origins) {
      if (p.matcher(origin).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The headers of an answer to a request from {@code origin}: empty when the origin is not
   * allowed. For a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) the
   * allowed methods, headers and max age are added.
   */
  List<String[]> headers(@Nullable String origin, boolean preflight,
      Optional<String> requestedHeaders) {
    List<String[]> out = new ArrayList<>(6);
    if (!allows(origin)) {
      return out;
    }
    out.add(new String[] {"Access-Control-Allow-Origin", origin});
    out.add(new String[] {"Vary", "Origin"});
    if (credentials) {
      out.add(new String[] {"Access-Control-Allow-Credentials", "true"});
    }
    if (preflight) {
      out.add(new String[] {"Access-Control-Allow-Methods", methods});
      String h = allowedHeaders != null ? allowedHeaders : requestedHeaders.orElse(null);
      if (h != null && !h.isEmpty()) {
        out.add(new String[] {"Access-Control-Allow-Headers", h});
      }
      if (maxAgeSeconds != null) {
        out.add(new String[] {"Access-Control-Max-Age", String.valueOf(maxAgeSeconds)});
      }
    } else if (exposedHeaders != null && !exposedHeaders.isEmpty()) {
      out.add(new String[] {"Access-Control-Expose-Headers", exposedHeaders});
    }
    return out;
  }

  private static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '{' -> {
          depth++;
          re.append("(?:");
        }
        case '}' -> {
          if (depth == 0) {
            re.append("\\}");
          } else {
            depth--;
            re.append(')');
          }
        }
        case ',' -> re.append(depth > 0 ? "|" : ",");
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced '{' in CORS origin pattern '" + glob + "'");
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }

  /** Configures a {@link CorsPolicy}. */
  public static final class Builder {
    private final List<String> origins = new ArrayList<>();
    private List<String> methods = DEFAULT_METHODS;
    private @Nullable List<String> allowedHeaders;
    private @Nullable List<String> exposedHeaders;
    private boolean credentials;
    private @Nullable Long maxAgeSeconds;

    private Builder() {}

    /** Adds an allowed origin: exact ({@code https://backstage.example.com}) or a glob. */
    public Builder origin(String origin) {
      Objects.requireNonNull(origin, "origin");
      if (origin.isBlank()) {
        throw new IllegalArgumentException("a CORS origin must not be blank");
      }
      glob(origin); // fails early on a broken pattern
      origins.add(origin);
      return this;
    }

    /** The allowed methods; default Backstage's (GET, HEAD, PATCH, POST, PUT, DELETE). */
    public Builder methods(List<String> methods) {
      this.methods = methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
      return this;
    }

    /** The allowed request headers; default: whatever the preflight asks for. */
    public Builder allowedHeaders(List<String> headers) {
      this.allowedHeaders = List.copyOf(headers);
      return this;
    }

    /** Response headers the page may read besides the simple ones. */
    public Builder exposedHeaders(List<String> headers) {
      this.exposedHeaders = List.copyOf(headers);
      return this;
    }

    /** Whether cookies and credentials may go along ({@code Access-Control-Allow-Credentials}). */
    public Builder credentials(boolean credentials) {
      this.credentials = credentials;
      return this;
    }

    /** How long a browser may cache a preflight answer, in seconds. */
    public Builder maxAgeSeconds(long seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("maxAge must be >= 0: " + seconds);
      }
      this.maxAgeSeconds = seconds;
      return this;
    }

    /** The policy. */
    public CorsPolicy build() {
      return new CorsPolicy(this);
    }
  }
}
