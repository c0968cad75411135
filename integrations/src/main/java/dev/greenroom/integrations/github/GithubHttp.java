package dev.greenroom.integrations.github;

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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP for one GitHub host: redirects followed by hand (at most 5), the {@code Authorization}
 * header sent only to the origin it was meant for (a tarball redirected to another host, as
 * GitHub's codeload, is fetched without it), bounded bodies, and Backstage's error messages
 * ({@code Request failed for <url>, 404 Not Found}, {@code (rate limit exceeded)}) naming the URL,
 * never a header.
 */
final class GithubHttp {
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final ReadLimits limits;
  private final String host;

  GithubHttp(HttpClient client, ReadLimits limits, String host) {
    this.client = client;
    this.limits = limits;
    this.host = host;
  }

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

  /** GET; 304 is returned (not thrown), every other non-2xx answer thrown. */
  Answer get(URI uri, Map<String, String> headers) {
    return send("GET", uri, headers);
  }

  /** POST without a body. */
  Answer post(URI uri, Map<String, String> headers) {
    return send("POST", uri, headers);
  }

  private Answer send(String method, URI uri, Map<String, String> headers) {
    URI current = uri;
    String origin = origin(uri);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(current).timeout(limits.timeout());
      rb.method(method, HttpRequest.BodyPublishers.noBody());
      boolean sameOrigin = origin(current).equals(origin);
      headers.forEach((k, v) -> {
        if (sameOrigin || !k.equalsIgnoreCase("Authorization")) {
          rb.header(k, v);
        }
      });
      HttpResponse<InputStream> r;
      try {
        r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        throw new ProcessingException(ProcessingError.general(
            "Request failed for " + redact(current) + ", timed out after " + limits.timeout()), e);
      } catch (IOException e) {
        throw new ProcessingException(ProcessingError.general(
            "Request failed for " + redact(current) + ", " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())), e);
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
          throw new ProcessingException(ProcessingError.general(
              "Request failed for " + redact(current) + ", redirect " + status + " without a Location"));
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
      if (status == 304 || status >= 200 && status < 300) {
        return a;
      }
      a.close();
      String message = "Request failed for " + redact(current) + ", " + status + " " + reason(status);
      if (status == 404) {
        throw new ProcessingException(ProcessingError.notFound(message));
      }
      if (status == 401) {
        message += " (the credentials of the GitHub integration for " + host + " were refused)";
      }
      if (status == 429
          || status == 403 && r.headers().firstValue("x-ratelimit-remaining").orElse("").equals("0")) {
        message += " (rate limit exceeded)";
        String retry = r.headers().firstValue("retry-after").orElse(null);
        if (retry != null && retry.matches("\\d{1,9}")) {
          message += ", retry after " + retry + " s";
        }
      }
      throw new ProcessingException(ProcessingError.general(message));
    }
    throw new ProcessingException(ProcessingError.general(
        "Request failed for " + redact(uri) + ", more than " + MAX_REDIRECTS + " redirects"));
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
          "Request failed for " + redact(a.uri()) + ", " + e.getClass().getSimpleName()), e);
    }
  }

  private static ProcessingException tooLarge(URI uri, long max) {
    return new ProcessingException(ProcessingError.input(
        "Response from " + redact(uri) + " is larger than the limit of " + max + " bytes"));
  }

  /** The URL without its query (signed redirect URLs carry tokens there). */
  static String redact(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    if (q < 0) {
      return s;
    }
    String query = s.substring(q + 1);
    // keep the harmless queries GitHub's API uses; drop anything else
    return query.matches("(?:(?:ref|recursive|per_page|page)=[^&]*&?)+") ? s : s.substring(0, q);
  }

  private static String origin(URI u) {
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
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "";
    };
  }
}
