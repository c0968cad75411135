package dev.greenroom.integrations.internal;

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
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * HTTP for one SCM integration (Azure DevOps, Gerrit, Gitea): redirects followed by hand (at most
 * 5) with the {@code Authorization} header sent only to the origin it was meant for, bounded
 * bodies, and errors that name the integration, its host and the URL asked, never a header or a
 * query string. 401 and 403 say that the integration's credentials were refused.
 */
public final class ScmHttp {
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final ReadLimits limits;
  private final String integration;

  /**
   * An HTTP helper.
   *
   * @param integration how messages name the integration, e.g. {@code Azure integration for
   *     dev.azure.com}
   * @param limits the timeout and sizes
   * @param executor the HTTP client's executor, or null for the JDK's
   */
  public ScmHttp(String integration, ReadLimits limits, @Nullable Executor executor) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(limits.timeout());
    if (executor != null) {
      b.executor(executor);
    }
    this.client = b.build();
    this.limits = limits;
    this.integration = integration;
  }

  /** The name used in messages. */
  public String integration() {
    return integration;
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
   * GET; 2xx and 304 are returned, every other answer thrown as a {@link ProcessingException}
   * ({@code NotFoundError} for 404).
   *
   * @param uri the URL
   * @param headers the request headers (Authorization only reaches {@code uri}'s origin)
   * @param what the URL the caller was asked to read, named in messages
   */
  public Answer get(URI uri, Map<String, String> headers, String what) {
    return send(uri, headers, null, what);
  }

  /**
   * POST of a form ({@code application/x-www-form-urlencoded}), not redirected; answers as {@link
   * #get}. For token endpoints: the body may hold a secret, so it is never part of a message.
   */
  public Answer postForm(URI uri, Map<String, String> form, String what) {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
          .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
    });
    return send(uri, Map.of("Content-Type", "application/x-www-form-urlencoded",
        "Accept", "application/json"), body.toString(), what);
  }

  private Answer send(URI uri, Map<String, String> headers, @Nullable String form, String what) {
    URI current = uri;
    String origin = origin(uri);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(current).timeout(limits.timeout());
      if (form == null) {
        rb.GET();
      } else {
        rb.POST(HttpRequest.BodyPublishers.ofString(form));
      }
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
        throw failure(what, current, "timed out after " + limits.timeout(), e);
      } catch (IOException e) {
        throw failure(what, current, e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(what, current, "interrupted", e);
      }
      int status = r.statusCode();
      Answer a = new Answer(status, r.headers(), r.body(), current);
      if (form == null
          && (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)) {
        a.close();
        String location = r.headers().firstValue("Location").orElse(null);
        if (location == null) {
          throw failure(what, current, "redirect " + status + " without a Location", null);
        }
        URI next = current.resolve(location);
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || next.getHost() == null) {
          throw new ProcessingException(ProcessingError.notAllowed("Unable to read " + what + " with the "
              + integration + ", " + redact(current) + " redirects to a non-HTTP URL"));
        }
        current = next;
        continue;
      }
      if (status == 304 || status >= 200 && status < 300) {
        return a;
      }
      a.close();
      String message = "Unable to read " + what + " with the " + integration + ", "
          + redact(current) + " answered " + status + " " + reason(status);
      if (status == 404) {
        throw new ProcessingException(ProcessingError.notFound(message));
      }
      if (status == 401 || status == 403 && !r.headers().firstValue("retry-after").isPresent()) {
        throw new ProcessingException(ProcessingError.general(message
            + " (the credentials of the " + integration + " were refused or lack access)"));
      }
      if (status == 429 || status == 403) {
        message += " (rate limit exceeded)";
        String retry = r.headers().firstValue("retry-after").orElse(null);
        if (retry != null && retry.matches("\\d{1,9}")) {
          message += ", retry after " + retry + " s";
        }
      }
      throw new ProcessingException(ProcessingError.general(message));
    }
    throw failure(what, uri, "more than " + MAX_REDIRECTS + " redirects", null);
  }

  private ProcessingException failure(String what, URI uri, String detail, @Nullable Throwable cause) {
    return new ProcessingException(ProcessingError.general("Unable to read " + what + " with the "
        + integration + ", request to " + redact(uri) + " failed: " + detail), cause);
  }

  /** Reads a whole body, at most {@code max} bytes. */
  public byte[] readAll(Answer a, long max, String what) {
    long declared = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > max) {
      a.close();
      throw tooLarge(what, max);
    }
    try (InputStream in = a.body()) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (data.length > max) {
        throw tooLarge(what, max);
      }
      return data;
    } catch (IOException e) {
      throw failure(what, a.uri(), e.getClass().getSimpleName(), e);
    }
  }

  private static ProcessingException tooLarge(String what, long max) {
    return new ProcessingException(ProcessingError.input(
        "The answer for " + what + " is larger than the limit of " + max + " bytes"));
  }

  /** The URL without its query (which may carry signed tokens). */
  public static String redact(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
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
