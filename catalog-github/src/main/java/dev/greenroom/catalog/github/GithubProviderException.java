package dev.greenroom.catalog.github;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A GitHub provider could not read its organisation. The message names the host, the integration
 * and the request, never a token or key. A failed refresh changes no entities: the provider's
 * last good set stays in the catalog, and the provider backs off before it asks GitHub again.
 */
public final class GithubProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for the back-off decision. */
  public enum Kind {
    /** The credentials were refused (401), an App key is unusable, or access is forbidden. */
    CREDENTIALS,
    /** A rate limit: 403 with {@code x-ratelimit-remaining: 0}, or 429. */
    RATE_LIMITED,
    /** 5xx, a timeout, a broken connection. */
    UNAVAILABLE,
    /** GitHub answered, but not what was asked: GraphQL errors, an unknown organisation. */
    ANSWER
  }

  private final Kind kind;
  private final @Nullable Duration retryAfter;

  /** An exception of {@code kind}; {@code retryAfter} is GitHub's wish, when it said one. */
  public GithubProviderException(Kind kind, String message, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** How long GitHub asked to wait ({@code retry-after} or {@code x-ratelimit-reset}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
