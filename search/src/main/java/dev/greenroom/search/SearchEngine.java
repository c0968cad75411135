package dev.greenroom.search;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.catalog.processing.schedule.ScheduledTask;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.search.collator.CatalogCollator;
import dev.greenroom.search.collator.TechDocsCollator;
import dev.greenroom.search.http.SearchApiPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.highlight.DefaultEncoder;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.NullFragmenter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's search backend: one Lucene index (in memory) holding the documents of every {@link
 * DocumentCollator}, queried as Backstage's {@code GET /api/search/query} is.
 *
 * <p>Design: each Lucene document keeps its collator type and entity ref as keys, the answered
 * document as stored JSON, its title and text as searched fields, every field once more in a
 * catch-all searched field, and each field's lower-cased value as an exact key for {@code
 * filters[...]}. A reindex ({@link #reindexAll}, {@link #reindex(String)}: at start and on the
 * host's schedule) collates each type outside any lock. For types of entities' documents (the
 * catalog's, TechDocs') it then writes only the entities whose documents changed, found by a
 * 64-bit fingerprint of each entity's documents kept per type, and drops the entities no longer
 * collated, so a pass over an unchanged catalog writes nothing; other types' documents are swapped
 * in one commit, so queries never see a type half gone. Entities updated while a reindex collated
 * are applied again after it, so an older snapshot never wins. Catalog events and TechDocs builds
 * replace one entity's documents only ({@link
 * #refresh(Entity)}, {@link #remove(EntityRef)}), on the host's executor. Queries scan at most
 * {@value #MAX_SCANNED} ranked hits, drop the ones the caller may not see (by entity ref) before
 * paging, then highlight the page. Page cursors are Backstage's: base64 of the page number.
 *
 * <p>Thread-safe; writes are serialised, queries run in parallel. Starts no thread of its own.
 */
public final class SearchEngine implements AutoCloseable {
  /** The page size when a query names none (Backstage's 25). */
  public static final int DEFAULT_PAGE_LIMIT = 25;
  /** Index terms one prefix or fuzzy token contributes to highlighting, at most. */
  private static final int MAX_HIGHLIGHT_EXPANSIONS = 50;

  /** Ranked hits one query looks at, before the permission filter and paging. */
  public static final int MAX_SCANNED = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(SearchEngine.class);
  private static final String TYPE = "_type";
  private static final String ENTITY = "_entity";
  private static final String DOC = "_doc";
  /** Type and entity of a document, one term: what replacing one entity's documents deletes. */
  private static final String KEY = "_key";
  private static final java.util.Set<String> ENTITY_ONLY = java.util.Set.of("_entity");
  private static final String TITLE = "title";
  private static final String TEXT = "text";
  private static final String ALL = "_all";
  private static final String FILTER = "f.";
  private static final Pattern CURSOR = Pattern.compile("0|[1-9][0-9]{0,5}");
  private static final int MAX_TERMS = 16;
  private static final int MAX_HIGHLIGHT_CHARS = 100_000;

  private final Map<String, DocumentCollator> collators;
  private final int maxPageLimit;
  private final int maxTermLength;
  private final Executor executor;
  private final String preTag;
  private final String postTag;
  private final Analyzer analyzer = new StandardAnalyzer();
  private final Directory directory = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ReentrantLock writes = new ReentrantLock();
  private final @Nullable Catalog catalog;
  private volatile boolean closed;
  private final ReentrantLock fullRuns = new ReentrantLock();
  private volatile @Nullable Map<String, Object> changedDuringFull;
  private static final Object REMOVED = new Object();
  /**
   * Per type of entities' documents, per entity ref: the fingerprint of the documents indexed for
   * it. Guarded by {@link #writes}; every write of such a type goes through it.
   */
  private final Map<String, Map<String, Indexed>> indexed = new java.util.HashMap<>();
  /** The number of the re-collation going on (guarded by {@link #writes}), 0 when none. */
  private long passInProgress;
  /** Numbers re-collations; guarded by {@link #fullRuns}. */
  private long passes;

  /** What is indexed for one entity of one type; guarded by {@link #writes}. */
  private static final class Indexed {
    long fingerprint;
    /** The re-collation that last collated or wrote the entity's documents. */
    long pass;

    Indexed(long fingerprint, long pass) {
      this.fingerprint = fingerprint;
      this.pass = pass;
    }
  }

  private SearchEngine(Builder b) {
    this.collators = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.collators));
    this.maxPageLimit = b.maxPageLimit;
    this.maxTermLength = b.maxTermLength;
    this.executor = b.executor;
    this.catalog = b.catalog;
    String id = UUID.randomUUID().toString();
    this.preTag = "<" + id + ">";
    this.postTag = "</" + id + ">";
    try {
      this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
      this.writer.commit();
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new SearchException("Cannot open the search index: " + e.getMessage(), null, null, e);
    }
  }

  /** A builder; add the catalog and, optionally, TechDocs and collators of your own. */
  public static Builder builder() {
    return new Builder();
  }

  /** The types of the registered collators, in registration order. */
  public List<String> types() {
    return List.copyOf(collators.keySet());
  }

  /** The catalog given to the builder, or null; the HTTP route reads entities from it for permission checks. */
  public @Nullable Catalog catalog() {
    return catalog;
  }

  /** The most results one page may hold. */
  public int maxPageLimit() {
    return maxPageLimit;
  }

  /** The version of the index the next query reads: it changes with every write made visible. */
  long readerVersion() throws IOException {
    searchers.maybeRefreshBlocking();
    IndexSearcher s = searchers.acquire();
    try {
      return ((org.apache.lucene.index.DirectoryReader) s.getIndexReader()).getVersion();
    } finally {
      searchers.release(s);
    }
  }

  /** The number of indexed documents. */
  public int size() {
    return writer.getDocStats().numDocs;
  }

  // ---------------------------------------------------------------------------------- indexing

  /**
   * Collates every type afresh. For collators of entities' documents ({@link
   * DocumentCollator#collatesEntities()}) only the entities whose documents differ from the indexed
   * ones are written again, and entities no longer collated lose theirs; other collators' documents
   * are swapped in whole. A collator that fails keeps its previous documents; the failure is logged
   * and returned.
   *
   * @return type to error message, for the collators that failed; empty when all succeeded
   */
  public Map<String, String> reindexAll() {
    return reindex(collators.keySet());
  }

  /**
   * Collates one type afresh, as {@link #reindexAll} does for every type.
   *
   * @return the error message when the collator failed (its previous documents stay)
   * @throws IllegalArgumentException when no collator has that type
   */
  public Optional<String> reindex(String type) {
    requireType(type);
    return Optional.ofNullable(reindex(List.of(type)).get(type));
  }

  private void requireType(String type) {
    if (!collators.containsKey(type)) {
      throw new IllegalArgumentException("Unknown search type \"" + type + "\"; the known types are "
          + String.join(", ", collators.keySet()));
    }
  }

  private Map<String, String> reindex(java.util.Collection<String> types) {
    fullRuns.lock();
    Map<String, Object> changed = new java.util.concurrent.ConcurrentHashMap<>();
    changedDuringFull = changed;
    try {
      Map<String, String> failures = new LinkedHashMap<>();
      for (String type : types) {
        DocumentCollator c = collators.get(type);
        String failure;
        try {
          failure = c.collatesEntities() ? collateByEntity(c) : collateWhole(c);
        } catch (RuntimeException e) {
          // the index refused a write: the other types still run, and the replay below still
          // applies what changed meanwhile
          LOG.warn("Search: re-collating {} failed", type, e);
          failure = String.valueOf(e.getMessage());
        }
        if (failure != null) {
          failures.put(type, failure);
        }
      }
      return failures;
    } finally {
      try {
        // entities that changed while the types were collated: their snapshot may be older than
        // the update already written, so apply the latest change again until none is left
        while (!changed.isEmpty() && !closed) {
          for (Map.Entry<String, Object> e : List.copyOf(changed.entrySet())) {
            if (changed.remove(e.getKey(), e.getValue())) {
              if (e.getValue() instanceof Entity entity) {
                applyRefresh(entity, true);
              } else {
                applyRemove(EntityRef.parse(e.getKey()), true);
              }
            }
          }
        }
      } finally {
        changedDuringFull = null;
        fullRuns.unlock();
      }
    }
  }

  /**
   * A scheduled re-collation of one type: skipped while the type's previous scheduled run still
   * runs (a run longer than the period must not queue the scheduler's threads up behind it; runs
   * of other types wait their turn), and stopped between entities when the schedule's timeout
   * interrupts it.
   */
  private void scheduledReindex(String type) {
    if (!scheduledRunning.add(type)) {
      LOG.info("Search: the re-collation of {} is skipped: the previous one still runs", type);
      return;
    }
    try {
      reindex(type).ifPresent(why -> LOG.warn("Search: scheduled reindex of {} failed: {}", type, why));
    } finally {
      scheduledRunning.remove(type);
    }
  }

  private final java.util.Set<String> scheduledRunning = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Collates a type whose documents are not entities': all of them swapped in one commit. */
  private @Nullable String collateWhole(DocumentCollator c) {
    List<IndexableDocument> docs = new ArrayList<>();
    try {
      c.collateAll(docs::add);
    } catch (RuntimeException e) {
      LOG.warn("Search: collator {} failed; its previous documents stay: {}", c.type(), e.toString());
      return String.valueOf(e.getMessage());
    }
    swapType(c.type(), docs);
    return null;
  }

  /**
   * Collates a type of entities' documents and writes only what differs from the index: the
   * documents of each entity are compared by their fingerprint with the ones indexed as they come,
   * so a pass over an unchanged catalog writes nothing and opens no reader. Nothing collated is
   * held beyond one entity's documents (holding a catalog's worth made each young collection copy
   * it: at 100,000 entities in a 1 GiB heap the pass cost 15 CPU-seconds, mostly the collector's).
   * Entities not collated in a pass that succeeded lose their documents; the writes of one pass
   * are committed together.
   */
  private @Nullable String collateByEntity(DocumentCollator c) {
    String type = c.type();
    long pass = ++passes;
    writes.lock();
    try {
      passInProgress = pass;
    } finally {
      writes.unlock();
    }
    int[] counts = new int[2]; // written, collated
    List<IndexableDocument> group = new ArrayList<>();
    String[] groupKey = {null};
    try {
      try {
        c.collateAll(d -> {
          String key = entityKey(d);
          if (groupKey[0] != null && !groupKey[0].equals(key)) {
            if (Thread.currentThread().isInterrupted()) {
              throw new IllegalStateException("the re-collation of " + type + " ran past its timeout"
                  + " and stopped after " + counts[1] + " entities");
            }
            flush(type, groupKey[0], group, pass, counts);
          }
          groupKey[0] = key;
          group.add(d);
        });
        if (groupKey[0] != null) {
          flush(type, groupKey[0], group, pass, counts);
        }
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      } catch (RuntimeException e) {
        LOG.warn("Search: collator {} failed; its previous documents stay: {}", c.type(), e.toString());
        commitIfWritten(counts[0]);
        return String.valueOf(e.getMessage());
      }
      writes.lock();
      try {
        if (closed) {
          return null;
        }
        int removed = 0;
        Map<String, Indexed> indexedOfType = indexed.getOrDefault(type, Map.of());
        for (var it = indexedOfType.entrySet().iterator(); it.hasNext(); ) {
          Map.Entry<String, Indexed> e = it.next();
          if (e.getValue().pass != pass) {
            writer.deleteDocuments(new Term(KEY, key(type, e.getKey())));
            it.remove();
            removed++;
          }
        }
        commitIfWritten(counts[0] + removed);
        LOG.debug("Search: {} collated for {} entities; {} written again, {} removed", type,
            counts[1], counts[0], removed);
        return null;
      } finally {
        writes.unlock();
      }
    } catch (IOException e) {
      throw new SearchException("Cannot update the search index for " + type + ": " + e.getMessage(),
          type, null, e);
    } finally {
      writes.lock();
      try {
        passInProgress = 0;
      } finally {
        writes.unlock();
      }
    }
  }

  /**
   * Writes one entity's documents of a re-collation unless they equal the indexed ones. A
   * collator should give an entity's documents one after the other: documents of an entity that
   * come again later in the same pass are added to the ones written (and, their fingerprint then
   * differing from either run's, written again on every pass).
   */
  private void flush(String type, String key, List<IndexableDocument> docs, long pass, int[] counts) {
    long fingerprint = fingerprint(docs);
    writes.lock();
    try {
      if (closed) {
        return;
      }
      counts[1]++;
      Map<String, Indexed> indexedOfType = indexed.computeIfAbsent(type, t -> new java.util.HashMap<>());
      Indexed now = indexedOfType.get(key);
      if (now == null) {
        writer.addDocuments(lucene(type, key, docs));
        indexedOfType.put(key, new Indexed(fingerprint, pass));
        counts[0]++;
      } else if (now.fingerprint == fingerprint) {
        now.pass = pass;
      } else if (now.pass == pass) {
        // more documents of an entity already collated in this pass
        writer.addDocuments(lucene(type, key, docs));
        now.fingerprint = 31 * now.fingerprint + fingerprint;
        counts[0]++;
      } else {
        // one operation: a reader opened meanwhile sees the old documents or the new, never none
        writer.updateDocuments(new Term(KEY, key(type, key)), lucene(type, key, docs));
        now.fingerprint = fingerprint;
        now.pass = pass;
        counts[0]++;
      }
    } catch (IllegalArgumentException e) {
      // a document the index refuses (a field value over Lucene's term limit): the entity keeps
      // what it had and the pass goes on with the next
      LOG.warn("Search: the {} documents of {} cannot be indexed; the ones indexed before stay: {}",
          type, key.isEmpty() ? "documents without an entity" : key, e.getMessage());
      Indexed now = indexed.getOrDefault(type, Map.of()).get(key);
      if (now != null) {
        now.pass = pass;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      writes.unlock();
      docs.clear();
    }
  }

  private void commitIfWritten(int changes) throws IOException {
    writes.lock();
    try {
      if (changes > 0 && !closed) {
        writer.commit();
        searchers.maybeRefreshBlocking();
      }
    } finally {
      writes.unlock();
    }
  }

  /** The entity a document belongs to, as the key of the per-entity bookkeeping ("" for none). */
  private static String entityKey(IndexableDocument d) {
    return d.entityRef() == null ? "" : d.entityRef().toString();
  }

  private static String key(String type, String entity) {
    return type + '\u0000' + entity;
  }

  /**
   * 64 bits over everything a document holds, in order (FNV-1a over the characters with each
   * string's length first, then a final mix): equal documents give equal fingerprints, and a
   * changed one a different fingerprint but for a chance of about 2^-64.
   */
  static long fingerprint(List<IndexableDocument> docs) {
    long h = 0xcbf29ce484222325L;
    for (IndexableDocument d : docs) {
      h = mix(h, d.title());
      h = mix(h, d.text());
      h = mix(h, d.location());
      h = mix(h, d.entityRef() == null ? "" : d.entityRef().toString());
      h = (h ^ d.fields().size()) * 0x100000001b3L;
      for (Map.Entry<String, String> f : d.fields().entrySet()) {
        h = mix(h, f.getKey());
        h = mix(h, f.getValue());
      }
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  private static long mix(long h, String s) {
    h = (h ^ s.length()) * 0x100000001b3L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }

  /**
   * Replaces the documents of one entity, type by type, for the collators that collate entities
   * (after the entity changed in the catalog or its docs were built).
   */
  public void refresh(Entity entity) {
    refresh(entity, true);
  }

  private void refresh(Entity entity, boolean visibleNow) {
    Map<String, Object> changed = changedDuringFull;
    if (changed != null) {
      changed.put(entity.ref().toString(), entity);
    }
    applyRefresh(entity, visibleNow);
  }

  private void applyRefresh(Entity entity, boolean visibleNow) {
    String ref = entity.ref().toString();
    for (DocumentCollator c : collators.values()) {
      if (!c.collatesEntities()) {
        continue;
      }
      List<IndexableDocument> docs;
      try {
        docs = c.collate(entity);
      } catch (RuntimeException e) {
        LOG.warn("Search: collator {} failed on {}; its previous documents stay: {}", c.type(), ref, e.toString());
        continue;
      }
      replaceEntity(c.type(), ref, docs, visibleNow);
    }
  }

  /** Replaces one entity's documents of one type, unless the indexed ones are the same. */
  private void replaceEntity(String type, String ref, List<IndexableDocument> docs, boolean visibleNow) {
    long fingerprint = fingerprint(docs);
    writes.lock();
    try {
      if (closed) {
        return; // a late update after the host closed the engine
      }
      Map<String, Indexed> indexedOfType = indexed.computeIfAbsent(type, t -> new java.util.HashMap<>());
      Indexed now = indexedOfType.get(ref);
      if (now != null && now.fingerprint == fingerprint) {
        return;
      }
      if (docs.isEmpty()) {
        writer.deleteDocuments(new Term(KEY, key(type, ref)));
        indexedOfType.remove(ref);
      } else {
        writer.updateDocuments(new Term(KEY, key(type, ref)), lucene(type, ref, docs));
        if (now == null) {
          // a re-collation going on keeps it, whether or not its snapshot holds the entity
          indexedOfType.put(ref, new Indexed(fingerprint, passInProgress));
        } else {
          now.fingerprint = fingerprint;
        }
      }
      if (visibleNow) {
        searchers.maybeRefreshBlocking();
      }
    } catch (IOException e) {
      throw new SearchException("Cannot update the search index for " + type + " (" + ref + "): "
          + e.getMessage(), type, ref, e);
    } finally {
      writes.unlock();
    }
  }

  /** Removes every document of an entity (it left the catalog). */
  public void remove(EntityRef entity) {
    remove(entity, true);
  }

  private void remove(EntityRef entity, boolean visibleNow) {
    Map<String, Object> changed = changedDuringFull;
    if (changed != null) {
      changed.put(entity.toString(), REMOVED);
    }
    applyRemove(entity, visibleNow);
  }

  private void applyRemove(EntityRef entity, boolean visibleNow) {
    String ref = entity.toString();
    writes.lock();
    try {
      if (closed) {
        return;
      }
      writer.deleteDocuments(new Term(ENTITY, ref));
      indexed.values().forEach(m -> m.remove(ref));
      if (visibleNow) {
        searchers.maybeRefreshBlocking();
      }
    } catch (IOException e) {
      throw new SearchException("Cannot update the search index (" + ref + "): " + e.getMessage(),
          null, ref, e);
    } finally {
      writes.unlock();
    }
  }

  /**
   * A listener for the catalog engine ({@code CatalogEngine.builder().listener(..)}): added and
   * changed entities are refreshed, removed ones dropped, each on the builder's executor.
   */
  public CatalogListener catalogListener() {
    return event -> {
      Runnable update;
      if (event instanceof CatalogEvent.EntityAdded a) {
        update = () -> guarded(a.ref(), () -> refresh(a.entity(), false));
      } else if (event instanceof CatalogEvent.EntityChanged c) {
        update = () -> guarded(c.ref(), () -> refresh(c.entity(), false));
      } else if (event instanceof CatalogEvent.EntityRemoved r) {
        update = () -> guarded(r.ref(), () -> remove(r.ref(), false));
      } else {
        return;
      }
      if (closed) {
        return;
      }
      try {
        executor.execute(update);
        refreshSoon();
      } catch (RejectedExecutionException e) {
        // the host is shutting its executor down; the next full reindex would cover the change
        LOG.debug("Search: the executor refused the update of {}: {}", event.ref(), e.toString());
      }
    };
  }

  /**
   * Reindexes everything every {@code interval} on the host's scheduler (the first run after one
   * interval; call {@link #reindexAll} yourself for an index at start). Close the result to stop.
   */
  public AutoCloseable start(ScheduledExecutorService scheduler, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the reindex interval must be positive: " + interval);
    }
    long ms = interval.toMillis();
    ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(() -> {
      try {
        reindexAll();
      } catch (RuntimeException e) {
        LOG.warn("Search: scheduled reindex failed", e);
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  /**
   * Reindexes one type on its own schedule (Backstage's {@code search.collators.<name>.schedule}:
   * frequency or cron, timeout, initial delay), as a task {@code search:<type>} on the host's
   * scheduler. A run is skipped while the type's previous run still runs; past the schedule's timeout
   * a run stops between entities (what it wrote stays, nothing is removed). Close the result to
   * stop; a run going on is interrupted.
   *
   * @throws IllegalArgumentException when no collator has that type
   */
  public AutoCloseable start(String type, TaskSchedule schedule, ScheduledExecutorService scheduler) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(scheduler, "scheduler");
    requireType(type);
    ScheduledTask task = ScheduledTask.builder("search:" + type, () -> scheduledReindex(type))
        .schedule(schedule)
        .scheduler(scheduler)
        .build();
    return task.start();
  }

  /** The HTTP plugin serving {@code /api/search/query}. */
  public SearchApiPlugin apiPlugin() {
    return new SearchApiPlugin(this);
  }

  private static void guarded(EntityRef ref, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("Search: updating the documents of {} failed: {}", ref, e.toString());
    }
  }

  /**
   * Makes listener updates visible: one reader refresh queued behind the updates on the
   * executor, however many updates arrive meanwhile (a bulk load of 100,000 entities must not
   * flush a segment and open a reader per entity).
   */
  private void refreshSoon() {
    if (!refreshQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(() -> {
        refreshQueued.set(false);
        if (closed) {
          return;
        }
        try {
          searchers.maybeRefreshBlocking();
        } catch (IOException | RuntimeException e) {
          LOG.warn("Search: refreshing the index reader failed: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      refreshQueued.set(false);
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean refreshQueued =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Swaps in every document of a type whose documents are not entities' (one commit). */
  private void swapType(String type, List<IndexableDocument> docs) {
    List<Document> lucene = lucene(type, null, docs);
    writes.lock();
    try {
      if (closed) {
        return; // a late update after the host closed the engine
      }
      writer.deleteDocuments(new Term(TYPE, type));
      writer.addDocuments(lucene);
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new SearchException("Cannot update the search index for " + type + ": " + e.getMessage(),
          type, null, e);
    } finally {
      writes.unlock();
    }
  }

  /**
   * The Lucene documents of {@code docs}, without those whose location is unsafe, keyed to {@code
   * entity} (the entity whose documents they replace; null: each document's own).
   */
  private List<Document> lucene(String type, @Nullable String entity, List<IndexableDocument> docs) {
    List<Document> lucene = new ArrayList<>(docs.size());
    for (IndexableDocument d : docs) {
      if (!safeLocation(d.location())) {
        LOG.info("Search: skipped a {} document \"{}\" whose location protocol is unsafe", type, d.title());
        continue;
      }
      lucene.add(toLucene(type, entity != null ? entity : entityKey(d), d));
    }
    return lucene;
  }

  /** Relative paths and http(s) URLs only, as Backstage's router keeps (no {@code javascript:}). */
  static boolean safeLocation(String location) {
    int colon = location.indexOf(':');
    if (colon < 0) {
      return true;
    }
    int slash = location.indexOf('/');
    int q = location.indexOf('?');
    int hash = location.indexOf('#');
    if ((slash >= 0 && slash < colon) || (q >= 0 && q < colon) || (hash >= 0 && hash < colon)) {
      return true;
    }
    String scheme = location.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }

  private Document toLucene(String type, String entity, IndexableDocument d) {
    Document doc = new Document();
    doc.add(new StringField(TYPE, type, Field.Store.YES));
    doc.add(new StringField(KEY, key(type, entity), Field.Store.NO));
    if (d.entityRef() != null) {
      doc.add(new StringField(ENTITY, d.entityRef().toString(), Field.Store.YES));
    }
    ObjectNode json = Json.object();
    json.put("title", d.title());
    json.put("text", d.text());
    json.put("location", d.location());
    StringBuilder all = new StringBuilder();
    d.fields().forEach((k, v) -> {
      json.put(k, v);
      all.append(v).append('\n');
      doc.add(new StringField(FILTER + k, v.toLowerCase(Locale.ROOT), Field.Store.NO));
    });
    doc.add(new StringField(FILTER + "title", d.title().toLowerCase(Locale.ROOT), Field.Store.NO));
    doc.add(new StringField(FILTER + "location", d.location().toLowerCase(Locale.ROOT), Field.Store.NO));
    doc.add(new StoredField(DOC, json.toString()));
    doc.add(new TextField(TITLE, d.title(), Field.Store.NO));
    doc.add(new TextField(TEXT, d.text(), Field.Store.NO));
    doc.add(new TextField(ALL, all.toString(), Field.Store.NO));
    return doc;
  }

  // ---------------------------------------------------------------------------------- querying

  /**
   * Decides which entities' documents a caller may see, all the entities of one query's hits at
   * once (so a host can read them from the catalog in one batch).
   */
  @FunctionalInterface
  public interface Visibility {
    /**
     * The readable ones among {@code entities}.
     *
     * @param entities the distinct entities of the hits, best hit first
     * @return those the caller may see; documents of the others are dropped before paging
     */
    java.util.Collection<EntityRef> readable(java.util.Set<EntityRef> entities);

    /** Every document visible (a caller allowed to read every entity). */
    static Visibility everything() {
      return refs -> refs;
    }

    /** Visibility decided one entity at a time. */
    static Visibility each(Predicate<EntityRef> readable) {
      Objects.requireNonNull(readable, "readable");
      return refs -> refs.stream().filter(readable).toList();
    }
  }

  /**
   * One page of results.
   *
   * @param query the query
   * @param visible which entities' documents the caller may see (its {@code catalog.entity.read});
   *     documents without an entity are always visible
   * @throws InvalidQueryException for an unknown type, a page limit above {@link #maxPageLimit()},
   *     a term too long or a cursor this engine did not hand out
   */
  public SearchResultSet query(SearchQuery query, Visibility visible) {
    if (query.term().length() > maxTermLength) {
      throw new InvalidQueryException("The term length \"" + query.term().length()
          + "\" is greater than \"" + maxTermLength + "\"");
    }
    for (String t : query.types()) {
      if (!collators.containsKey(t)) {
        throw new InvalidQueryException("Unknown search type \"" + t + "\"; the known types are "
            + String.join(", ", collators.keySet()));
      }
    }
    int limit = query.pageLimit() == null || query.pageLimit() == 0 ? DEFAULT_PAGE_LIMIT : query.pageLimit();
    if (limit < 0) {
      throw new InvalidQueryException("The page limit \"" + limit + "\" must not be negative");
    }
    if (limit > maxPageLimit) {
      throw new InvalidQueryException("The page limit \"" + limit + "\" is greater than \"" + maxPageLimit + "\"");
    }
    int page = decodeCursor(query.pageCursor());

    List<String> tokens = tokens(query.term());
    Query termQuery = termQuery(tokens);
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    q.add(termQuery, tokens.isEmpty() ? Occur.FILTER : Occur.MUST);
    if (!query.types().isEmpty()) {
      BooleanQuery.Builder types = new BooleanQuery.Builder();
      query.types().forEach(t -> types.add(new TermQuery(new Term(TYPE, t)), Occur.SHOULD));
      q.add(types.build(), Occur.FILTER);
    }
    query.filters().forEach((field, values) -> {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      values.forEach(v -> any.add(new TermQuery(new Term(FILTER + field, v.toLowerCase(Locale.ROOT))), Occur.SHOULD));
      q.add(any.build(), Occur.FILTER);
    });

    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(q.build(), MAX_SCANNED);
        var stored = searcher.storedFields();
        // first the entity of every hit (one stored field each), then one visibility decision per entity
        String[] refs = new String[top.scoreDocs.length];
        java.util.Set<EntityRef> entities = new java.util.LinkedHashSet<>();
        for (int i = 0; i < refs.length; i++) {
          refs[i] = stored.document(top.scoreDocs[i].doc, ENTITY_ONLY).get(ENTITY);
          if (refs[i] != null) {
            entities.add(EntityRef.parse(refs[i]));
          }
        }
        java.util.Set<String> readable = new java.util.HashSet<>();
        if (!entities.isEmpty()) {
          visible.readable(java.util.Collections.unmodifiableSet(entities)).forEach(r -> readable.add(r.toString()));
        }
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < refs.length; i++) {
          if (refs[i] == null || readable.contains(refs[i])) {
            hits.add(top.scoreDocs[i].doc);
          }
        }
        long offsetL = (long) page * limit;
        int offset = (int) Math.min(offsetL, hits.size());
        int end = (int) Math.min(offsetL + limit, hits.size());
        Highlighter hl = tokens.isEmpty() || offset >= end ? null : highlighter(highlightQuery(searcher, tokens));
        List<SearchResult> results = new ArrayList<>();
        for (int i = offset; i < end; i++) {
          Document d = stored.document(hits.get(i));
          JsonNode json = Json.mapper().readTree(d.get(DOC));
          IndexableDocument doc = fromJson(json, d.get(ENTITY));
          results.add(new SearchResult(d.get(TYPE), doc, hl == null ? null : highlight(hl, doc), i + 1));
        }
        String next = offsetL + limit < hits.size() ? encodeCursor(page + 1) : null;
        String previous = page > 0 ? encodeCursor(page - 1) : null;
        return new SearchResultSet(results, next, previous, hits.size());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new SearchException("Search failed: " + e.getMessage(), null, null, e);
    }
  }

  /** Backstage's cursor: base64 of the page number. */
  public static String encodeCursor(int page) {
    return Base64.getEncoder().encodeToString(Integer.toString(page).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodeCursor(@Nullable String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = null;
    }
    if (decoded == null || !CURSOR.matcher(decoded).matches()) {
      String shown = cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor;
      throw new InvalidQueryException("Invalid page cursor \"" + shown
          + "\": pass the nextPageCursor or previousPageCursor of an earlier answer");
    }
    return Integer.parseInt(decoded);
  }

  private List<String> tokens(String term) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(TEXT, term)) {
      CharTermAttribute a = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && out.size() < MAX_TERMS) {
        out.add(a.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new SearchException("Cannot read the search term: " + e.getMessage(), null, null, e);
    }
    return out;
  }

  /**
   * Like Backstage's Lunr translator: each word matched exactly (strong boost), as a prefix for
   * type-ahead (medium) and within an edit distance (weak), in title (boosted), text and the other
   * fields; any word may match.
   */
  private static Query termQuery(List<String> tokens) {
    if (tokens.isEmpty()) {
      return new MatchAllDocsQuery();
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    Map<String, Float> fields = Map.of(TITLE, 2f, TEXT, 1f, ALL, 0.5f);
    for (String t : tokens) {
      for (Map.Entry<String, Float> f : fields.entrySet()) {
        Term term = new Term(f.getKey(), t);
        any.add(new BoostQuery(new TermQuery(term), 100f * f.getValue()), Occur.SHOULD);
        any.add(new BoostQuery(new PrefixQuery(term), 10f * f.getValue()), Occur.SHOULD);
        if (t.length() >= 3) {
          any.add(new BoostQuery(new FuzzyQuery(term, t.length() > 5 ? 2 : 1), f.getValue()), Occur.SHOULD);
        }
      }
    }
    return any.build();
  }

  /**
   * What the highlighter marks: the tokens, and the index terms their prefix and fuzzy parts match,
   * expanded once per query against the index. Handing the highlighter the fuzzy and prefix
   * queries themselves made it expand them again for every field of every result (a Levenshtein
   * automaton each time): seconds for one page of TechDocs results.
   */
  private static Query highlightQuery(IndexSearcher searcher, List<String> tokens) throws IOException {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String t : tokens) {
      for (String field : List.of(TITLE, TEXT)) {
        Term term = new Term(field, t);
        any.add(new TermQuery(term), Occur.SHOULD);
        any.add(searcher.rewrite(new PrefixQuery(term,
            new MultiTermQuery.TopTermsScoringBooleanQueryRewrite(MAX_HIGHLIGHT_EXPANSIONS))), Occur.SHOULD);
        if (t.length() >= 3) {
          any.add(searcher.rewrite(new FuzzyQuery(term, t.length() > 5 ? 2 : 1, 0,
              MAX_HIGHLIGHT_EXPANSIONS, true,
              new MultiTermQuery.TopTermsScoringBooleanQueryRewrite(MAX_HIGHLIGHT_EXPANSIONS))),
              Occur.SHOULD);
        }
      }
    }
    return any.build();
  }

  private Highlighter highlighter(Query termQuery) {
    Highlighter hl = new Highlighter(new SimpleHTMLFormatter(preTag, postTag), new DefaultEncoder(), new QueryScorer(termQuery));
    hl.setTextFragmenter(new NullFragmenter());
    hl.setMaxDocCharsToAnalyze(MAX_HIGHLIGHT_CHARS);
    return hl;
  }

  private @Nullable Highlight highlight(Highlighter hl, IndexableDocument doc) {
    Map<String, String> fields = new LinkedHashMap<>();
    mark(hl, TITLE, doc.title(), fields);
    mark(hl, TEXT, doc.text(), fields);
    return new Highlight(preTag, postTag, fields);
  }

  private void mark(Highlighter hl, String field, String value, Map<String, String> out) {
    if (value.isEmpty() || value.length() > MAX_HIGHLIGHT_CHARS) {
      return;
    }
    try {
      // the scorer's query names the title/text/all fields; score this value as if it were each
      String marked = hl.getBestFragment(analyzer, field, value);
      if (marked != null && marked.contains(preTag)) {
        out.put(field, marked);
      }
    } catch (IOException | InvalidTokenOffsetsException e) {
      LOG.debug("Search: highlighting {} failed: {}", field, e.toString());
    }
  }

  private static IndexableDocument fromJson(JsonNode json, @Nullable String ref) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (var e : json.properties()) {
      String k = e.getKey();
      if (!k.equals("title") && !k.equals("text") && !k.equals("location")) {
        fields.put(k, e.getValue().asString(""));
      }
    }
    return new IndexableDocument(json.path("title").asString(""), json.path("text").asString(""),
        json.path("location").asString(""), ref == null ? null : EntityRef.parse(ref), fields);
  }

  @Override
  public void close() {
    writes.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new SearchException("Cannot close the search index: " + e.getMessage(), null, null, e);
    } finally {
      writes.unlock();
    }
  }

  /** Configures a {@link SearchEngine}; each setting is checked when it is given. */
  public static final class Builder {
    private final Map<String, DocumentCollator> collators = new LinkedHashMap<>();
    private int maxPageLimit = 100;
    private int maxTermLength = 100;
    private Executor executor = Runnable::run;
    private @Nullable Catalog catalog;

    private Builder() {}

    /**
     * The catalog: adds the {@code software-catalog} collator (every entity, templates included)
     * and is where the HTTP route reads entities for permission checks.
     */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return collator(new CatalogCollator(catalog));
    }

    /**
     * TechDocs (needs {@code greenroom-techdocs-core} on the class path): adds the {@code techdocs}
     * collator over the published sites. Call after {@link #catalog}.
     */
    public Builder techDocs(dev.greenroom.techdocs.TechDocs techdocs) {
      if (catalog == null) {
        throw new IllegalStateException("techDocs(..) needs the catalog: call catalog(..) first");
      }
      return collator(new TechDocsCollator(techdocs, catalog));
    }

    /** A collator of your own; its type must be new. */
    public Builder collator(DocumentCollator collator) {
      Objects.requireNonNull(collator, "collator");
      String type = Objects.requireNonNull(collator.type(), "collator type");
      if (!type.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("collator type '" + type + "' must be lower-case letters, digits and dashes");
      }
      if (collators.putIfAbsent(type, collator) != null) {
        throw new IllegalArgumentException("a collator of type '" + type + "' is registered already");
      }
      return this;
    }

    /** The most results per page (Backstage's {@code search.maxPageLimit}, 100 by default). */
    public Builder maxPageLimit(int limit) {
      if (limit < 1 || limit > 1_000) {
        throw new IllegalArgumentException("maxPageLimit must be between 1 and 1000: " + limit);
      }
      this.maxPageLimit = limit;
      return this;
    }

    /** The longest search term (Backstage's {@code search.maxTermLength}, 100 by default). */
    public Builder maxTermLength(int length) {
      if (length < 1 || length > 10_000) {
        throw new IllegalArgumentException("maxTermLength must be between 1 and 10000: " + length);
      }
      this.maxTermLength = length;
      return this;
    }

    /**
     * Where catalog events are turned into index updates (the engine calls listeners on its own
     * thread); by default on the calling thread.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The engine, with an empty index: call {@link SearchEngine#reindexAll} to fill it. */
    public SearchEngine build() {
      if (collators.isEmpty()) {
        throw new IllegalStateException("no collator: give catalog(..) or collator(..)");
      }
      return new SearchEngine(this);
    }
  }
}
