package dev.greenroom.techdocs;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.location.ScmUrls;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.build.SearchEntry;
import dev.greenroom.techdocs.build.SiteGenerator;
import dev.greenroom.techdocs.publish.LocalPublisher;
import dev.greenroom.techdocs.publish.Publisher;
import dev.greenroom.techdocs.search.DocsSearch;
import dev.greenroom.techdocs.search.SearchHit;
import dev.greenroom.techdocs.source.DocsRef;
import dev.greenroom.techdocs.source.DocsRefResolver;
import dev.greenroom.techdocs.source.SourceFiles;
import dev.greenroom.techdocs.source.SourceLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * TechDocs for a host: resolves an entity's docs, builds them in pure Java into TechDocs' published
 * layout when their source changed, publishes them and keeps a search index over every entity's
 * docs.
 *
 * <p>Design: {@link #sync} is Backstage's prepare → generate → publish, run on the caller's thread
 * (no thread pool of its own). Prepare loads the source into memory and hashes it; when the hash
 * equals the {@code etag} of the published {@code techdocs_metadata.json}, nothing is built. Checks
 * of one entity are throttled to one per {@link Builder#checkInterval} (Backstage: 60 s), builds of
 * one entity are serialised, and at most {@link Builder#maxConcurrentBuilds} run at once. Every
 * sync keeps its log lines, readable with {@link #buildLog}.
 */
public final class TechDocs implements AutoCloseable {
  private static final int LOG_LINES = 2_000;

  private final Publisher publisher;
  private final DocsSearch search;
  private final boolean ownsSearch;
  private final DocsRefResolver resolver;
  private final SourceLoader loader;
  private final SiteGenerator generator = new SiteGenerator();
  private final Clock clock;
  private final Duration checkInterval;
  private final Semaphore builds;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastCheck = new ConcurrentHashMap<>();
  private final Map<String, List<String>> logs = new ConcurrentHashMap<>();
  private final Map<String, Boolean> indexed = new ConcurrentHashMap<>();
  private final List<Consumer<Entity>> publishedListeners;

  private TechDocs(Builder b) {
    this.publisher = Objects.requireNonNull(b.publisher, "a publisher or publishDirectory is required");
    this.search = b.search != null ? b.search : DocsSearch.inMemory();
    this.ownsSearch = b.search == null;
    this.resolver = new DocsRefResolver(b.scm, b.allowedFileRoots);
    this.loader = new SourceLoader(b.urlReader, b.maxFiles, b.maxBytes, b.maxUrlReads, b.maxUrlBytes);
    this.clock = b.clock;
    this.checkInterval = b.checkInterval;
    this.builds = new Semaphore(b.maxConcurrentBuilds);
    this.publishedListeners = List.copyOf(b.publishedListeners);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The result of one sync.
   *
   * @param updated true when a new site was built and published
   * @param etag the source etag (the published one when nothing was checked)
   * @param site the new site when {@code updated}, else null
   */
  public record SyncResult(boolean updated, @Nullable String etag, @Nullable GeneratedSite site) {}

  /** The publisher sites are stored with. */
  public Publisher publisher() {
    return publisher;
  }

  /** The search index. */
  public DocsSearch searchIndex() {
    return search;
  }

  /** Resolves the entity's {@code backstage.io/techdocs-ref} ({@code locationMetadata}). */
  public DocsRef resolve(Entity entity) {
    try {
      return resolver.resolve(entity);
    } catch (TechDocsException e) {
      throw e.forEntity(entity.ref().toString());
    }
  }

  /** The entity whose docs this entity shows ({@code backstage.io/techdocs-entity}), if any. */
  public Optional<EntityRef> externalEntity(Entity entity) {
    return resolver.externalEntity(entity);
  }

  /**
   * Builds the entity's docs if their source changed since the published site (Backstage's {@code
   * /sync}).
   *
   * @param entity an entity with {@code backstage.io/techdocs-ref}
   * @param log receives the build's log lines as they happen
   * @throws TechDocsException naming the entity when the docs cannot be built; the published site,
   *     if any, stays
   */
  public SyncResult sync(Entity entity, Consumer<String> log) {
    EntityRef ref = entity.ref();
    String key = Publisher.triplet(ref);
    Deque<String> lines = new ArrayDeque<>();
    Consumer<String> sink = line -> {
      String stamped = Instant.now(clock) + " " + line;
      synchronized (lines) {
        lines.addLast(stamped);
        if (lines.size() > LOG_LINES) {
          lines.removeFirst();
        }
      }
      log.accept(line);
    };
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      Optional<JsonNode> published = publisher.metadata(ref);
      String publishedEtag = published.map(m -> m.path("etag").asString(null)).orElse(null);
      Instant now = Instant.now(clock);
      Instant last = lastCheck.get(key);
      if (published.isPresent() && last != null && now.isBefore(last.plus(checkInterval))) {
        sink.accept("Docs of " + ref + " were checked at " + last + "; next check after " + last.plus(checkInterval));
        ensureIndexed(entity);
        return new SyncResult(false, publishedEtag, null);
      }
      DocsRef docsRef;
      try {
        docsRef = resolve(entity);
      } catch (TechDocsException e) {
        sink.accept("ERROR: " + e.getMessage());
        throw e;
      }
      sink.accept("Preparing docs of " + ref + " from " + docsRef);
      SourceFiles source;
      try {
        Optional<SourceFiles> changed =
            loader.loadIfChanged(docsRef, published.isPresent() ? publishedEtag : null);
        if (changed.isEmpty()) {
          lastCheck.put(key, now);
          sink.accept("Docs source of " + ref + " is unchanged since " + publishedEtag + "; nothing to build");
          ensureIndexed(entity);
          return new SyncResult(false, publishedEtag, null);
        }
        source = changed.get();
      } catch (TechDocsException e) {
        TechDocsException named = e.forEntity(ref.toString());
        sink.accept("ERROR: " + named.getMessage());
        throw named;
      }
      lastCheck.put(key, now);
      sink.accept("Source etag " + source.etag() + " (" + source.files().size() + " files)");
      if (source.etag().equals(publishedEtag)) {
        sink.accept("Docs of " + ref + " are up to date; nothing to build");
        ensureIndexed(entity);
        return new SyncResult(false, publishedEtag, null);
      }
      builds.acquireUninterruptibly();
      try {
        GeneratedSite site;
        try {
          site = generator.generate(
              source, entity.metadata().name(), resolver.defaultRepoUrl(docsRef), clock.millis(), sink);
        } catch (TechDocsException e) {
          sink.accept("ERROR: " + e.getMessage());
          throw e.forEntity(ref.toString());
        }
        publisher.publish(ref, site);
        sink.accept("Published " + site.files().size() + " files to " + key);
        search.index(ref, entityTitle(entity), site.search());
        indexed.put(key, Boolean.TRUE);
        sink.accept("Indexed " + site.search().size() + " search entries");
        for (Consumer<Entity> l : publishedListeners) {
          try {
            l.accept(entity);
          } catch (RuntimeException e) {
            sink.accept("WARNING: a listener of published docs failed: " + e.getMessage());
          }
        }
        return new SyncResult(true, site.etag(), site);
      } finally {
        builds.release();
      }
    } finally {
      synchronized (lines) {
        logs.put(key, List.copyOf(lines));
      }
      lock.unlock();
    }
  }

  /**
   * What {@link #syncAll} did.
   *
   * @param built entities whose docs were built and published
   * @param upToDate entities whose published docs were current
   * @param failures entity ref to error message, for the entities that could not be built
   */
  public record SyncAllResult(List<String> built, List<String> upToDate, Map<String, String> failures) {
    public SyncAllResult {
      built = List.copyOf(built);
      upToDate = List.copyOf(upToDate);
      failures = Map.copyOf(failures);
    }
  }

  /**
   * Syncs every entity of the catalog that has a {@code backstage.io/techdocs-ref}, one after the
   * other on the caller's thread (a host runs it at start-up or on its own schedule, so that search
   * covers every entity's docs without waiting for readers to open them). A failing entity is
   * recorded and logged; the others still build.
   *
   * @param catalog the catalog to read entities from
   * @param log receives every build's log lines, prefixed with the entity ref
   */
  public SyncAllResult syncAll(dev.greenroom.catalog.Catalog catalog, Consumer<String> log) {
    List<Entity> entities = new ArrayList<>();
    catalog.forEach(
        dev.greenroom.catalog.query.EntityPredicate.exists(
            "metadata.annotations." + DocsRefResolver.TECHDOCS_REF, true),
        null,
        entities::add);
    List<String> built = new ArrayList<>();
    List<String> current = new ArrayList<>();
    Map<String, String> failures = new java.util.TreeMap<>();
    for (Entity e : entities) {
      String ref = e.ref().toString();
      try {
        SyncResult r = sync(e, line -> log.accept(ref + ": " + line));
        (r.updated() ? built : current).add(ref);
      } catch (TechDocsException ex) {
        failures.put(ref, ex.getMessage());
        log.accept(ref + ": ERROR " + ex.getMessage());
      }
    }
    return new SyncAllResult(built, current, failures);
  }

  /** {@link #sync(Entity, Consumer)} without a live log. */
  public SyncResult sync(Entity entity) {
    return sync(entity, line -> {});
  }

  /**
   * Indexes an entity's published site for search if it is not indexed yet (after a restart with an
   * in-memory index). Does nothing when the entity has no published site.
   */
  public void ensureIndexed(Entity entity) {
    String key = Publisher.triplet(entity.ref());
    if (indexed.containsKey(key)) {
      return;
    }
    Optional<byte[]> idx = publisher.read(entity.ref(), GeneratedSite.SEARCH_INDEX_FILE);
    if (idx.isEmpty()) {
      return;
    }
    List<SearchEntry> entries = new ArrayList<>();
    for (JsonNode d : Json.mapper().readTree(idx.get()).path("docs")) {
      entries.add(new SearchEntry(d.path("location").asString(""), d.path("title").asString(""), d.path("text").asString("")));
    }
    search.index(entity.ref(), entityTitle(entity), entries);
    indexed.put(key, Boolean.TRUE);
  }

  /** The log lines of the entity's last sync (timestamped), empty when it never synced here. */
  public List<String> buildLog(EntityRef entity) {
    return logs.getOrDefault(Publisher.triplet(entity), List.of());
  }

  /** The entity's published {@code techdocs_metadata.json}. */
  public Optional<JsonNode> metadata(EntityRef entity) {
    return publisher.metadata(entity);
  }

  /**
   * One published file.
   *
   * @param path relative to the site root; unsafe paths ({@link Publisher#safePath}) give empty
   */
  public Optional<byte[]> file(EntityRef entity, String path) {
    String safe = Publisher.safePath(path);
    return safe == null ? Optional.empty() : publisher.read(entity, safe);
  }

  /** Ranked hits across every indexed entity's docs. */
  public List<SearchHit> search(String term, int limit) {
    return search.search(term, limit);
  }

  private static String entityTitle(Entity entity) {
    String t = entity.metadata().title();
    return t == null || t.isBlank() ? entity.metadata().name() : t;
  }

  @Override
  public void close() {
    if (ownsSearch) {
      search.close();
    }
  }

  /** Configures {@link TechDocs}. */
  public static final class Builder {
    private @Nullable Publisher publisher;
    private @Nullable DocsSearch search;
    private @Nullable UrlReader urlReader;
    private ScmUrls scm = ScmUrls.defaults();
    private Clock clock = Clock.systemUTC();
    private Duration checkInterval = Duration.ofSeconds(60);
    private int maxConcurrentBuilds = 10;
    private int maxFiles = 20_000;
    private long maxBytes = 256L * 1024 * 1024;
    private int maxUrlReads = 1_000;
    private long maxUrlBytes = 64L * 1024 * 1024;
    private List<Path> allowedFileRoots = List.of();
    private final List<Consumer<Entity>> publishedListeners = new ArrayList<>();

    private Builder() {}

    /**
     * Called on the building thread after an entity's new site is published and indexed (a search
     * engine re-reads that entity's {@code search/search_index.json}); keep it quick. A listener that
     * throws is noted in the build log and does not fail the build.
     */
    public Builder onPublished(Consumer<Entity> listener) {
      publishedListeners.add(Objects.requireNonNull(listener));
      return this;
    }

    /** Where sites are stored. */
    public Builder publisher(Publisher publisher) {
      this.publisher = Objects.requireNonNull(publisher);
      return this;
    }

    /** Stores sites in a local folder ({@link LocalPublisher}). */
    public Builder publishDirectory(Path dir) {
      return publisher(new LocalPublisher(dir));
    }

    /** The search index; default an in-memory one owned (and closed) by TechDocs. */
    public Builder search(DocsSearch search) {
      this.search = Objects.requireNonNull(search);
      return this;
    }

    /** Reads {@code url:} docs sources; without one, only {@code dir:} sources build. */
    public Builder urlReader(UrlReader reader) {
      this.urlReader = Objects.requireNonNull(reader);
      return this;
    }

    /** SCM URL rules for relative {@code dir:} refs of {@code url:} entities. */
    public Builder scm(ScmUrls scm) {
      this.scm = Objects.requireNonNull(scm);
      return this;
    }

    /** The clock for build timestamps and check throttling. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** At most one source check per entity in this interval; default 60 s, zero checks every sync. */
    public Builder checkInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("negative check interval");
      }
      this.checkInterval = interval;
      return this;
    }

    /** Builds running at once; default 10. */
    public Builder maxConcurrentBuilds(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentBuilds must be at least 1");
      }
      this.maxConcurrentBuilds = n;
      return this;
    }

    /** Limits of one docs source: files and bytes; default 20,000 files and 256 MiB. */
    public Builder sourceLimits(int maxFiles, long maxBytes) {
      if (maxFiles < 1 || maxBytes < 1) {
        throw new IllegalArgumentException("source limits must be positive");
      }
      this.maxFiles = maxFiles;
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * Limits of one {@code url:} docs source, read file by file through the {@link UrlReader}: the
     * most reads (found or not) and bytes; default 1,000 reads and 64 MiB. Past either, the build
     * stops with an error naming the entity and the limit.
     */
    public Builder urlSourceLimits(int maxReads, long maxBytes) {
      if (maxReads < 1 || maxBytes < 1) {
        throw new IllegalArgumentException("url source limits must be positive");
      }
      this.maxUrlReads = maxReads;
      this.maxUrlBytes = maxBytes;
      return this;
    }

    /**
     * Folders an entity's {@code file:} {@code backstage.io/source-location} may name. Without
     * them, docs build from the server's disk only inside the folder of the catalog file the
     * catalog read the entity from (its {@code file:} {@code managed-by-location}); a {@code file:}
     * source-location an entity merely claims is refused. Default: none.
     */
    public Builder allowedFileRoots(List<Path> roots) {
      List<Path> copy = new ArrayList<>();
      for (Path r : roots) {
        copy.add(Objects.requireNonNull(r, "root").toAbsolutePath().normalize());
      }
      this.allowedFileRoots = List.copyOf(copy);
      return this;
    }

    /** The runtime. */
    public TechDocs build() {
      return new TechDocs(this);
    }
  }
}
