package dev.greenroom.http;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request on its way through the {@link Interceptor} chain: the request, the response, the
 * matched route, the caller once authenticated, and the status once answered.
 */
public final class Exchange {
  private final ApiRequest request;
  private final ApiResponse response;
  private final @Nullable String route;
  private @Nullable Principal principal;
  private int status = 500;
  // the routing core's matched route (HttpApi.Match), for its own steps
  @Nullable Object match;

  Exchange(ApiRequest request, ApiResponse response, @Nullable String route) {
    this.request = request;
    this.response = response;
    this.route = route;
  }

  /** The request. */
  public ApiRequest request() {
    return request;
  }

  /** The response; check {@link ApiResponse#committed()} before writing. */
  public ApiResponse response() {
    return response;
  }

  /**
   * The matched route, such as {@code GET /api/catalog/entities/by-name/:kind/:namespace/:name},
   * or empty when no route matches.
   */
  public Optional<String> route() {
    return Optional.ofNullable(route);
  }

  /** The authenticated caller; empty before authentication. */
  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  void principal(Principal p) {
    this.principal = Objects.requireNonNull(p);
  }

  /** The status answered so far (500 until something answers). */
  public int status() {
    return status;
  }

  /** Records the status an interceptor answered with itself. */
  public void status(int status) {
    this.status = status;
  }
}
