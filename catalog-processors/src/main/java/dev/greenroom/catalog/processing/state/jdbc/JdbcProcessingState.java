package dev.greenroom.catalog.processing.state.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.state.ClaimedEntity;
import dev.greenroom.catalog.processing.state.CompletionOutcome;
import dev.greenroom.catalog.processing.state.Conflict;
import dev.greenroom.catalog.processing.state.DuplicateLocationException;
import dev.greenroom.catalog.processing.state.MutationOutcome;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.processing.state.RefreshState;
import dev.greenroom.catalog.processing.state.RegisteredLocation;
import dev.greenroom.catalog.processing.state.RunOutcome;
import dev.greenroom.catalog.processing.state.StitchInput;
import dev.greenroom.catalog.processing.state.internal.LocationKeyRule;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.JdbcOptions;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SQL {@link ProcessingStateStore}: Jdbi over H2 or PostgreSQL, in tables prefixed {@code
 * gr_proc_} that can share a database with the catalog store.
 *
 * <pre>{@code
 * JdbcEntityStore entities = JdbcEntityStore.postgres(url);
 * ProcessingStateStore state = JdbcProcessingState.create(entities.dataSource());
 * }</pre>
 *
 * <h2>Design</h2>
 *
 * <p><b>Tables</b> ({@code V1__processing_state.sql}, {@code V2__last_discovery.sql}): {@code gr_proc_refresh_state} (one row per
 * entity: JSON texts of the unprocessed and processed entity, errors, emitted relations and the
 * processors' cache; hashes; location key; {@code next_update_at} and the lease, as microseconds
 * since the epoch; indexed by ref and by {@code (next_update_at, ref)}), {@code
 * gr_proc_references} (source key or parent ref to target ref, indexed all three ways), {@code
 * gr_proc_refresh_keys}, {@code gr_proc_stitch_queue} (ref, ticket, lease, and an identity {@code
 * seq} for queue order) and {@code gr_proc_locations}. Refs are stored in their canonical lower-case
 * form, so lookups ignore case. Migrations are versioned in {@code gr_proc_schema_version}.
 *
 * <p><b>Writes</b> load what they need in chunks of {@value #CHUNK} ({@code IN} lists), decide in
 * Java exactly as {@link dev.greenroom.catalog.processing.state.MemoryProcessingState} does, and
 * write with JDBC batches; never one statement per row. Writers are serialised: a lock in the JVM,
 * plus a transaction-scoped advisory lock on PostgreSQL for several engines on one database.
 *
 * <p><b>Claims</b> do not take the writers' lock on PostgreSQL: they select due rows {@code FOR
 * UPDATE SKIP LOCKED} and lease them in the same transaction, so engines never wait for each other
 * and never claim a row another holds. Completion re-reads the outcome rows {@code FOR UPDATE}
 * before checking their lease. On H2 (one process per database) claims take the writers' lock as
 * well, shared by every store on the same database URL, and select without a locking clause: H2
 * locks every matching row before it applies the limit, which would make a claim scan the whole
 * due queue.
 */
public final class JdbcProcessingState implements ProcessingStateStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProcessingState.class);

  /** Most values in one {@code IN} list. */
  static final int CHUNK = 500;

  /** Rows per JDBC batch execution. */
  private static final int BATCH = 1_000;

  /** The processing state's schema migrations, versioned in {@code gr_proc_schema_version}. */
  public static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "processing state store",
          "gr_proc_schema_version",
          JdbcProcessingState.class,
          "/dev/greenroom/catalog/processing/state/jdbc",
          List.of("V1__processing_state.sql", "V2__last_discovery.sql"),
          0x67726e726f6f6d10L);

  private static final long PG_WRITE_LOCK_KEY = 0x67726e726f6f6d11L;

  /** The writers' locks of H2 databases, by URL: every store on one database shares one. */
  private static final Map<String, ReentrantLock> H2_LOCKS = new ConcurrentHashMap<>();

  private final JdbcDatabase db;
  private final Jdbi jdbi;
  private final boolean postgres;
  private final ReentrantLock writeLock;
  private volatile boolean closed;

  private JdbcProcessingState(
      DataSource dataSource,
      @Nullable AutoCloseable owned,
      boolean keepOneOpen,
      JdbcOptions options) {
    this.db = JdbcDatabase.open(dataSource, owned, keepOneOpen, MIGRATIONS, options);
    this.jdbi = db.jdbi();
    this.postgres = db.isPostgres();
    if (postgres) {
      this.writeLock = new ReentrantLock();
    } else {
      String url;
      try {
        url = jdbi.withHandle(h -> h.getConnection().getMetaData().getURL());
      } catch (RuntimeException | SQLException e) {
        db.close();
        throw new StoreException("cannot open processing state store: " + e.getMessage(), e);
      }
      String key = url == null ? "" : url;
      boolean first = H2_LOCKS.putIfAbsent(key, new ReentrantLock()) == null;
      this.writeLock = H2_LOCKS.get(key);
      if (first) {
        // One process at a time opens an H2 database, and no store of this JVM had opened this
        // one: every claim in it belongs to a process that is gone (killed mid-batch).
        try {
          write(h -> releaseClaims(h, null));
        } catch (RuntimeException e) {
          db.close();
          throw new StoreException("cannot open processing state store: " + e.getMessage(), e);
        }
      }
    }
  }


  /**
   * A store over the host's data source, which the store never closes. The schema is migrated to
   * the latest version before this returns.
   *
   * @throws StoreException if the database cannot be reached, is neither H2 nor PostgreSQL, or
   *     cannot be migrated
   */
  public static JdbcProcessingState create(DataSource dataSource) {
    return create(dataSource, JdbcOptions.defaults());
  }

  /**
   * {@link #create(DataSource)} with these read options: the statement timeout of reads (30 s by
   * default) and retries after a broken connection.
   */
  public static JdbcProcessingState create(DataSource dataSource, JdbcOptions options) {
    return new JdbcProcessingState(dataSource, null, false, options);
  }

  /**
   * A store in a named in-memory H2 database, dropped on {@link #close()}. Stores opened with the
   * same name in one JVM share the database while any of them is open.
   *
   * @param name letters, digits, {@code _}, {@code .} and {@code -}
   */
  public static JdbcProcessingState h2InMemory(String name) {
    HikariDataSource pool = DataSources.h2InMemory(name);
    return new JdbcProcessingState(pool, pool, true, JdbcOptions.defaults());
  }

  /**
   * A store in PostgreSQL, with a small connection pool that {@link #close()} closes. Needs
   * the PostgreSQL JDBC driver (an optional dependency) on the class path. Put {@code
   * currentSchema=...} in the URL to keep the tables in a schema of their own.
   */
  public static JdbcProcessingState postgres(String jdbcUrl) {
    HikariDataSource pool = DataSources.postgres(jdbcUrl);
    return new JdbcProcessingState(pool, pool, false, JdbcOptions.defaults());
  }

  /** The detected database: {@code "H2"} or {@code "POSTGRESQL"}. */
  public String dialectName() {
    return db.dialectName();
  }

  /** The schema version in the database. */
  public int schemaVersion() {
    return read(MIGRATIONS::currentVersion);
  }

  // ------------------------------------------------------------------------------- providers

  @Override
  public MutationOutcome applyMutation(String sourceKey, EntityMutation mutation, Instant now) {
    Objects.requireNonNull(sourceKey, "sourceKey");
    long at = StateSupport.micros(StateSupport.time(now));
    return write(
        h -> {
          // in emission order; the first of a ref is the one the location-key rule can keep
          List<DeferredEntity> emitted = new ArrayList<>();
          Map<String, DeferredEntity> adds = new LinkedHashMap<>();
          List<EntityMutation.Removal> removed = List.of();
          Set<String> current;
          if (mutation instanceof EntityMutation.Full full) {
            emitted.addAll(full.entities());
            for (DeferredEntity d : full.entities()) {
              adds.putIfAbsent(key(d.entity().ref()), d);
            }
            current =
                new HashSet<>(
                    h.createQuery("SELECT target_ref FROM gr_proc_references WHERE source_key = ?")
                        .bind(0, sourceKey)
                        .mapTo(String.class)
                        .list());
          } else if (mutation instanceof EntityMutation.Delta delta) {
            removed = delta.removed();
            Set<String> named = new LinkedHashSet<>();
            for (EntityMutation.Removal rm : removed) {
              named.add(key(rm.ref()));
            }
            emitted.addAll(delta.added());
            for (DeferredEntity d : delta.added()) {
              adds.putIfAbsent(key(d.entity().ref()), d);
              named.add(key(d.entity().ref()));
            }
            current = new HashSet<>();
            forChunks(
                named,
                chunk ->
                    current.addAll(
                        bindAll(
                                h.createQuery(
                                    "SELECT target_ref FROM gr_proc_references WHERE source_key = ?"
                                        + " AND target_ref IN ("
                                        + marks(chunk.size())
                                        + ")"),
                                chunk,
                                1)
                            .bind(0, sourceKey)
                            .mapTo(String.class)
                            .list()));
          } else {
            throw new IllegalArgumentException("unknown mutation " + mutation);
          }
          Set<String> candidates = new LinkedHashSet<>(adds.keySet());
          for (EntityMutation.Removal rm : removed) {
            candidates.add(key(rm.ref()));
          }
          Map<String, Head> heads = loadHeads(h, candidates);
          Set<String> removals = new LinkedHashSet<>();
          if (mutation instanceof EntityMutation.Full) {
            for (String r : current) {
              if (!adds.containsKey(r)) {
                removals.add(r);
              }
            }
          } else {
            for (EntityMutation.Removal rm : removed) {
              String r = key(rm.ref());
              Head head = heads.get(r);
              if (current.contains(r)
                  && head != null
                  && (rm.locationKey() == null || rm.locationKey().equals(head.locationKey))) {
                removals.add(r);
              }
            }
          }
          for (Map.Entry<String, DeferredEntity> e : adds.entrySet()) {
            Head head = heads.get(e.getKey());
            if (current.contains(e.getKey())
                && head != null
                && !Objects.equals(head.locationKey, e.getValue().locationKey())) {
              removals.add(e.getKey());
            }
          }
          Stitches stitches = new Stitches();
          Set<String> deleted = Set.of();
          if (!removals.isEmpty()) {
            batch(
                h,
                "DELETE FROM gr_proc_references WHERE source_key = ? AND target_ref = ?",
                removals,
                (b, r) -> b.bind(0, sourceKey).bind(1, r));
            deleted = eagerDelete(h, removals, stitches);
            for (String d : deleted) {
              heads.remove(d);
            }
          }
          Writes writes = new Writes(heads, at);
          Set<String> referenced = new LinkedHashSet<>();
          List<Conflict> conflicts =
              LocationKeyRule.writeAll(
                  emitted,
                  writes,
                  ref -> {
                    String r = key(ref);
                    if (!current.contains(r) || removals.contains(r)) {
                      referenced.add(r);
                    }
                  });
          writes.flush(h);
          // rows that had no reference at all and get one now stop being orphans
          List<String> adopted = new ArrayList<>();
          for (String r : referenced) {
            if (!writes.inserted.contains(r)) {
              adopted.add(r);
            }
          }
          Set<String> hadRefs = referencedAmong(h, adopted);
          for (String r : adopted) {
            if (!hadRefs.contains(r)) {
              stitches.add(r);
            }
          }
          batch(
              h,
              "INSERT INTO gr_proc_references (source_key, target_ref) VALUES (?, ?)",
              referenced,
              (b, r) -> b.bind(0, sourceKey).bind(1, r));
          stitches.flush(h);
          List<EntityRef> gone = new ArrayList<>();
          for (String d : deleted) {
            if (!writes.heads.containsKey(d)) {
              gone.add(EntityRef.parse(d));
            }
          }
          gone.sort(null);
          return new MutationOutcome(conflicts, gone);
        });
  }

  @Override
  public List<String> sourceKeys() {
    return read(
        h ->
            h.createQuery(
                    "SELECT DISTINCT source_key FROM gr_proc_references"
                        + " WHERE source_key IS NOT NULL ORDER BY source_key")
                .mapTo(String.class)
                .list());
  }

  // ------------------------------------------------------------------------------ processing

  @Override
  public List<ClaimedEntity> claim(
      String owner, int limit, Instant now, Duration lease, Supplier<Duration> nextInterval) {
    if (limit <= 0) {
      return List.of();
    }
    Instant at = StateSupport.time(now);
    long atMicros = StateSupport.micros(at);
    long until = StateSupport.micros(StateSupport.time(at.plus(lease)));
    Function<Handle, List<ClaimedEntity>> work =
        h -> {
          List<ClaimedEntity> out =
              h.createQuery(
                      "SELECT entity_ref, entity_id, unprocessed_entity, result_hash, location_key,"
                          + " cache FROM gr_proc_refresh_state WHERE next_update_at <= ?"
                          + " AND (lease_until IS NULL OR lease_until <= ?)"
                          + " ORDER BY next_update_at, entity_ref"
                          + " FETCH FIRST "
                          + limit
                          + " ROWS ONLY"
                          + skipLocked())
                  .bind(0, atMicros)
                  .bind(1, atMicros)
                  .map(
                      (rs, ctx) -> {
                        Entity e = Entity.fromJson(rs.getString(3));
                        return new ClaimedEntity(
                            e.ref(),
                            rs.getString(2),
                            e,
                            rs.getString(4),
                            rs.getString(5),
                            cache(rs.getString(6)));
                      })
                  .list();
          PreparedBatch b =
              h.prepareBatch(
                  "UPDATE gr_proc_refresh_state SET next_update_at = ?, lease_owner = ?,"
                      + " lease_until = ? WHERE entity_id = ?");
          for (ClaimedEntity c : out) {
            long next = StateSupport.micros(StateSupport.time(at.plus(nextInterval.get())));
            b.bind(0, next).bind(1, owner).bind(2, until).bind(3, c.entityId()).add();
          }
          if (b.size() > 0) {
            b.execute();
          }
          return out;
        };
    return postgres ? transaction(work) : write(work);
  }

  @Override
  public CompletionOutcome complete(String owner, List<RunOutcome> outcomes, Instant now) {
    long at = StateSupport.micros(StateSupport.time(now));
    if (outcomes.isEmpty()) {
      return new CompletionOutcome(List.of(), List.of());
    }
    return write(
        h -> {
          Set<String> refs = new LinkedHashSet<>();
          for (RunOutcome o : outcomes) {
            refs.add(key(o.ref()));
          }
          Map<String, String> owners = new HashMap<>();
          forChunks(
              refs,
              chunk ->
                  bindAll(
                          h.createQuery(
                              "SELECT entity_ref, lease_owner FROM gr_proc_refresh_state"
                                  + " WHERE entity_ref IN ("
                                  + marks(chunk.size())
                                  + ")"
                                  + (postgres ? " FOR UPDATE" : "")),
                          chunk,
                          0)
                      .map((rs, ctx) -> Map.entry(rs.getString(1), nz(rs.getString(2))))
                      .forEach(e -> owners.put(e.getKey(), e.getValue())));
          List<EntityRef> skipped = new ArrayList<>();
          List<RunOutcome> applied = new ArrayList<>();
          Set<String> seen = new HashSet<>();
          for (RunOutcome o : outcomes) {
            String r = key(o.ref());
            if (!owner.equals(owners.get(r)) || !seen.add(r)) {
              skipped.add(o.ref());
            } else {
              applied.add(o);
            }
          }
          Stitches stitches = new Stitches();
          // children: old references of the succeeded parents, heads of every child named
          List<RunOutcome.Succeeded> succeeded = new ArrayList<>();
          Set<String> childRefs = new LinkedHashSet<>();
          for (RunOutcome o : applied) {
            if (o instanceof RunOutcome.Succeeded s) {
              succeeded.add(s);
              for (DeferredEntity d : s.children()) {
                childRefs.add(key(d.entity().ref()));
              }
            }
          }
          Map<String, Set<String>> oldChildren = new HashMap<>();
          forChunks(
              succeeded.stream().map(s -> key(s.ref())).toList(),
              chunk ->
                  bindAll(
                          h.createQuery(
                              "SELECT source_ref, target_ref FROM gr_proc_references"
                                  + " WHERE source_ref IN ("
                                  + marks(chunk.size())
                                  + ")"),
                          chunk,
                          0)
                      .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                      .forEach(
                          e ->
                              oldChildren
                                  .computeIfAbsent(e.getKey(), k -> new HashSet<>())
                                  .add(e.getValue())));
          Writes writes = new Writes(loadHeads(h, childRefs), at);
          List<Conflict> conflicts = new ArrayList<>();
          List<String[]> refAdds = new ArrayList<>();
          List<String[]> refRemoves = new ArrayList<>();
          Map<String, Integer> delta = new HashMap<>();
          for (RunOutcome.Succeeded s : succeeded) {
            String parent = key(s.ref());
            Set<String> kept = new LinkedHashSet<>();
            conflicts.addAll(
                LocationKeyRule.writeAll(s.children(), writes, ref -> kept.add(key(ref))));
            Set<String> old = oldChildren.getOrDefault(parent, Set.of());
            for (String c : old) {
              if (!kept.contains(c)) {
                refRemoves.add(new String[] {parent, c});
                delta.merge(c, -1, Integer::sum);
              }
            }
            for (String c : kept) {
              if (!old.contains(c)) {
                refAdds.add(new String[] {parent, c});
                delta.merge(c, 1, Integer::sum);
              }
            }
          }
          writes.flush(h);
          // orphan status of children whose references change
          List<String> affected = new ArrayList<>();
          for (Map.Entry<String, Integer> e : delta.entrySet()) {
            if (e.getValue() != 0 && !writes.inserted.contains(e.getKey())) {
              affected.add(e.getKey());
            }
          }
          Map<String, Integer> before = incomingCounts(h, affected);
          for (String c : affected) {
            int b = before.getOrDefault(c, 0);
            int a = b + delta.get(c);
            if ((b == 0) != (a == 0)) {
              stitches.add(c);
            }
          }
          batch(
              h,
              "DELETE FROM gr_proc_references WHERE source_ref = ? AND target_ref = ?",
              refRemoves,
              (b, p) -> b.bind(0, p[0]).bind(1, p[1]));
          batch(
              h,
              "INSERT INTO gr_proc_references (source_ref, target_ref) VALUES (?, ?)",
              refAdds,
              (b, p) -> b.bind(0, p[0]).bind(1, p[1]));
          // the outcome rows themselves
          PreparedBatch release =
              h.prepareBatch(
                  "UPDATE gr_proc_refresh_state SET lease_owner = NULL, lease_until = NULL"
                      + " WHERE entity_ref = ?");
          PreparedBatch failed =
              h.prepareBatch(
                  "UPDATE gr_proc_refresh_state SET errors = ?, result_hash = ?,"
                      + " cache_ttl = CASE WHEN cache IS NULL OR cache_ttl <= 1 THEN 0"
                      + " ELSE cache_ttl - 1 END,"
                      + " cache = CASE WHEN cache_ttl <= 1 THEN NULL ELSE cache END,"
                      + " lease_owner = NULL, lease_until = NULL WHERE entity_ref = ?");
          PreparedBatch good =
              h.prepareBatch(
                  "UPDATE gr_proc_refresh_state SET processed_entity = ?, relations = ?,"
                      + " errors = NULL, result_hash = ?, cache = ?, cache_ttl = ?,"
                      + " lease_owner = NULL, lease_until = NULL WHERE entity_ref = ?");
          PreparedBatch goodKeepCache =
              h.prepareBatch(
                  "UPDATE gr_proc_refresh_state SET processed_entity = ?, relations = ?,"
                      + " errors = NULL, result_hash = ?,"
                      + " lease_owner = NULL, lease_until = NULL WHERE entity_ref = ?");
          List<String> rekeyed = new ArrayList<>();
          List<String[]> newKeys = new ArrayList<>();
          for (RunOutcome o : applied) {
            String r = key(o.ref());
            if (o instanceof RunOutcome.Failed f) {
              failed.bind(0, StateSupport.errorsJson(f.errors())).bind(1, f.resultHash()).bind(2, r);
              failed.add();
              stitches.add(r);
            } else if (o instanceof RunOutcome.Succeeded s) {
              ObjectNode cache = s.cache();
              if (cache != null) {
                good.bind(0, s.processed().toJsonString())
                    .bind(1, relationsJson(s.relations()))
                    .bind(2, s.resultHash())
                    .bind(3, cache.isEmpty() ? null : Json.write(cache))
                    .bind(4, StateSupport.CACHE_TTL)
                    .bind(5, r)
                    .add();
              } else {
                goodKeepCache
                    .bind(0, s.processed().toJsonString())
                    .bind(1, relationsJson(s.relations()))
                    .bind(2, s.resultHash())
                    .bind(3, r)
                    .add();
              }
              rekeyed.add(r);
              for (String k : StateSupport.refreshKeys(s.refreshKeys())) {
                newKeys.add(new String[] {r, k});
              }
              stitches.add(r);
            } else {
              release.bind(0, r).add();
            }
          }
          for (PreparedBatch b : List.of(release, failed, good, goodKeepCache)) {
            if (b.size() > 0) {
              b.execute();
            }
          }
          deleteIn(h, "gr_proc_refresh_keys", "entity_ref", rekeyed);
          batch(
              h,
              "INSERT INTO gr_proc_refresh_keys (entity_ref, refresh_key) VALUES (?, ?)",
              newKeys,
              (b, k) -> b.bind(0, k[0]).bind(1, k[1]));
          stitches.flush(h);
          return new CompletionOutcome(conflicts, skipped);
        });
  }

  @Override
  public boolean refreshNow(EntityRef ref, Instant now) {
    long at = StateSupport.micros(StateSupport.time(now));
    String start = key(ref);
    return write(
        h -> {
          if (loadHeads(h, List.of(start)).isEmpty()) {
            return false;
          }
          Set<String> all = new LinkedHashSet<>();
          all.add(start);
          List<String> level = List.of(start);
          for (int depth = 0; depth < StateSupport.MAX_ANCESTOR_DEPTH && !level.isEmpty(); depth++) {
            List<String> next = new ArrayList<>();
            forChunks(
                level,
                chunk ->
                    bindAll(
                            h.createQuery(
                                "SELECT DISTINCT source_ref FROM gr_proc_references"
                                    + " WHERE source_ref IS NOT NULL AND target_ref IN ("
                                    + marks(chunk.size())
                                    + ")"),
                            chunk,
                            0)
                        .mapTo(String.class)
                        .forEach(
                            p -> {
                              if (all.add(p)) {
                                next.add(p);
                              }
                            }));
            level = next;
          }
          schedule(h, all, at);
          return true;
        });
  }

  @Override
  public int refreshKeyPrefixes(Collection<String> prefixes, Instant now) {
    List<String> wanted = StateSupport.refreshKeyPrefixes(prefixes);
    long at = StateSupport.micros(StateSupport.time(now));
    return write(
        h -> {
          Set<String> refs = new LinkedHashSet<>();
          for (String p : wanted) {
            // A scan of the keys: pushes are rare next to reads, and LIKE on LOWER() cannot use
            // the key index on either database.
            refs.addAll(
                h.createQuery(
                        "SELECT DISTINCT entity_ref FROM gr_proc_refresh_keys"
                            + " WHERE LOWER(refresh_key) LIKE ? ESCAPE '!'")
                    .bind(0, likePrefix(p))
                    .mapTo(String.class)
                    .list());
          }
          schedule(h, refs, at);
          return refs.size();
        });
  }

  /** {@code prefix} as a LIKE pattern with {@code !} as the escape character. */
  private static String likePrefix(String prefix) {
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  @Override
  public int refreshKeys(Collection<String> keys, Instant now) {
    long at = StateSupport.micros(StateSupport.time(now));
    List<String> stored = StateSupport.refreshKeys(keys);
    if (stored.isEmpty()) {
      return 0;
    }
    return write(
        h -> {
          Set<String> refs = new LinkedHashSet<>();
          forChunks(
              stored,
              chunk ->
                  refs.addAll(
                      bindAll(
                              h.createQuery(
                                  "SELECT DISTINCT entity_ref FROM gr_proc_refresh_keys"
                                      + " WHERE refresh_key IN ("
                                      + marks(chunk.size())
                                      + ")"),
                              chunk,
                              0)
                          .mapTo(String.class)
                          .list()));
          schedule(h, refs, at);
          return refs.size();
        });
  }

  @Override
  public long dueCount(Instant now) {
    long at = StateSupport.micros(StateSupport.time(now));
    return read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM gr_proc_refresh_state WHERE next_update_at <= ?")
                .bind(0, at)
                .mapTo(Long.class)
                .one());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also done for every owner when an H2 database is first opened in a JVM (claims in it are
   * left over from a process that was killed). On PostgreSQL, engines that share the database
   * cannot tell a dead engine's claims from a busy one's: give a restarted engine the instance id
   * of the one it replaces ({@code CatalogEngine.Builder.instanceId}), or the claims wait for
   * their lease.
   */
  @Override
  public int releaseClaims(String owner) {
    return write(h -> releaseClaims(h, Objects.requireNonNull(owner, "owner")));
  }

  /** Frees the claims of {@code owner}, or of every owner when it is null. */
  private static int releaseClaims(Handle h, @Nullable String owner) {
    String which = owner == null ? " WHERE lease_owner IS NOT NULL" : " WHERE lease_owner = ?";
    // Claiming moved next_update_at a processing interval on; the run never completed.
    var claims = h.createUpdate("UPDATE gr_proc_refresh_state SET next_update_at = 0,"
        + " lease_owner = NULL, lease_until = NULL" + which);
    var stitches = h.createUpdate(
        "UPDATE gr_proc_stitch_queue SET lease_owner = NULL, lease_until = NULL" + which);
    if (owner != null) {
      claims.bind(0, owner);
      stitches.bind(0, owner);
    }
    int n = claims.execute() + stitches.execute();
    if (n > 0) {
      LOG.info("released {} claims left by {}", n, owner == null ? "a stopped process" : owner);
    }
    return n;
  }

  // ------------------------------------------------------------------------------- stitching

  @Override
  public List<StitchInput> claimStitches(String owner, int limit, Instant now, Duration lease) {
    if (limit <= 0) {
      return List.of();
    }
    Instant at = StateSupport.time(now);
    long atMicros = StateSupport.micros(at);
    long until = StateSupport.micros(StateSupport.time(at.plus(lease)));
    Function<Handle, List<StitchInput>> work =
        h -> {
          Map<String, String> tickets = new LinkedHashMap<>();
          h.createQuery(
                  "SELECT entity_ref, ticket FROM gr_proc_stitch_queue"
                      + " WHERE lease_until IS NULL OR lease_until <= ? ORDER BY seq"
                      + " FETCH FIRST "
                      + limit
                      + " ROWS ONLY"
                      + skipLocked())
              .bind(0, atMicros)
              .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
              .forEach(e -> tickets.put(e.getKey(), e.getValue()));
          batch(
              h,
              "UPDATE gr_proc_stitch_queue SET lease_owner = ?, lease_until = ? WHERE entity_ref = ?",
              tickets.keySet(),
              (b, r) -> b.bind(0, owner).bind(1, until).bind(2, r));
          Map<String, StitchInput> rows = new HashMap<>();
          forChunks(
              tickets.keySet(),
              chunk ->
                  bindAll(
                          h.createQuery(
                              "SELECT entity_ref, entity_id, processed_entity, errors, relations"
                                  + " FROM gr_proc_refresh_state WHERE entity_ref IN ("
                                  + marks(chunk.size())
                                  + ")"),
                          chunk,
                          0)
                      .map(
                          (rs, ctx) -> {
                            String r = rs.getString(1);
                            String p = rs.getString(3);
                            Entity processed = p == null ? null : Entity.fromJson(p);
                            return Map.entry(
                                r,
                                new StitchInput(
                                    processed == null ? EntityRef.parse(r) : processed.ref(),
                                    tickets.get(r),
                                    true,
                                    rs.getString(2),
                                    processed,
                                    StateSupport.errors(rs.getString(4)),
                                    false,
                                    relations(rs.getString(5))));
                          })
                      .forEach(e -> rows.put(e.getKey(), e.getValue())));
          Set<String> referenced = referencedAmong(h, rows.keySet());
          List<StitchInput> out = new ArrayList<>();
          for (Map.Entry<String, String> e : tickets.entrySet()) {
            StitchInput s = rows.get(e.getKey());
            if (s == null) {
              out.add(
                  new StitchInput(
                      EntityRef.parse(e.getKey()),
                      e.getValue(),
                      false,
                      null,
                      null,
                      List.of(),
                      true,
                      List.of()));
            } else {
              out.add(
                  new StitchInput(
                      s.ref(),
                      s.ticket(),
                      true,
                      s.entityId(),
                      s.processed(),
                      s.errors(),
                      !referenced.contains(e.getKey()),
                      s.relations()));
            }
          }
          return out;
        };
    return postgres ? transaction(work) : write(work);
  }

  @Override
  public void finishStitches(String owner, Collection<StitchInput> done) {
    if (done.isEmpty()) {
      return;
    }
    write(
        h -> {
          batch(
              h,
              "DELETE FROM gr_proc_stitch_queue WHERE entity_ref = ? AND ticket = ?",
              done,
              (b, s) -> b.bind(0, key(s.ref())).bind(1, s.ticket()));
          batch(
              h,
              "UPDATE gr_proc_stitch_queue SET lease_owner = NULL, lease_until = NULL"
                  + " WHERE entity_ref = ? AND lease_owner = ?",
              done,
              (b, s) -> b.bind(0, key(s.ref())).bind(1, owner));
          return null;
        });
  }

  @Override
  public long stitchQueueSize() {
    return read(
        h -> h.createQuery("SELECT COUNT(*) FROM gr_proc_stitch_queue").mapTo(Long.class).one());
  }

  // --------------------------------------------------------------------- orphans and deletion

  @Override
  public List<EntityRef> deleteOrphans(int limit, int maxRounds) {
    if (limit <= 0) {
      return List.of();
    }
    return write(
        h -> {
          List<EntityRef> out = new ArrayList<>();
          Stitches stitches = new Stitches();
          for (int round = 0; round < maxRounds; round++) {
            List<String> orphans =
                h.createQuery(
                        "SELECT r.entity_ref FROM gr_proc_refresh_state r WHERE NOT EXISTS"
                            + " (SELECT 1 FROM gr_proc_references x WHERE x.target_ref = r.entity_ref)"
                            + " ORDER BY r.entity_ref FETCH FIRST "
                            + limit
                            + " ROWS ONLY")
                    .mapTo(String.class)
                    .list();
            if (orphans.isEmpty()) {
              break;
            }
            deleteRows(h, orphans, stitches);
            for (String o : orphans) {
              out.add(EntityRef.parse(o));
            }
          }
          stitches.flush(h);
          return out;
        });
  }

  @Override
  public boolean deleteEntity(EntityRef ref, Instant now) {
    long at = StateSupport.micros(StateSupport.time(now));
    String r = key(ref);
    return write(
        h -> {
          if (loadHeads(h, List.of(r)).isEmpty()) {
            return false;
          }
          List<String> parents =
              h.createQuery(
                      "SELECT DISTINCT source_ref FROM gr_proc_references"
                          + " WHERE target_ref = ? AND source_ref IS NOT NULL")
                  .bind(0, r)
                  .mapTo(String.class)
                  .list();
          batch(
              h,
              "UPDATE gr_proc_refresh_state SET result_hash = ?, next_update_at = ?"
                  + " WHERE entity_ref = ?",
              parents,
              (b, p) -> b.bind(0, StateSupport.CHILD_WAS_DELETED).bind(1, at).bind(2, p));
          Stitches stitches = new Stitches();
          deleteRows(h, List.of(r), stitches);
          stitches.flush(h);
          return true;
        });
  }

  // ----------------------------------------------------------------------------------- reads

  @Override
  public Optional<RefreshState> get(EntityRef ref) {
    String r = key(ref);
    return read(
        h -> {
          List<String> keys =
              h.createQuery(
                      "SELECT refresh_key FROM gr_proc_refresh_keys WHERE entity_ref = ?"
                          + " ORDER BY refresh_key")
                  .bind(0, r)
                  .mapTo(String.class)
                  .list();
          return h.createQuery(
                  "SELECT entity_id, unprocessed_entity, processed_entity, result_hash, errors,"
                      + " location_key, next_update_at, last_discovery_at FROM gr_proc_refresh_state"
                      + " WHERE entity_ref = ?")
              .bind(0, r)
              .map(
                  (rs, ctx) -> {
                    Entity unprocessed = Entity.fromJson(rs.getString(2));
                    String p = rs.getString(3);
                    return new RefreshState(
                        unprocessed.ref(),
                        rs.getString(1),
                        unprocessed,
                        p == null ? null : Entity.fromJson(p),
                        rs.getString(4),
                        StateSupport.errors(rs.getString(5)),
                        rs.getString(6),
                        StateSupport.instant(rs.getLong(7)),
                        new ArrayList<>(new TreeSet<>(keys)),
                        lastDiscovery(rs, 8));
                  })
              .findOne();
        });
  }

  private static final String UNPROCESSED_COLUMNS =
      "SELECT entity_id, unprocessed_entity, processed_entity, result_hash, errors,"
          + " location_key, next_update_at, last_discovery_at FROM gr_proc_refresh_state";

  private static RefreshState unprocessedRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    Entity unprocessed = Entity.fromJson(rs.getString(2));
    String p = rs.getString(3);
    return new RefreshState(
        unprocessed.ref(),
        rs.getString(1),
        unprocessed,
        p == null ? null : Entity.fromJson(p),
        rs.getString(4),
        StateSupport.errors(rs.getString(5)),
        rs.getString(6),
        StateSupport.instant(rs.getLong(7)),
        List.of(),
        lastDiscovery(rs, 8));
  }

  private static @Nullable Instant lastDiscovery(java.sql.ResultSet rs, int column)
      throws java.sql.SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : StateSupport.instant(v);
  }

  @Override
  public Optional<RefreshState> getById(String entityId) {
    Objects.requireNonNull(entityId, "entityId");
    Optional<String> ref = read(h -> h.createQuery(
            "SELECT entity_ref FROM gr_proc_refresh_state WHERE entity_id = ?")
        .bind(0, entityId)
        .mapTo(String.class)
        .findOne());
    return ref.flatMap(r -> get(EntityRef.parse(r)));
  }

  @Override
  public List<RefreshState> unprocessed(Unprocessed which, int limit) {
    Objects.requireNonNull(which, "which");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    String hash = which == Unprocessed.FAILED ? "result_hash IS NOT NULL" : "result_hash IS NULL";
    return read(h -> h.createQuery(UNPROCESSED_COLUMNS + " WHERE processed_entity IS NULL AND "
            + hash + " ORDER BY entity_ref LIMIT ?")
        .bind(0, limit)
        .map((rs, ctx) -> unprocessedRow(rs))
        .list());
  }

  @Override
  public List<EntityRef> parentsOf(EntityRef ref) {
    return refs(
        "SELECT DISTINCT source_ref FROM gr_proc_references"
            + " WHERE target_ref = ? AND source_ref IS NOT NULL",
        key(ref));
  }

  @Override
  public List<EntityRef> childrenOf(EntityRef ref) {
    return refs("SELECT DISTINCT target_ref FROM gr_proc_references WHERE source_ref = ?", key(ref));
  }

  private List<EntityRef> refs(String sql, String arg) {
    List<EntityRef> out = new ArrayList<>();
    for (String s : read(h -> h.createQuery(sql).bind(0, arg).mapTo(String.class).list())) {
      out.add(EntityRef.parse(s));
    }
    out.sort(null);
    return out;
  }

  @Override
  public long size() {
    return read(
        h -> h.createQuery("SELECT COUNT(*) FROM gr_proc_refresh_state").mapTo(Long.class).one());
  }

  // ---------------------------------------------------------------------- registered locations

  @Override
  public RegisteredLocation addLocation(String type, String target) {
    return write(
        h -> {
          Optional<RegisteredLocation> existing =
              h.createQuery(
                      "SELECT id, type, target FROM gr_proc_locations WHERE type = ? AND target = ?")
                  .bind(0, type)
                  .bind(1, target)
                  .map((rs, ctx) -> new RegisteredLocation(rs.getString(1), rs.getString(2), rs.getString(3)))
                  .findOne();
          if (existing.isPresent()) {
            throw new DuplicateLocationException(existing.get());
          }
          RegisteredLocation l = new RegisteredLocation(UUID.randomUUID().toString(), type, target);
          h.createUpdate("INSERT INTO gr_proc_locations (id, type, target) VALUES (?, ?, ?)")
              .bind(0, l.id())
              .bind(1, type)
              .bind(2, target)
              .execute();
          return l;
        });
  }

  @Override
  public Optional<RegisteredLocation> location(String id) {
    return read(
        h ->
            h.createQuery("SELECT id, type, target FROM gr_proc_locations WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> new RegisteredLocation(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne());
  }

  @Override
  public List<RegisteredLocation> locations() {
    return read(
        h ->
            h.createQuery("SELECT id, type, target FROM gr_proc_locations ORDER BY seq")
                .map((rs, ctx) -> new RegisteredLocation(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list());
  }

  @Override
  public boolean removeLocation(String id) {
    return write(
        h -> h.createUpdate("DELETE FROM gr_proc_locations WHERE id = ?").bind(0, id).execute() > 0);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    db.close();
  }

  // ------------------------------------------------------------------------ shared operations

  /** What a row holds that the location-key rule needs. */
  private static final class Head implements LocationKeyRule.Held {
    final String entityId;
    String hash;
    @Nullable String locationKey;

    Head(String entityId, String hash, @Nullable String locationKey) {
      this.entityId = entityId;
      this.hash = hash;
      this.locationKey = locationKey;
    }

    @Override
    public String unprocessedHash() {
      return hash;
    }

    @Override
    public @Nullable String locationKey() {
      return locationKey;
    }
  }

  private static Map<String, Head> loadHeads(Handle h, Collection<String> refs) {
    Map<String, Head> out = new HashMap<>();
    forChunks(
        refs,
        chunk ->
            bindAll(
                    h.createQuery(
                        "SELECT entity_ref, entity_id, unprocessed_hash, location_key"
                            + " FROM gr_proc_refresh_state WHERE entity_ref IN ("
                            + marks(chunk.size())
                            + ")"),
                    chunk,
                    0)
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getString(1),
                            new Head(rs.getString(2), rs.getString(3), rs.getString(4))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /**
   * Unprocessed writes decided by {@link LocationKeyRule} against preloaded heads (every ref written
   * must have been looked up), buffered and flushed in batches.
   */
  private static final class Writes implements LocationKeyRule.Rows {
    final Map<String, Head> heads;
    final long at;
    final Map<String, Object[]> inserts = new LinkedHashMap<>();
    final Map<String, Object[]> updates = new LinkedHashMap<>();
    final Set<String> inserted = new HashSet<>();

    Writes(Map<String, Head> heads, long at) {
      this.heads = heads;
      this.at = at;
    }

    @Override
    public LocationKeyRule.@Nullable Held held(EntityRef ref) {
      return heads.get(key(ref));
    }

    @Override
    public void insert(DeferredEntity d, String hash) {
      String ref = key(d.entity().ref());
      Head head = new Head(UUID.randomUUID().toString(), hash, d.locationKey());
      heads.put(ref, head);
      inserted.add(ref);
      inserts.put(ref, new Object[] {head.entityId, ref, d.entity().toJsonString(), hash, d.locationKey(), at, at});
    }

    @Override
    public void update(DeferredEntity d, String hash) {
      String ref = key(d.entity().ref());
      Head head = heads.get(ref);
      head.hash = hash;
      head.locationKey = d.locationKey();
      String json = d.entity().toJsonString();
      if (inserts.containsKey(ref)) {
        // inserted by this operation: the insert carries the newer data
        inserts.put(ref, new Object[] {head.entityId, ref, json, hash, d.locationKey(), at, at});
      } else {
        updates.put(ref, new Object[] {json, hash, d.locationKey(), at, at, ref});
      }
    }

    void flush(Handle h) {
      batch(
          h,
          "INSERT INTO gr_proc_refresh_state (entity_id, entity_ref, unprocessed_entity,"
              + " unprocessed_hash, location_key, next_update_at, last_discovery_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)",
          inserts.values(),
          JdbcProcessingState::bindRow);
      batch(
          h,
          "UPDATE gr_proc_refresh_state SET unprocessed_entity = ?, unprocessed_hash = ?,"
              + " location_key = ?, next_update_at = ?, last_discovery_at = ? WHERE entity_ref = ?",
          updates.values(),
          JdbcProcessingState::bindRow);
    }
  }

  private static void bindRow(PreparedBatch b, Object[] values) {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        b.bindNull(i, java.sql.Types.VARCHAR);
      } else if (v instanceof Long l) {
        b.bind(i, l.longValue());
      } else {
        b.bind(i, (String) v);
      }
    }
  }

  /** Refs queued for stitching in one transaction, written with new tickets at the end. */
  private final class Stitches {
    final Set<String> refs = new TreeSet<>();

    void add(String ref) {
      refs.add(ref);
    }

    void flush(Handle h) {
      String sql =
          postgres
              ? "INSERT INTO gr_proc_stitch_queue (entity_ref, ticket) VALUES (?, ?)"
                  + " ON CONFLICT (entity_ref) DO UPDATE SET ticket = EXCLUDED.ticket"
              : "MERGE INTO gr_proc_stitch_queue (entity_ref, ticket) KEY (entity_ref)"
                  + " VALUES (?, ?)";
      batch(h, sql, refs, (b, r) -> b.bind(0, r).bind(1, UUID.randomUUID().toString()));
      refs.clear();
    }
  }

  /** Deletes what losing references left unreferenced (see {@link StateSupport#eagerDeletion}). */
  private static Set<String> eagerDelete(Handle h, Set<String> roots, Stitches stitches) {
    Set<EntityRef> doomed =
        StateSupport.eagerDeletion(
            roots.stream().map(EntityRef::parse).toList(),
            level -> {
              Map<EntityRef, Set<EntityRef>> m = new HashMap<>();
              forChunks(
                  level.stream().map(JdbcProcessingState::key).toList(),
                  chunk ->
                      bindAll(
                              h.createQuery(
                                  "SELECT source_ref, target_ref FROM gr_proc_references"
                                      + " WHERE source_ref IN ("
                                      + marks(chunk.size())
                                      + ")"),
                              chunk,
                              0)
                          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                          .forEach(
                              e ->
                                  m.computeIfAbsent(EntityRef.parse(e.getKey()), k -> new HashSet<>())
                                      .add(EntityRef.parse(e.getValue()))));
              return m;
            },
            all -> {
              Map<EntityRef, Boolean> fromSource = new HashMap<>();
              Map<EntityRef, Set<EntityRef>> parents = new HashMap<>();
              forChunks(
                  all.stream().map(JdbcProcessingState::key).toList(),
                  chunk ->
                      bindAll(
                              h.createQuery(
                                  "SELECT target_ref, source_key, source_ref FROM gr_proc_references"
                                      + " WHERE target_ref IN ("
                                      + marks(chunk.size())
                                      + ")"),
                              chunk,
                              0)
                          .map(
                              (rs, ctx) ->
                                  new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                          .forEach(
                              row -> {
                                EntityRef t = EntityRef.parse(row[0]);
                                if (row[1] != null) {
                                  fromSource.put(t, true);
                                }
                                if (row[2] != null) {
                                  parents
                                      .computeIfAbsent(t, k -> new HashSet<>())
                                      .add(EntityRef.parse(row[2]));
                                }
                              }));
              Map<EntityRef, StateSupport.Incoming> m = new HashMap<>();
              for (EntityRef r : all) {
                m.put(
                    r,
                    new StateSupport.Incoming(
                        fromSource.getOrDefault(r, false), parents.getOrDefault(r, Set.of())));
              }
              return m;
            });
    List<String> keys = doomed.stream().map(JdbcProcessingState::key).toList();
    deleteRows(h, keys, stitches);
    return new LinkedHashSet<>(keys);
  }

  /**
   * Deletes rows with every reference to and from them and their refresh keys; queues them, and
   * the surviving children that became orphans, for stitching.
   */
  private static void deleteRows(Handle h, List<String> refs, Stitches stitches) {
    if (refs.isEmpty()) {
      return;
    }
    Set<String> children = new HashSet<>();
    forChunks(
        refs,
        chunk ->
            children.addAll(
                bindAll(
                        h.createQuery(
                            "SELECT DISTINCT target_ref FROM gr_proc_references"
                                + " WHERE source_ref IN ("
                                + marks(chunk.size())
                                + ")"),
                        chunk,
                        0)
                    .mapTo(String.class)
                    .list()));
    deleteIn(h, "gr_proc_references", "source_ref", refs);
    deleteIn(h, "gr_proc_references", "target_ref", refs);
    deleteIn(h, "gr_proc_refresh_keys", "entity_ref", refs);
    deleteIn(h, "gr_proc_refresh_state", "entity_ref", refs);
    for (String r : refs) {
      stitches.add(r);
      children.remove(r);
    }
    if (!children.isEmpty()) {
      Set<String> alive = loadHeads(h, children).keySet();
      Set<String> referenced = referencedAmong(h, alive);
      for (String c : alive) {
        if (!referenced.contains(c)) {
          stitches.add(c);
        }
      }
    }
  }

  /** Which of {@code refs} have at least one incoming reference. */
  private static Set<String> referencedAmong(Handle h, Collection<String> refs) {
    Set<String> out = new HashSet<>();
    forChunks(
        refs,
        chunk ->
            out.addAll(
                bindAll(
                        h.createQuery(
                            "SELECT DISTINCT target_ref FROM gr_proc_references WHERE target_ref IN ("
                                + marks(chunk.size())
                                + ")"),
                        chunk,
                        0)
                    .mapTo(String.class)
                    .list()));
    return out;
  }

  /** Incoming reference counts of {@code refs} (absent: none). */
  private static Map<String, Integer> incomingCounts(Handle h, Collection<String> refs) {
    Map<String, Integer> out = new HashMap<>();
    forChunks(
        refs,
        chunk ->
            bindAll(
                    h.createQuery(
                        "SELECT target_ref, COUNT(*) FROM gr_proc_references WHERE target_ref IN ("
                            + marks(chunk.size())
                            + ") GROUP BY target_ref"),
                    chunk,
                    0)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  private static void schedule(Handle h, Collection<String> refs, long at) {
    forChunks(
        refs,
        chunk ->
            bindAll(
                    h.createUpdate(
                        "UPDATE gr_proc_refresh_state SET next_update_at = ? WHERE entity_ref IN ("
                            + marks(chunk.size())
                            + ")"),
                    chunk,
                    1)
                .bind(0, at)
                .execute());
  }

  private static void deleteIn(Handle h, String table, String column, Collection<String> values) {
    forChunks(
        values,
        chunk ->
            bindAll(
                    h.createUpdate(
                        "DELETE FROM "
                            + table
                            + " WHERE "
                            + column
                            + " IN ("
                            + marks(chunk.size())
                            + ")"),
                    chunk,
                    0)
                .execute());
  }

  // --------------------------------------------------------------------------------- helpers

  /**
   * The locking clause of claims: {@code FOR UPDATE SKIP LOCKED} on PostgreSQL. None on H2, whose
   * claims hold the writers' lock anyway, and which would lock every matching row before applying
   * the limit (hundreds of milliseconds at 100,000 due rows instead of microseconds).
   */
  private String skipLocked() {
    return postgres ? " FOR UPDATE SKIP LOCKED" : "";
  }

  /** The canonical, lower-case form stored in ref columns. */
  static String key(EntityRef ref) {
    return ref.toString();
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static ObjectNode cache(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return Json.object();
    }
    JsonNode n = Json.parse(json);
    return n instanceof ObjectNode o ? o : Json.object();
  }

  /** Relations as stored: {@code [[source, type, target], ...]}, refs with their case. */
  static String relationsJson(List<RelationEdge> edges) {
    ArrayNode a = Json.nodes().arrayNode();
    for (RelationEdge e : edges) {
      ArrayNode x = a.addArray();
      x.add(written(e.source()));
      x.add(e.type());
      x.add(written(e.target()));
    }
    return Json.write(a);
  }

  private static String written(EntityRef r) {
    return r.kind() + ":" + r.namespace() + "/" + r.name();
  }

  static List<RelationEdge> relations(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonNode a = Json.parse(json);
    List<RelationEdge> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonNode x = a.get(i);
      out.add(
          new RelationEdge(
              EntityRef.parse(x.get(0).asString()),
              x.get(1).asString(),
              EntityRef.parse(x.get(2).asString())));
    }
    return out;
  }

  static String marks(int n) {
    StringBuilder sb = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('?');
    }
    return sb.toString();
  }

  private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindAll(
      S statement, List<String> values, int from) {
    for (int i = 0; i < values.size(); i++) {
      statement.bind(from + i, values.get(i));
    }
    return statement;
  }

  private static void forChunks(Collection<String> values, Consumer<List<String>> work) {
    List<String> list = values instanceof List<String> l ? l : new ArrayList<>(values);
    for (int i = 0; i < list.size(); i += CHUNK) {
      work.accept(list.subList(i, Math.min(list.size(), i + CHUNK)));
    }
  }

  private static <T> void batch(
      Handle h,
      String sql,
      Collection<T> items,
      java.util.function.BiConsumer<PreparedBatch, T> bind) {
    if (items.isEmpty()) {
      return;
    }
    PreparedBatch b = h.prepareBatch(sql);
    for (T item : items) {
      bind.accept(b, item);
      b.add();
      if (b.size() >= BATCH) {
        b.execute();
        b = h.prepareBatch(sql);
      }
    }
    if (b.size() > 0) {
      b.execute();
    }
  }

  /** Runs {@code work} in a transaction holding the writers' lock. */
  private <T> T write(Function<Handle, T> work) {
    checkOpen();
    writeLock.lock();
    try {
      return guard(
          () ->
              jdbi.inTransaction(
                  h -> {
                    if (postgres) {
                      h.createQuery("SELECT pg_advisory_xact_lock(?)")
                          .bind(0, PG_WRITE_LOCK_KEY)
                          .mapToMap()
                          .one();
                    }
                    return work.apply(h);
                  }));
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code work} in a transaction of its own, without the writers' lock. */
  private <T> T transaction(Function<Handle, T> work) {
    checkOpen();
    return guard(() -> jdbi.inTransaction(work::apply));
  }

  /** A read with the read timeout, run once more after a broken connection (JdbcDatabase.read). */
  private <T> T read(Function<Handle, T> work) {
    checkOpen();
    return guard(() -> db.read(work));
  }

  private static <T> T guard(Supplier<T> work) {
    try {
      return work.get();
    } catch (StoreException | DuplicateLocationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException("processing state store failed: " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("the processing state store is closed");
    }
  }

}
