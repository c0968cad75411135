package dev.greenroom.http;

import java.io.IOException;

/**
 * One step of the request pipeline, OkHttp-style: it may look at or change the exchange, answer
 * it itself, or pass it on with {@link Chain#proceed}. Every request goes through one chain:
 *
 * <ol>
 *   <li>request log and metrics (sees the final status and time),
 *   <li>error mapping (exceptions become Backstage's error bodies),
 *   <li>CORS (preflights answered, headers on every answer),
 *   <li>health checks ({@code /.backstage/health/v1/*}, no credentials),
 *   <li>authentication (the caller, or 401 unless the route is {@code unauthenticated()}),
 *   <li>the host's interceptors ({@link HttpApi.Builder#interceptor}), in the order added: they
 *       see the route and the authenticated caller (tracing, rate limits per caller, audit),
 *   <li>the route.
 * </ol>
 *
 * An interceptor that throws an {@link ApiException} gets Backstage's error body for it.
 * Implementations must be thread-safe; they run on the request's thread.
 */
@FunctionalInterface
public interface Interceptor {
  /**
   * Handles the exchange: call {@code chain.proceed(exchange)} to go on, or answer through
   * {@link Exchange#response()} and return.
   */
  void intercept(Exchange exchange, Chain chain) throws IOException;

  /** The rest of the pipeline. */
  @FunctionalInterface
  interface Chain {
    /** Runs the next steps. */
    void proceed(Exchange exchange) throws IOException;
  }
}
