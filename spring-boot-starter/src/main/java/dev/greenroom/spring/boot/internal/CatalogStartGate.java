package dev.greenroom.spring.boot.internal;

import dev.greenroom.http.ApiException;
import dev.greenroom.http.Exchange;
import dev.greenroom.http.Interceptor;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Answers 503 {@code ServiceUnavailableError} for the routes of Greenroom's own plugins while the
 * catalog has not started (its database could not be opened yet), instead of letting each request
 * try the database. The message does not repeat the database's words (host, port, database name):
 * callers of the API need not learn them; the health endpoint shows them to those allowed to see
 * its details. Other routes (the host's own plugins) pass.
 */
public final class CatalogStartGate implements Interceptor {
  /** The plugins of the starter whose data lives in the application's database. */
  static final Set<String> GATED =
      Set.of("catalog", "scaffolder", "techdocs", "tech-insights", "scorecards");

  private final BooleanSupplier started;

  /** A gate that lets requests pass once {@code started} is true. */
  public CatalogStartGate(BooleanSupplier started) {
    this.started = Objects.requireNonNull(started);
  }

  @Override
  public void intercept(Exchange exchange, Chain chain) throws IOException {
    if (!started.getAsBoolean() && plugin(exchange.route()).map(GATED::contains).orElse(false)) {
      throw ApiException.unavailable("The catalog is not available yet: its database cannot be"
          + " opened. Greenroom keeps trying; see the application's health for the reason.");
    }
    chain.proceed(exchange);
  }

  /** The plugin of a route such as {@code GET /api/catalog/entities}: {@code catalog}. */
  static Optional<String> plugin(Optional<String> route) {
    return route.flatMap(r -> {
      int api = r.indexOf(" /api/");
      if (api < 0) {
        return Optional.empty();
      }
      String rest = r.substring(api + " /api/".length());
      int slash = rest.indexOf('/');
      return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
    });
  }
}
