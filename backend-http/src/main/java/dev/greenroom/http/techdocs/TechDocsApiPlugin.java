package dev.greenroom.http.techdocs;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.techdocs.TechDocs;
import dev.greenroom.techdocs.TechDocsException;
import dev.greenroom.techdocs.search.SearchHit;
import dev.greenroom.techdocs.source.DocsRef;
import dev.greenroom.techdocs.source.DocsRefResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's techdocs-backend routes ({@code plugins/techdocs-backend/src/service/router.ts}) over
 * a {@link TechDocs} runtime and a {@link Catalog}:
 *
 * <ul>
 *   <li>{@code GET /metadata/techdocs/:namespace/:kind/:name}: the published {@code
 *       techdocs_metadata.json};
 *   <li>{@code GET /metadata/entity/:namespace/:kind/:name}: the entity plus {@code
 *       locationMetadata} (the resolved {@code techdocs-ref});
 *   <li>{@code GET /static/docs/:namespace/:kind/:name/<path>}: published files. The router has no
 *       multi-segment wildcard, so one route per depth up to {@link #MAX_DEPTH} segments is
 *       registered; each decoded segment is checked (no {@code ..}, no encoded slash or backslash);
 *       mixed-case triplets are redirected to lower case, folders without a trailing slash to the
 *       slashed URL;
 *   <li>{@code GET /sync/:namespace/:kind/:name}: the build as {@code text/event-stream}: {@code log}
 *       events, then {@code finish} ({@code {"updated":bool}}) or {@code error};
 *   <li>{@code GET /search?term=&limit=}: ranked hits across every entity's docs.
 * </ul>
 *
 * <p>Every route loads the entity and asks the permission policy for {@link Permission#ENTITY_READ};
 * an entity the caller may not read answers 404, as Backstage does. An entity with {@code
 * backstage.io/techdocs-entity} is served the other entity's docs.
 *
 * <p>Content types: Backstage serves HTML as {@code text/plain} because its frontend fetches and
 * sanitises pages itself; that is {@link Builder#htmlAsPlainText(boolean)}. By default HTML is
 * served as {@code text/html} so a browser can open the pages, with a Content-Security-Policy that
 * forbids scripts and {@code X-Content-Type-Options: nosniff}.
 */
public final class TechDocsApiPlugin implements ApiPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(TechDocsApiPlugin.class);

  /** The deepest file path served under {@code /static/docs/:namespace/:kind/:name/}. */
  public static final int MAX_DEPTH = 16;

  /**
   * The policy sent with every HTML and SVG file: no scripts, frames, plugins, workers or
   * connections; styles and fonts from the site itself, images from it and https; a sandbox (an
   * opaque origin, no scripts, forms or pop-ups) in case anything slipped past the sanitizer that
   * cleaned the pages when they were built.
   */
  public static final String CSP =
      "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none';"
          + " worker-src 'none'; connect-src 'none'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' https: data:; font-src 'self'; media-src 'self'; base-uri 'none';"
          + " form-action 'none'; sandbox";

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json; charset=utf-8"),
      Map.entry("xml", "application/xml; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("md", "text/plain; charset=utf-8"),
      Map.entry("gz", "application/gzip"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"));

  private final TechDocs techdocs;
  private final Catalog catalog;
  private final boolean htmlAsPlainText;

  private TechDocsApiPlugin(Builder b) {
    this.techdocs = Objects.requireNonNull(b.techdocs, "techdocs");
    this.catalog = Objects.requireNonNull(b.catalog, "catalog");
    this.htmlAsPlainText = b.htmlAsPlainText;
  }

  /** The plugin with default options. */
  public static TechDocsApiPlugin of(TechDocs techdocs, Catalog catalog) {
    return builder(techdocs, catalog).build();
  }

  /** A builder. */
  public static Builder builder(TechDocs techdocs, Catalog catalog) {
    return new Builder(techdocs, catalog);
  }

  @Override
  public String id() {
    return "techdocs";
  }

  @Override
  public void routes(Router router) {
    router.get("/openapi.json", java.util.Set.of(),
        dev.greenroom.http.OpenApiDocument.route(TechDocsApiPlugin.class, "openapi.json")).unauthenticated();
    router.get("/metadata/techdocs/:namespace/:kind/:name", Set.of(), this::techdocsMetadata);
    router.get("/metadata/entity/:namespace/:kind/:name", Set.of(), this::entityMetadata);
    router.getLongLived("/sync/:namespace/:kind/:name", Set.of(), this::sync);
    router.get("/search", Set.of("term", "limit"), this::search);
    StringBuilder path = new StringBuilder("/static/docs/:namespace/:kind/:name");
    router.get(path.toString(), Router.ANY_PARAMS, this::staticFile);
    for (int i = 0; i < MAX_DEPTH; i++) {
      path.append("/:p").append(i);
      router.get(path.toString(), Router.ANY_PARAMS, this::staticFile);
    }
  }

  // ---- entity lookup ---------------------------------------------------------------------------

  private static EntityRef refOf(Call call) {
    return EntityRef.of(call.path("kind"), call.path("namespace"), call.path("name"));
  }

  /** The entity if it exists and the caller may read it; else 404. */
  private Entity visible(Call call, EntityRef ref) {
    Optional<Entity> e = catalog.entity(ref);
    if (e.isEmpty() || !call.mayRead(e.get())) {
      throw ApiException.notFound("Entity " + ref + " not found");
    }
    return e.get();
  }


  /** The entity whose docs are shown for {@code e}: itself, or its {@code techdocs-entity}. */
  private Entity docsEntity(Call call, Entity e) {
    Optional<EntityRef> other;
    try {
      other = techdocs.externalEntity(e);
    } catch (TechDocsException ex) {
      throw ApiException.input(ex.getMessage());
    }
    return other.isPresent() ? visible(call, other.get()) : e;
  }

  // ---- metadata --------------------------------------------------------------------------------

  private void techdocsMetadata(Call call) throws IOException {
    EntityRef ref = refOf(call);
    Entity e = docsEntity(call, visible(call, ref));
    Optional<JsonNode> meta = techdocs.metadata(e.ref());
    if (meta.isEmpty()) {
      throw ApiException.notFound("Unable to get metadata for " + e.ref() + ": no docs have been built");
    }
    call.json(200, meta.get());
  }

  private void entityMetadata(Call call) throws IOException {
    Entity e = visible(call, refOf(call));
    Entity docs = docsEntity(call, e);
    ObjectNode body = e.toJson().deepCopy();
    if (DocsRefResolver.hasDocs(docs)) {
      try {
        DocsRef loc = techdocs.resolve(docs);
        body.putObject("locationMetadata").put("type", loc.type()).put("target", loc.target());
      } catch (TechDocsException ex) {
        throw ApiException.input(ex.getMessage());
      }
    } else {
      throw ApiException.input("No backstage.io/techdocs-ref annotation on " + docs.ref());
    }
    call.json(200, body);
  }

  // ---- static files ----------------------------------------------------------------------------

  private void staticFile(Call call) throws IOException {
    String ns = call.path("namespace");
    String kind = call.path("kind");
    String name = call.path("name");
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < MAX_DEPTH; i++) {
      String seg;
      try {
        seg = call.path("p" + i);
      } catch (IllegalArgumentException end) {
        break;
      }
      if (seg.equals("..") || seg.equals(".") || seg.indexOf('/') >= 0 || seg.indexOf('\\') >= 0
          || seg.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw ApiException.input("Invalid path segment in " + call.url());
      }
      if (path.length() > 0) {
        path.append('/');
      }
      path.append(seg);
    }
    for (String s : List.of(ns, kind, name)) {
      if (s.equals("..") || s.equals(".") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) {
        throw ApiException.input("Invalid entity triplet in " + call.url());
      }
    }
    String rawPath = rawPath(call);
    String lower = (ns + "/" + kind + "/" + name).toLowerCase(Locale.ROOT);
    if (!lower.equals(ns + "/" + kind + "/" + name)) {
      redirect(call, rawPath.replaceFirst(
          "/static/docs/[^/]+/[^/]+/[^/]+",
          "/static/docs/" + enc(ns.toLowerCase(Locale.ROOT)) + "/" + enc(kind.toLowerCase(Locale.ROOT)) + "/"
              + enc(name.toLowerCase(Locale.ROOT))));
      return;
    }
    Entity docs = docsEntity(call, visible(call, EntityRef.of(kind, ns, name)));
    boolean slash = rawPath.endsWith("/");
    String file = path.length() == 0 ? "index.html" : slash ? path + "/index.html" : path.toString();
    Optional<byte[]> content = techdocs.file(docs.ref(), file);
    if (content.isEmpty() && !slash && path.length() > 0
        && techdocs.file(docs.ref(), path + "/index.html").isPresent()) {
      redirect(call, rawPath + "/");
      return;
    }
    if (content.isEmpty()) {
      throw ApiException.notFound("File " + file + " not found in the docs of " + docs.ref());
    }
    String type = contentType(file);
    call.header("X-Content-Type-Options", "nosniff");
    call.header("Cache-Control", "no-cache");
    if (type.startsWith("text/html") || type.startsWith("image/svg")) {
      call.header("Content-Security-Policy", CSP);
    }
    call.bytes(200, type, content.get());
  }

  private String contentType(String file) {
    int dot = file.lastIndexOf('.');
    String ext = dot < 0 || dot < file.lastIndexOf('/') ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (htmlAsPlainText && (ext.equals("html") || ext.equals("htm") || ext.equals("xml") || ext.equals("svg"))) {
      return "text/plain; charset=utf-8";
    }
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  private static String rawPath(Call call) {
    String url = call.url();
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static void redirect(Call call, String location) throws IOException {
    call.header("Location", location);
    call.bytes(301, "text/plain; charset=utf-8", ("Moved to " + location).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ---- sync (server-sent events) ---------------------------------------------------------------

  private void sync(Call call) throws IOException {
    Entity e = visible(call, refOf(call));
    Entity docs = docsEntity(call, e);
    if (!DocsRefResolver.hasDocs(docs)) {
      throw ApiException.input("No backstage.io/techdocs-ref annotation on " + docs.ref());
    }
    call.header("Cache-Control", "no-cache");
    call.header("X-Accel-Buffering", "no");
    OutputStream out = call.stream(200, "text/event-stream; charset=utf-8");
    try (out) {
      // a reader that goes away must not stop the build: later events are dropped
      boolean[] gone = {false};
      Consumer<String> log = line -> {
        if (!gone[0]) {
          try {
            event(out, "log", jsonString(line));
          } catch (UncheckedIOException ex) {
            gone[0] = true;
            LOG.debug("sync client of {} went away; the build goes on", docs.ref());
          }
        }
      };
      String last;
      try {
        TechDocs.SyncResult r = techdocs.sync(docs, log);
        last = event("finish", Json.mapper().writeValueAsString(Json.object().put("updated", r.updated())));
      } catch (TechDocsException ex) {
        last = event("error", jsonString(String.valueOf(ex.getMessage())));
      } catch (RuntimeException ex) {
        LOG.error("sync of {} failed", docs.ref(), ex);
        last = event("error", jsonString("Internal error while building the docs of " + docs.ref()));
      }
      if (!gone[0]) {
        try {
          write(out, last);
        } catch (UncheckedIOException ex) {
          LOG.debug("sync client of {} went away before the end", docs.ref());
        }
      }
    } catch (IOException ex) {
      LOG.debug("closing the sync stream of {} failed (client gone)", docs.ref(), ex);
    }
  }

  /**
   * Backstage writes every event's data as JSON ({@code JSON.stringify}), log lines and errors
   * as JSON strings, which the TechDocs reader parses.
   */
  private static String jsonString(String text) {
    return Json.mapper().writeValueAsString(text);
  }

  private static String event(String type, @Nullable String data) {
    StringBuilder sb = new StringBuilder("event: ").append(type).append('\n');
    for (String line : String.valueOf(data).split("\r\n|\r|\n", -1)) {
      sb.append("data: ").append(line).append('\n');
    }
    return sb.append('\n').toString();
  }

  private static void event(OutputStream out, String type, @Nullable String data) {
    write(out, event(type, data));
  }

  private static void write(OutputStream out, String event) {
    try {
      out.write(event.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  // ---- search ----------------------------------------------------------------------------------

  private void search(Call call) throws IOException {
    String term = call.query("term");
    if (term == null || term.isBlank()) {
      throw ApiException.input("Missing query parameter 'term'");
    }
    int limit = 25;
    String l = call.query("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException ex) {
        throw ApiException.input("Invalid limit '" + l + "', expected a number");
      }
      if (limit < 1 || limit > 100) {
        throw ApiException.input("Invalid limit " + limit + ", expected 1 to 100");
      }
    }
    List<SearchHit> hits = techdocs.search(term, limit);
    Map<String, Boolean> visibleRefs = new HashMap<>();
    ObjectNode body = Json.object();
    ArrayNode results = body.putArray("results");
    for (SearchHit h : hits) {
      boolean ok = visibleRefs.computeIfAbsent(h.entityRef(), r -> {
        Optional<Entity> e = catalog.entity(EntityRef.parse(r));
        return e.isPresent() && call.mayRead(e.get());
      });
      if (!ok) {
        continue;
      }
      EntityRef ref = EntityRef.parse(h.entityRef());
      results.addObject()
          .put("entityRef", h.entityRef())
          .put("entityTitle", h.entityTitle())
          .put("location", h.location())
          .put("url", "/docs/" + ref.namespace() + "/" + ref.kind() + "/" + ref.name() + "/" + h.location())
          .put("title", h.title())
          .put("snippet", h.snippet())
          .put("score", h.score());
    }
    call.json(200, body);
  }

  /** Options of {@link TechDocsApiPlugin}. */
  public static final class Builder {
    private final TechDocs techdocs;
    private final Catalog catalog;
    private boolean htmlAsPlainText;

    private Builder(TechDocs techdocs, Catalog catalog) {
      this.techdocs = Objects.requireNonNull(techdocs);
      this.catalog = Objects.requireNonNull(catalog);
    }

    /**
     * Serves {@code .html}, {@code .htm}, {@code .xml} and {@code .svg} as {@code text/plain}, as
     * Backstage does for its frontend (which sanitises pages itself). Default false.
     */
    public Builder htmlAsPlainText(boolean plain) {
      this.htmlAsPlainText = plain;
      return this;
    }

    /** The plugin. */
    public TechDocsApiPlugin build() {
      return new TechDocsApiPlugin(this);
    }
  }
}
