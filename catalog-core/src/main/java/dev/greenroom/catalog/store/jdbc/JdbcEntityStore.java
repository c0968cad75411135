package dev.greenroom.catalog.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.query.EntityPredicate.Field;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.stitch.Stitcher;
import dev.greenroom.catalog.store.EntityChanges;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.ScanRequest;
import dev.greenroom.catalog.store.ScanResult;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.WriteResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL {@link EntityStore}: Jdbi over H2 (embedded default) or PostgreSQL (production).
 *
 * <h2>Using it</h2>
 *
 * <pre>{@code
 * EntityStore s1 = JdbcEntityStore.h2File(Path.of("data/catalog"));      // data/catalog.mv.db
 * EntityStore s2 = JdbcEntityStore.h2InMemory("tests");                   // gone on close()
 * EntityStore s3 = JdbcEntityStore.postgres("jdbc:postgresql://db/catalog?user=app");
 * EntityStore s4 = JdbcEntityStore.create(hostDataSource);                // host owns the pool
 * EntityStore s5 = JdbcEntityStore.postgres(url,                           // reads time out at 10 s
 *     JdbcOptions.defaults().withReadTimeout(Duration.ofSeconds(10)));
 * }</pre>
 *
 * Every factory detects the dialect from the connection metadata and migrates the schema ({@link
 * #MIGRATIONS}) before returning. A host's {@link DataSource} is never closed by the store; pools the
 * factories create ({@link DataSources}: HikariCP, connections checked before reuse) are closed by
 * {@link #close()}. Reads run with a statement timeout ({@link JdbcOptions}, 30 s by default; past
 * it the database cancels the statement and the read throws {@link
 * dev.greenroom.catalog.store.QueryTimeoutException}) and run once more when their connection
 * broke; writes have no timeout and are never retried.
 *
 * <h2>Design</h2>
 *
 * <p><b>Tables</b> (all prefixed {@code gr_} so other modules can share the database): {@code
 * gr_entities} (numeric surrogate {@code id}; unique canonical {@code ref}; unique {@code uid};
 * kind/namespace/name; JSON {@code body}; {@code etag}; {@code updated_at}), {@code gr_search}
 * (Backstage's flattened rows keyed by the numeric {@code entity_id}; indexes {@code (key, value,
 * entity_id)} for filters, {@code (entity_id, key, value)} for per-entity sort values and deletes,
 * {@code (key, original_value, entity_id)} for facets) and {@code gr_edges} (emitter, seq, source,
 * type, target; indexed by emitter, source and target). Search rows join entities on a BIGINT
 * rather than the ref string: smaller indexes, cheaper joins. {@code gr_entity_version} (one row)
 * and {@code gr_entity_changes} (version, ref) are the change log of {@link #changesSince}. {@code
 * gr_facet_counts} (key, kind, original value, count) holds the facet counts of the keys listed in
 * {@code gr_facet_keys} ({@link FacetCounts}; {@link JdbcOptions#facetKeys()}).
 *
 * <p><b>Writes</b> run {@link Stitcher#apply} in one transaction over {@link JdbcStitchState},
 * which reads in bulk and writes search rows in JDBC batches; any failure rolls the whole batch
 * back. Writers are serialised (a lock in the JVM, plus an advisory transaction lock on
 * PostgreSQL for several instances on one database): stitching reads edges that a concurrent
 * writer could be changing, and the facet counts are updated by adding each write's deltas. Search rows of a changed entity are deleted and re-inserted; edges are
 * rewritten only when an emitter's edges changed (the Stitcher compares them first). A write that
 * changed what readers see adds one to {@code gr_entity_version} and logs the refs it changed
 * (over {@value #LOGGED_REFS}: one row meaning "everything") in the same transaction; since
 * writers are serialised, versions commit in order, and another host's cache that asks for the
 * rows above the version it saw misses none. The log keeps the last {@value #KEPT_VERSIONS}
 * versions.
 *
 * <p><b>Reads</b> are single SQL statements (one consistent snapshot each), built by {@link
 * ScanSql} and {@link PredicateSql}. Filters become {@code EXISTS} subqueries on the {@code (key,
 * value, entity_id)} index. Without a sort field, a page is read in {@code ref} order straight off
 * the unique ref index and stops after {@code limit} matches. When the filter has an equality
 * conjunct whose value is rare, that conjunct instead drives the query: its index range yields
 * the candidate ids, which are joined to entities and tested against the other conjuncts. H2 has
 * no per-value statistics, so on H2 the store probes each candidate's index range with a bounded
 * {@code COUNT} ({@value #PROBE_CAP} rows at most) and drives from the smallest; PostgreSQL's
 * planner has (key, value) statistics and gets plain {@code EXISTS} subqueries. Sort values
 * ({@code MIN(value)} of the key per entity) are correlated subqueries served by the {@code
 * (entity_id, key, value)} index, so only matching entities pay for them. Bodies are joined only
 * to the final page. Counting runs only when {@link #count} is called. Facets of maintained keys,
 * without a filter or under a filter on {@code kind} alone (what the catalog UI's pickers ask),
 * add up the counts that each write transaction keeps ({@link FacetCounts}); other facets group
 * {@code original_value} of the facet keys: under a filter, PostgreSQL tests it with {@code
 * EXISTS}, while on H2 the filter's ids and the facet rows are read once each and counted in Java.
 *
 * <p><b>Ordering and collation</b>: PostgreSQL columns that are compared use {@code COLLATE "C"}
 * (code-point order, as {@code String.compareTo}); H2 compares strings that way by default.
 * Relations and facet values are sorted in Java, so the results do not depend on the database.
 */
public final class JdbcEntityStore implements EntityStore {
  /** Most index entries a driver probe reads on H2. */
  static final int PROBE_CAP = 3_000;


  /** Most refs one write logs one by one; a larger write logs "everything". */
  static final int LOGGED_REFS = 100;

  /** The change log keeps the rows of this many versions at least. */
  static final int KEPT_VERSIONS = 1_000;

  /** Most rows {@link #changesSince} reads; past it the answer is "everything". */
  static final int MAX_CHANGE_ROWS = 10_000;

  /**
   * The store's schema migrations: scripts under {@code dev/greenroom/catalog/store/jdbc/<dialect>/},
   * versions in {@code gr_schema_version}.
   */
  public static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "catalog store",
          "gr_schema_version",
          JdbcEntityStore.class,
          "/dev/greenroom/catalog/store/jdbc",
          List.of(
              "V1__entities_search_edges.sql",
              "V2__deferred_restitch_and_inline_bodies.sql",
              "V3__entity_change_log.sql",
              "V4__facet_counts.sql"),
          0x67726e726f6f6d01L);

  private static final Logger LOG = LoggerFactory.getLogger(JdbcEntityStore.class);

  private final JdbcDatabase db;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final WriteLock writeLock = new WriteLock(0x67726e726f6f6d02L);
  private volatile boolean closed;

  /** For tests: forces (true) or forbids (false) {@link SortedScan}; null lets the store choose. */
  volatile @Nullable Boolean sortedScanOverride;

  private JdbcEntityStore(
      DataSource dataSource,
      @Nullable AutoCloseable owned,
      boolean keepOneOpen,
      JdbcOptions options) {
    this.db = JdbcDatabase.open(dataSource, owned, keepOneOpen, MIGRATIONS, options);
    this.jdbi = db.jdbi();
    this.dialect = db.dialect();
    try {
      ensureSearchIndexes();
      Set<String> facetKeys = new LinkedHashSet<>(options.facetKeys());
      db.transaction(
          writeLock,
          h -> {
            FacetCounts.sync(h, facetKeys);
            return null;
          });
    } catch (RuntimeException e) {
      db.close();
      throw new StoreException("cannot open catalog store: " + e.getMessage(), e);
    }
  }

  /**
   * A store over the host's data source, which the store never closes. The schema is migrated to
   * the latest version before this returns.
   *
   * @throws StoreException if the database cannot be reached, is neither H2 nor PostgreSQL, or
   *     cannot be migrated
   */
  public static JdbcEntityStore create(DataSource dataSource) {
    return create(dataSource, JdbcOptions.defaults());
  }

  /** {@link #create(DataSource)} with these read options (timeout, retries). */
  public static JdbcEntityStore create(DataSource dataSource, JdbcOptions options) {
    return new JdbcEntityStore(dataSource, null, false, options);
  }

  /**
   * A store in an H2 database file; H2 adds {@code .mv.db} to {@code file}. Data survives {@link
   * #close()} and is there when the same file is opened again. When the process that had the file
   * open last was killed, the file is first rebuilt from its committed rows ({@link
   * H2FileGuard}): H2 can leave such a file with index entries and row locks of transactions that
   * never finished, on which reads and writes spin until they time out.
   */
  public static JdbcEntityStore h2File(Path file) {
    return h2File(file, JdbcOptions.defaults());
  }

  /** {@link #h2File(Path)} with these read options (timeout, retries). */
  public static JdbcEntityStore h2File(Path file, JdbcOptions options) {
    H2FileGuard guard = H2FileGuard.open(file);
    HikariDataSource pool;
    try {
      pool = DataSources.h2File(file);
    } catch (RuntimeException e) {
      guard.close();
      throw e;
    }
    return new JdbcEntityStore(pool, () -> {
      pool.close();
      guard.close();
    }, false, options);
  }

  /**
   * A store in a named in-memory H2 database, dropped on {@link #close()}. Stores opened with the
   * same name in one JVM share the database while any of them is open.
   *
   * @param name letters, digits, {@code _}, {@code .} and {@code -}
   */
  public static JdbcEntityStore h2InMemory(String name) {
    return h2InMemory(name, JdbcOptions.defaults());
  }

  /** {@link #h2InMemory(String)} with these read options (timeout, retries). */
  public static JdbcEntityStore h2InMemory(String name, JdbcOptions options) {
    HikariDataSource pool = DataSources.h2InMemory(name);
    return new JdbcEntityStore(pool, pool, true, options);
  }

  /**
   * A store in PostgreSQL, with a small connection pool that {@link #close()} closes. Needs
   * the PostgreSQL JDBC driver (an optional dependency) on the class path. Put {@code
   * currentSchema=...} in the URL to keep the tables in a schema of their own. Batches are sent
   * as multi-row INSERTs ({@code reWriteBatchedInserts}) unless the URL turns that off; hosts
   * that pass their own {@link DataSource} to {@link #create} may want the same setting.
   */
  public static JdbcEntityStore postgres(String jdbcUrl) {
    return postgres(jdbcUrl, JdbcOptions.defaults());
  }

  /** {@link #postgres(String)} with these read options (timeout, retries). */
  public static JdbcEntityStore postgres(String jdbcUrl, JdbcOptions options) {
    HikariDataSource pool = DataSources.postgres(jdbcUrl);
    return new JdbcEntityStore(pool, pool, false, options);
  }

  /**
   * The data source the store reads and writes: the host's, or the pool a factory created (closed
   * with the store). Other Greenroom stores can be built on it to share the database.
   */
  public DataSource dataSource() {
    return db.dataSource();
  }

  /** The detected database: {@code "H2"} or {@code "POSTGRESQL"}. */
  public String dialectName() {
    return dialect.name();
  }

  /** The schema version in the database. */
  public int schemaVersion() {
    return read(MIGRATIONS::currentVersion);
  }

  /**
   * Refreshes the database's planner statistics for the store's tables. PostgreSQL's autovacuum
   * does this by itself eventually; call it after a bulk load so that the next queries are planned
   * with the new data.
   */
  public void analyze() {
    checkOpen();
    guard("analyze",
        () ->
            jdbi.withHandle(
                h -> {
                  // maintenance, not a read: no read timeout (large tables take a while)
                  if (dialect == Dialect.POSTGRESQL) {
                    h.execute("ANALYZE gr_entities, gr_search, gr_edges");
                  } else {
                    h.execute("ANALYZE");
                  }
                  return null;
                }));
  }

  /**
   * The database's plan for a scan's general statement, one line per element, with the times of
   * a real run ({@code EXPLAIN ANALYZE}); for tuning (the benchmarks' {@code ScaleProbe}). Pages
   * that {@link #scan} serves through {@code SortedScan} run other statements.
   */
  public List<String> explainScan(ScanRequest request) {
    return read(
        h -> {
          ScanSql.Split split = ScanSql.split(request.filter(), chooseDriver(h, request, true));
          Sql sql =
              new Sql()
                  .append(dialect == Dialect.POSTGRESQL ? "EXPLAIN (ANALYZE, COSTS OFF) " : "EXPLAIN ANALYZE ")
                  .append(ScanSql.scan(request, split));
          return sql.query(h).mapTo(String.class).list();
        });
  }

  // ---------------------------------------------------------------------------------- writes

  @Override
  public WriteResult write(WriteBatch batch) {
    checkOpen();
    if (batch.isEmpty()) {
      return new WriteResult(List.of(), List.of(), List.of());
    }
    return inWriteTransaction(
        "write of " + batch.size() + " operation(s)",
        state -> {
          state.prefetchBatch(batch.ops().stream().map(WriteBatch.Op::ref).toList());
          return Stitcher.apply(batch, state);
        });
  }

  @Override
  public WriteResult restitchDeferred(int limit) {
    checkOpen();
    return inWriteTransaction(
        "re-stitch of deferred entities", state -> Stitcher.restitchDeferred(limit, state));
  }

  /** Adds one to the version and logs what {@code result} changed under it. */
  private static void logChanges(Handle h, WriteResult result) {
    h.execute("UPDATE gr_entity_version SET version = version + 1 WHERE id = 1");
    long version =
        h.createQuery("SELECT version FROM gr_entity_version WHERE id = 1").mapTo(Long.class).one();
    Set<String> refs = new LinkedHashSet<>();
    for (List<EntityRef> l : List.of(result.added(), result.changed(), result.removed())) {
      l.forEach(r -> refs.add(r.toString()));
    }
    var insert = h.prepareBatch("INSERT INTO gr_entity_changes (version, ref) VALUES (?, ?)");
    if (refs.size() > LOGGED_REFS) {
      insert.bind(0, version).bindNull(1, java.sql.Types.VARCHAR).add();
    } else {
      for (String r : refs) {
        insert.bind(0, version).bind(1, r).add();
      }
    }
    insert.execute();
    if (version % 100 == 0) {
      h.createUpdate("DELETE FROM gr_entity_changes WHERE version <= ?")
          .bind(0, version - KEPT_VERSIONS)
          .execute();
    }
  }

  /**
   * Reads the change log: the current version, and the refs logged above {@code version} (or
   * "everything" when a write logged too many, when more than {@value #KEPT_VERSIONS} versions
   * passed, or when {@code version} is ahead of the database, which was then replaced).
   */
  @Override
  public EntityChanges changesSince(long version) {
    return read(
        h -> {
          long current =
              h.createQuery("SELECT version FROM gr_entity_version WHERE id = 1")
                  .mapTo(Long.class)
                  .one();
          if (version < 0 || version == current) {
            return EntityChanges.none(current);
          }
          if (version > current || current - version > KEPT_VERSIONS) {
            return EntityChanges.all(current);
          }
          List<@Nullable String> rows =
              h.createQuery(
                      "SELECT ref FROM gr_entity_changes WHERE version > ? AND version <= ?"
                          + " FETCH FIRST " + (MAX_CHANGE_ROWS + 1) + " ROWS ONLY")
                  .bind(0, version)
                  .bind(1, current)
                  .map((rs, ctx) -> rs.getString(1))
                  .list();
          if (rows.size() > MAX_CHANGE_ROWS || rows.contains(null)) {
            return EntityChanges.all(current);
          }
          Set<EntityRef> refs = new LinkedHashSet<>();
          for (String r : rows) {
            refs.add(EntityRef.parse(r));
          }
          return new EntityChanges(current, false, new ArrayList<>(refs));
        });
  }

  /**
   * The secondary indexes that a bulk load suspends: the two of {@code gr_search} keyed by (key,
   * value) pairs and the edges' target index, all filled in random key order. On H2 every commit
   * of a bulk load rewrote most of their pages (H2 copies pages on write); on PostgreSQL each row
   * cost a random B-tree descent and, once the indexes outgrew the buffer cache, page writes
   * (inserting into {@code gr_search} was a third of PostgreSQL's time in a 100,000-entity ingest,
   * at about 4x the cost per row of the same rows into the table without them). Building them once
   * afterwards from sorted input is cheaper on both. What stitching reads stays indexed: entities
   * by ref, edges by emitter and by source, search rows by entity.
   */
  private static final List<BulkIndex> BULK_INDEXES = List.of(
      new BulkIndex("gr_search_key_value", "gr_search (field_key, field_value, entity_id)"),
      new BulkIndex("gr_search_key_original", "gr_search (field_key, original_value, entity_id)"),
      new BulkIndex("gr_edges_target", "gr_edges (target, type, source)"));

  /** One of {@link #BULK_INDEXES}: its name and {@code table (columns)}. */
  private record BulkIndex(String name, String on) {
    String create() {
      return "CREATE INDEX IF NOT EXISTS " + name + " ON " + on;
    }
  }

  private volatile boolean bulkLoading;

  /**
   * Probe counts by conjunct. A probe only ranks conjuncts to pick a query's driver, so a count up
   * to a minute old ranks them as well (at most {@value #PROBE_CAP}, "many" stays "many"); without
   * the cache, every filtered page paid a probe of up to 3,000 index rows per equality conjunct,
   * half of the server's time under load.
   */
  private final com.github.benmanes.caffeine.cache.Cache<Field, Long> probeCache =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumSize(20_000)
          .expireAfterWrite(java.time.Duration.ofMinutes(1))
          .build();


  /**
   * Drops the (key, value) indexes of the search table and the edges' target index until {@link
   * #endBulkLoad()}; filters, facets and incoming-relation lookups scan meanwhile. Both steps run
   * under the store's write lock (on PostgreSQL its advisory lock, so that hosts sharing the
   * database take turns), and while {@link #endBulkLoad()} builds the indexes the tables are locked
   * for writes (on H2 for reads too: the factories' connections wait up to a minute for a lock; a
   * host's own data source should too). A store opened after a crash, or by another host while
   * this one loads, builds them again; but a host that was already running when the loading host
   * crashed reads without them until a store is opened again on the database (an empty database
   * shared by running hosts is the only case). On PostgreSQL only the tables' owner may drop indexes: a
   * role that only reads and writes rows keeps them (a warning says so) and loads with them.
   */
  @Override
  public void beginBulkLoad() {
    checkOpen();
    if (bulkLoading) {
      return;
    }
    try {
      guard("bulk load",
          () ->
              db.transaction(
                  writeLock,
                  h -> {
                    BULK_INDEXES.forEach(i -> h.execute("DROP INDEX IF EXISTS " + i.name()));
                    return null;
                  }));
    } catch (StoreException e) {
      if (dialect == Dialect.POSTGRESQL && sqlState(e, "42501")) {
        LOG.warn("bulk load keeps the search indexes: the database role does not own the catalog"
            + " store's tables, and only their owner may drop and build indexes");
        return;
      }
      throw e;
    }
    bulkLoading = true;
  }

  /**
   * Builds the indexes {@link #beginBulkLoad()} dropped; on PostgreSQL then refreshes the planner's
   * statistics of the tables, which the load changed from empty to full.
   */
  @Override
  public void endBulkLoad() {
    checkOpen();
    if (!bulkLoading) {
      return;
    }
    ensureSearchIndexes();
    if (dialect == Dialect.POSTGRESQL) {
      analyze();
    }
    bulkLoading = false;
  }

  /**
   * Creates the search indexes a bulk load (perhaps of a crashed process) dropped. On PostgreSQL
   * only the missing ones: {@code CREATE INDEX IF NOT EXISTS} needs the table's owner even when the
   * index is there, and a host's role may only read and write rows.
   */
  private void ensureSearchIndexes() {
    guard("index build",
        () ->
            db.transaction(
                writeLock,
                h -> {
                  for (BulkIndex i : BULK_INDEXES) {
                    if (dialect != Dialect.POSTGRESQL
                        || h.createQuery("SELECT to_regclass(?) IS NULL").bind(0, i.name())
                            .mapTo(Boolean.class).one()) {
                      h.execute(i.create());
                    }
                  }
                  return null;
                }));
  }

  /** Whether a {@link java.sql.SQLException} with this SQLState caused {@code e}. */
  private static boolean sqlState(Throwable e, String state) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof java.sql.SQLException s && state.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long deferredCount() {
    return read(h -> h.createQuery("SELECT COUNT(*) FROM gr_deferred").mapTo(Long.class).one());
  }

  /** Runs {@code work} in a write transaction, serialised with every other writer. */
  private WriteResult inWriteTransaction(
      String what, java.util.function.Function<JdbcStitchState, WriteResult> work) {
    try {
      return db.transaction(
          writeLock,
          h -> {
            JdbcStitchState state = new JdbcStitchState(h, dialect);
            try {
              WriteResult result = work.apply(state);
              state.flush();
              if (!result.isEmpty()) {
                logChanges(h, result);
              }
              return result;
            } finally {
              state.close();
            }
          });
    } catch (RuntimeException e) {
      throw new StoreException(what + " failed, nothing was applied: " + e.getMessage(), e);
    }
  }


  // ----------------------------------------------------------------------------------- reads

  @Override
  public Optional<Entity> get(EntityRef ref) {
    return read(
        h ->
            h.createQuery("SELECT body FROM gr_entities WHERE ref = ?")
                .bind(0, ref.toString())
                .map((rs, ctx) -> Entity.fromStoredJson(rs.getString(1)))
                .findOne());
  }

  @Override
  public Optional<Entity> getByUid(String uid) {
    return read(
        h ->
            h.createQuery("SELECT body FROM gr_entities WHERE uid = ?")
                .bind(0, uid)
                .map((rs, ctx) -> Entity.fromStoredJson(rs.getString(1)))
                .findOne());
  }

  @Override
  public List<@Nullable Entity> getAll(List<EntityRef> refs) {
    if (refs.isEmpty()) {
      return List.of();
    }
    List<String> keys = new ArrayList<>(new LinkedHashSet<>(refs.stream().map(EntityRef::toString).toList()));
    Function<Handle, Map<String, Entity>> load =
        h -> {
          Map<String, Entity> found = new HashMap<>();
          InList.chunks(
              keys,
              chunk ->
                  new Sql()
                      .append("SELECT ref, body FROM gr_entities WHERE ref IN (")
                      .bindList(chunk)
                      .append(")")
                      .query(h)
                      .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                      .forEach(e -> found.put(e.getKey(), Entity.fromStoredJson(e.getValue()))));
          return found;
        };
    Map<String, Entity> found =
        keys.size() <= InList.CHUNK
            ? read(load::apply)
            : read(h -> h.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, load::apply));
    List<@Nullable Entity> out = new ArrayList<>(refs.size());
    for (EntityRef r : refs) {
      out.add(found.get(r.toString()));
    }
    return out;
  }

  @Override
  public ScanResult scan(ScanRequest request) {
    if (request.limit() == 0) {
      return new ScanResult(List.of(), List.of());
    }
    return read(
        h -> {
          if (useSortedScan(h, request)) {
            return SortedScan.scan(h, request, dialect);
          }
          ScanSql.Split split = ScanSql.split(request.filter(), chooseDriver(h, request, true));
          List<Entity> entities = new ArrayList<>();
          List<ScanRequest.Keyset> positions = new ArrayList<>();
          ScanSql.scan(request, split)
              .forEachRow(
                  h,
                  rs -> {
                    entities.add(Entity.fromStoredJson(rs.getString(3)));
                    positions.add(new ScanRequest.Keyset(rs.getString(2), rs.getString(1)));
                  });
          return new ScanResult(entities, positions);
        });
  }

  @Override
  public long count(ScanRequest request) {
    return read(
        h ->
            ScanSql.count(
                    request, ScanSql.split(request.filter(), chooseDriver(h, request, false)))
                .oneLong(h));
  }

  /**
   * Whether a page sorted by one field (entities without it left out) should walk the sort key's
   * index ({@link SortedScan}) rather than compute and sort the sort values of every match: yes,
   * unless an equality conjunct of the filter matches fewer than {@value #PROBE_CAP} rows.
   */
  private boolean useSortedScan(Handle h, ScanRequest r) {
    if (r.sort().size() != 1 || !r.requireSortValue()) {
      return false;
    }
    if (r.after() != null && r.after().sortValue() == null) {
      return false;
    }
    Boolean forced = sortedScanOverride;
    if (forced != null) {
      return forced;
    }
    for (Field f : ScanSql.driverCandidates(r.filter())) {
      if (probe(h, f) < PROBE_CAP) {
        return false;
      }
    }
    return true;
  }

  /** How many search rows match {@code f}, counting at most {@value #PROBE_CAP}. */
  private static long probe(Handle h, Field f) {
    Sql probe = new Sql().append("SELECT COUNT(*) FROM (SELECT 1 FROM gr_search d WHERE ");
    PredicateSql.valueCondition("d", f.key(), f.match(), probe);
    probe.append(" FETCH FIRST " + PROBE_CAP + " ROWS ONLY) t");
    return probe.oneLong(h);
  }

  /**
   * The conjunct to drive a query from, or null to scan entities in ref order (see the design
   * note). Only on H2; PostgreSQL's planner chooses by itself.
   */
  private @Nullable Field chooseDriver(Handle h, ScanRequest r, boolean paged) {
    if (dialect != Dialect.H2) {
      return null;
    }
    List<Field> candidates = ScanSql.driverCandidates(r.filter());
    if (candidates.isEmpty()) {
      return null;
    }
    boolean refOrderScan = paged && r.sort().isEmpty();
    if (candidates.size() == 1 && !refOrderScan) {
      return candidates.get(0);
    }
    Field best = null;
    long bestRows = Long.MAX_VALUE;
    for (Field f : candidates) {
      long n = probeCache.get(f, key -> probe(h, key));
      if (n < bestRows) {
        best = f;
        bestRows = n;
      }
    }
    // A ref-ordered scan stops after `limit` matches; it beats driving from a large range.
    return refOrderScan && bestRows >= PROBE_CAP ? null : best;
  }

  @Override
  public Map<String, List<FacetCount>> facets(
      Collection<String> facetKeys, EntityPredicate filter) {
    Map<String, List<FacetCount>> out = new LinkedHashMap<>();
    if (facetKeys.isEmpty()) {
      return out;
    }
    List<String> keys = new ArrayList<>(new TreeSet<>(facetKeys.stream().map(SearchIndex::normalize).toList()));
    Map<String, List<FacetCount>> byKey = countedFacets(keys, filter);
    if (byKey == null) {
      byKey = computedFacets(keys, filter);
    }
    for (String given : facetKeys) {
      List<FacetCount> counts = new ArrayList<>(byKey.getOrDefault(SearchIndex.normalize(given), List.of()));
      counts.sort(Comparator.comparing(FacetCount::value));
      out.put(given, List.copyOf(counts));
    }
    return out;
  }

  /**
   * Facets of {@code keys} (normalized, distinct) from the counts kept in the write transaction
   * ({@link FacetCounts}); null when the filter is not match-all or a filter on kind alone, or
   * when a key's counts are not kept. Package-private for the tests.
   */
  @Nullable Map<String, List<FacetCount>> countedFacets(List<String> keys, EntityPredicate filter) {
    Set<String> kinds = null;
    if (!PredicateSql.isTrue(filter)) {
      kinds = FacetCounts.kinds(filter);
      if (kinds == null) {
        return null;
      }
    }
    Set<String> k = kinds;
    return read(h -> FacetCounts.read(h, keys, k));
  }

  /**
   * Facets of {@code keys} (normalized, distinct) computed from the search table, per key in no
   * order. Package-private for the tests.
   */
  Map<String, List<FacetCount>> computedFacets(List<String> keys, EntityPredicate filter) {
    return dialect == Dialect.H2 && !PredicateSql.isTrue(filter)
            ? read(h -> filteredFacetsH2(h, keys, filter))
            : read(
            h -> {
              // COUNT(*) counts entities: (entity, key, value) is unique and original_value
              // determines value, so an entity holds a given original value at most once per key.
              Sql sql =
                  new Sql()
                      .append(
                          "SELECT f.field_key, f.original_value, COUNT(*) FROM gr_search f"
                              + " WHERE f.field_key IN (")
                      .bindList(keys)
                      .append(") AND f.original_value IS NOT NULL");
              if (!PredicateSql.isTrue(filter)) {
                sql.append(" AND ");
                new PredicateSql().append(filter, "f.entity_id", sql);
              }
              sql.append(" GROUP BY f.field_key, f.original_value");
              Map<String, List<FacetCount>> m = new HashMap<>();
              sql.query(h)
                  .map((rs, ctx) -> Map.entry(rs.getString(1), new FacetCount(rs.getString(2), rs.getLong(3))))
                  .forEach(e -> m.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
              return m;
            });
  }

  /**
   * Facets under a filter on H2, counted in Java: H2 runs the filter as one correlated lookup per
   * facet row (about 2 s for {@code spec.type} under {@code kind=component} at 100,000 entities),
   * having no hash semi-join. Here the filter's entity ids are read once (the scan's own plan,
   * driven by its most selective equality) and the facet rows of each key once, and the rows of
   * matching entities are counted; the same query then takes tens of milliseconds.
   */
  private Map<String, List<FacetCount>> filteredFacetsH2(
      Handle h, List<String> keys, EntityPredicate filter) {
    ScanRequest request = ScanRequest.of(filter, 0);
    ScanSql.Split split = ScanSql.split(filter, chooseDriver(h, request, false));
    Set<Long> ids = new HashSet<>();
    new Sql()
        .append("SELECT e.id")
        .append(ScanSql.fromWhere(split, null, null))
        .query(h)
        .map((rs, ctx) -> ids.add(rs.getLong(1)))
        .forEach(x -> {});
    Map<String, List<FacetCount>> m = new HashMap<>();
    for (String key : keys) {
      Map<String, Long> counts = new HashMap<>();
      if (!ids.isEmpty()) {
        new Sql()
            .append("SELECT f.entity_id, f.original_value FROM gr_search f WHERE f.field_key = ")
            .bind(key)
            .append(" AND f.original_value IS NOT NULL")
            .query(h)
            .map(
                (rs, ctx) -> {
                  if (ids.contains(rs.getLong(1))) {
                    counts.merge(rs.getString(2), 1L, Long::sum);
                  }
                  return 1;
                })
            .forEach(x -> {});
      }
      List<FacetCount> list = new ArrayList<>();
      counts.forEach((v, n) -> list.add(new FacetCount(v, n)));
      m.put(key, list);
    }
    return m;
  }

  @Override
  public List<RelationEdge> relationsFrom(Collection<EntityRef> sources) {
    return edges("source", sources);
  }

  @Override
  public List<RelationEdge> relationsTo(Collection<EntityRef> targets) {
    return edges("target", targets);
  }

  /**
   * Distinct stitched edges (their source is a stored entity) whose {@code column} is one of
   * {@code refs}, sorted by source, type, target.
   */
  private List<RelationEdge> edges(String column, Collection<EntityRef> refs) {
    if (refs.isEmpty()) {
      return List.of();
    }
    List<String> keys = new ArrayList<>(new LinkedHashSet<>(refs.stream().map(EntityRef::toString).toList()));
    TreeSet<RelationEdge> out =
        new TreeSet<>(
            Comparator.comparing((RelationEdge e) -> e.source().toString())
                .thenComparing(RelationEdge::type)
                .thenComparing(e -> e.target().toString()));
    read(
        h -> {
          InList.chunks(
              keys,
              chunk ->
                  new Sql()
                      .append(
                          "SELECT DISTINCT g.source, g.type, g.target FROM gr_edges g WHERE g."
                              + column
                              + " IN (")
                      .bindList(chunk)
                      .append(") AND EXISTS (SELECT 1 FROM gr_entities e WHERE e.ref = g.source)")
                      .query(h)
                      .map(
                          (rs, ctx) ->
                              JdbcStitchState.edge(rs.getString(1), rs.getString(2), rs.getString(3)))
                      .forEach(out::add));
          return null;
        });
    return List.copyOf(out);
  }

  @Override
  public long size() {
    return read(h -> h.createQuery("SELECT COUNT(*) FROM gr_entities").mapTo(Long.class).one());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    db.close();
  }

  // --------------------------------------------------------------------------------- helpers

  /**
   * Runs a read on a fresh handle with the read timeout, once more after a broken connection
   * ({@link JdbcDatabase#read}), mapping failures to {@link StoreException}. Package-private for
   * the tests, which run slow statements through it.
   */
  <T> T read(Function<Handle, T> work) {
    checkOpen();
    return guard("read", () -> db.read(work));
  }

  /** Runs {@code work}; what the database throws becomes a {@link StoreException} naming {@code what}. */
  private static <T> T guard(String what, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException("catalog store " + what + " failed: " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("the catalog store is closed");
    }
  }

}
