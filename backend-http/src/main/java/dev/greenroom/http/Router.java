package dev.greenroom.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where a plugin declares its routes. Paths are relative to the plugin's mount point and made of
 * literal segments and {@code :name} parameters, which match one encoded path segment each and are
 * percent-decoded after matching (so {@code %2F} stays inside its segment). Each route names the
 * query parameters it accepts; any other answers 400, as Backstage's request validation does.
 */
public final class Router {
  /** Pass as the accepted parameters of a route that accepts any query parameter. */
  public static final @Nullable Set<String> ANY_PARAMS = null;

  private final List<Entry> entries = new ArrayList<>();

  Router() {}

  /** A {@code GET} route accepting the named query parameters. */
  public Router get(String path, Set<String> params, Route route) {
    return add("GET", path, params, route);
  }

  /**
   * A {@code GET} route that holds its connection open for long: a long poll or a stream of
   * server-sent events. {@link BackendServer} runs such requests on a pool of their own, so that
   * open streams never take the threads that short requests are answered on.
   */
  public Router getLongLived(String path, Set<String> params, Route route) {
    return longLived("GET", path, params, route);
  }

  /**
   * A {@code POST} route whose answer may take long because it waits for work done elsewhere (a
   * dry run waits for its run on the plugin's own pool). As for {@link #getLongLived}, {@link
   * BackendServer} serves it on the pool apart, so a slow answer never takes a thread that short
   * requests are answered on.
   */
  public Router postLongLived(String path, Set<String> params, Route route) {
    return longLived("POST", path, params, route);
  }

  private Router longLived(String method, String path, Set<String> params, Route route) {
    add(method, path, params, route);
    Entry last = entries.remove(entries.size() - 1);
    entries.add(new Entry(last.method(), last.template(), last.segments(), last.params(),
        last.route(), true, last.open()));
    return this;
  }

  /**
   * Marks the route added last as reachable without credentials: the caller is then {@link
   * dev.greenroom.http.auth.ApiPrincipal#ANONYMOUS} unless the request carries credentials the
   * authenticator accepts. For sign-in routes, public key sets and health checks only.
   */
  public Router unauthenticated() {
    if (entries.isEmpty()) {
      throw new IllegalStateException("no route to mark");
    }
    Entry last = entries.remove(entries.size() - 1);
    entries.add(new Entry(last.method(), last.template(), last.segments(), last.params(),
        last.route(), last.longLived(), true));
    return this;
  }

  /** A {@code POST} route accepting the named query parameters. */
  public Router post(String path, Set<String> params, Route route) {
    return add("POST", path, params, route);
  }

  /** A {@code PUT} route accepting the named query parameters. */
  public Router put(String path, Set<String> params, Route route) {
    return add("PUT", path, params, route);
  }

  /** A {@code DELETE} route accepting the named query parameters. */
  public Router delete(String path, Set<String> params, Route route) {
    return add("DELETE", path, params, route);
  }

  /**
   * A route.
   *
   * @param method the HTTP method
   * @param path the path template, for example {@code /entities/by-uid/:uid}
   * @param params accepted query parameters, or {@link #ANY_PARAMS}
   * @param route the handler
   */
  public Router add(String method, String path, @Nullable Set<String> params, Route route) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("route path must start with '/': " + path);
    }
    String[] segs = path.substring(1).split("/", -1);
    entries.add(
        new Entry(method, path, segs, params == null ? null : Set.copyOf(params), route, false,
            false));
    return this;
  }

  List<Entry> entries() {
    return entries;
  }

  /** One declared route. */
  record Entry(
      String method,
      String template,
      String[] segments,
      @Nullable Set<String> params,
      Route route,
      boolean longLived,
      boolean open) {

    /** The raw (still encoded) values of the parameters, or null when the path does not match. */
    @Nullable List<String> match(String[] raw) {
      if (raw.length != segments.length) {
        return null;
      }
      List<String> values = new ArrayList<>(2);
      for (int i = 0; i < raw.length; i++) {
        String s = segments[i];
        if (s.startsWith(":")) {
          if (raw[i].isEmpty()) {
            return null;
          }
          values.add(raw[i]);
        } else if (!s.equals(raw[i])) {
          return null;
        }
      }
      return values;
    }

    List<String> paramNames() {
      List<String> names = new ArrayList<>(2);
      for (String s : segments) {
        if (s.startsWith(":")) {
          names.add(s.substring(1));
        }
      }
      return names;
    }
  }
}
