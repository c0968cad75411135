package dev.greenroom.catalog.processing.state.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.state.ClaimedEntity;
import dev.greenroom.catalog.processing.state.CompletionOutcome;
import dev.greenroom.catalog.processing.state.DuplicateLocationException;
import dev.greenroom.catalog.processing.state.MutationOutcome;
import dev.greenroom.catalog.processing.state.ProcessingStateStore;
import dev.greenroom.catalog.processing.state.RefreshState;
import dev.greenroom.catalog.processing.state.RegisteredLocation;
import dev.greenroom.catalog.processing.state.RunOutcome;
import dev.greenroom.catalog.processing.state.StitchInput;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.JdbcOptions;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import dev.greenroom.catalog.store.jdbc.WriteLock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

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
 * <p><b>Operations.</b> This class opens the database, takes the locks and runs each operation in
 * its transaction; the SQL is in one package-private class per operation: {@code ApplyMutation},
 * {@code CompleteRuns}, {@code ClaimDue}, {@code ReleaseClaims}, {@code Reschedule}, {@code
 * DeleteRows}, {@code StitchQueue}, {@code Locations} and {@code ReadState}, over the shared {@code
 * References} and {@code UnprocessedWrites}. The decisions are {@code state.internal}'s {@code
 * StatePlanner} and {@code LocationKeyRule}, which the memory store executes as well.
 *
 * <p><b>Writes</b> load what they need in chunks ({@code IN} lists bound with catalog-core's {@code
 * InList}), decide with the planner, and write with JDBC batches; never one statement per row.
 * Writers are serialised by one {@link WriteLock} ({@link JdbcDatabase#transaction(WriteLock,
 * Function)}): a lock in the JVM, plus a transaction-scoped advisory lock on PostgreSQL for several
 * engines on one database.
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
  private static final Map<String, WriteLock> H2_LOCKS = new ConcurrentHashMap<>();

  private final JdbcDatabase db;
  private final boolean postgres;
  private final WriteLock writeLock;
  private volatile boolean closed;

  private JdbcProcessingState(
      DataSource dataSource,
      @Nullable AutoCloseable owned,
      boolean keepOneOpen,
      JdbcOptions options) {
    this.db = JdbcDatabase.open(dataSource, owned, keepOneOpen, MIGRATIONS, options);
    this.postgres = db.isPostgres();
    if (postgres) {
      this.writeLock = new WriteLock(PG_WRITE_LOCK_KEY);
    } else {
      String url;
      try {
        url = db.jdbi().withHandle(h -> h.getConnection().getMetaData().getURL());
      } catch (RuntimeException | SQLException e) {
        db.close();
        throw new StoreException("cannot open processing state store: " + e.getMessage(), e);
      }
      String key = url == null ? "" : url;
      boolean first = H2_LOCKS.putIfAbsent(key, new WriteLock(PG_WRITE_LOCK_KEY)) == null;
      this.writeLock = H2_LOCKS.get(key);
      if (first) {
        // One process at a time opens an H2 database, and no store of this JVM had opened this
        // one: every claim in it belongs to a process that is gone (killed mid-batch).
        try {
          write(h -> ReleaseClaims.run(h, null));
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
    Objects.requireNonNull(mutation, "mutation");
    long at = micros(now);
    return write(h -> ApplyMutation.run(h, postgres, sourceKey, mutation, at));
  }

  @Override
  public List<String> sourceKeys() {
    return read(ReadState::sourceKeys);
  }

  // ------------------------------------------------------------------------------ processing

  @Override
  public List<ClaimedEntity> claim(
      String owner, int limit, Instant now, Duration lease, Supplier<Duration> nextInterval) {
    if (limit <= 0) {
      return List.of();
    }
    Instant at = StateSupport.time(now);
    Function<Handle, List<ClaimedEntity>> work =
        h -> ClaimDue.run(h, postgres, owner, limit, at, lease, nextInterval);
    return postgres ? transaction(work) : write(work);
  }

  @Override
  public CompletionOutcome complete(String owner, List<RunOutcome> outcomes, Instant now) {
    long at = micros(now);
    if (outcomes.isEmpty()) {
      return new CompletionOutcome(List.of(), List.of());
    }
    return write(h -> CompleteRuns.run(h, postgres, owner, outcomes, at));
  }

  @Override
  public boolean refreshNow(EntityRef ref, Instant now) {
    long at = micros(now);
    return write(h -> Reschedule.refAndAncestors(h, ref, at));
  }

  @Override
  public int refreshKeyPrefixes(Collection<String> prefixes, Instant now) {
    List<String> wanted = StateSupport.refreshKeyPrefixes(prefixes);
    long at = micros(now);
    return write(h -> Reschedule.keyPrefixes(h, wanted, at));
  }

  @Override
  public int refreshKeys(Collection<String> keys, Instant now) {
    long at = micros(now);
    List<String> stored = StateSupport.refreshKeys(keys);
    if (stored.isEmpty()) {
      return 0;
    }
    return write(h -> Reschedule.keys(h, stored, at));
  }

  @Override
  public long dueCount(Instant now) {
    long at = micros(now);
    return read(h -> ReadState.due(h, at));
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
    Objects.requireNonNull(owner, "owner");
    return write(h -> ReleaseClaims.run(h, owner));
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
        h -> StitchQueue.claim(h, postgres, owner, limit, atMicros, until);
    return postgres ? transaction(work) : write(work);
  }

  @Override
  public void finishStitches(String owner, Collection<StitchInput> done) {
    if (done.isEmpty()) {
      return;
    }
    write(
        h -> {
          StitchQueue.finish(h, owner, done);
          return null;
        });
  }

  @Override
  public long stitchQueueSize() {
    return read(StitchQueue::size);
  }

  // --------------------------------------------------------------------- orphans and deletion

  @Override
  public List<EntityRef> deleteOrphans(int limit, int maxRounds) {
    if (limit <= 0) {
      return List.of();
    }
    return write(
        h -> {
          StitchQueue stitches = new StitchQueue(h, postgres);
          List<EntityRef> out = new DeleteRows(h, stitches).orphans(limit, maxRounds);
          stitches.flush();
          return out;
        });
  }

  @Override
  public boolean deleteEntity(EntityRef ref, Instant now) {
    long at = micros(now);
    return write(
        h -> {
          StitchQueue stitches = new StitchQueue(h, postgres);
          boolean found = new DeleteRows(h, stitches).explicit(ref, at);
          stitches.flush();
          return found;
        });
  }

  // ----------------------------------------------------------------------------------- reads

  @Override
  public Optional<RefreshState> get(EntityRef ref) {
    String r = StateSql.key(ref);
    return read(h -> ReadState.row(h, r));
  }

  @Override
  public Optional<RefreshState> getById(String entityId) {
    Objects.requireNonNull(entityId, "entityId");
    return read(h -> ReadState.refOf(h, entityId).flatMap(r -> ReadState.row(h, r)));
  }

  @Override
  public List<RefreshState> unprocessed(Unprocessed which, int limit) {
    Objects.requireNonNull(which, "which");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return read(h -> ReadState.unprocessed(h, which, limit));
  }

  @Override
  public List<EntityRef> parentsOf(EntityRef ref) {
    String r = StateSql.key(ref);
    return read(h -> ReadState.neighbours(h, r, true));
  }

  @Override
  public List<EntityRef> childrenOf(EntityRef ref) {
    String r = StateSql.key(ref);
    return read(h -> ReadState.neighbours(h, r, false));
  }

  @Override
  public long size() {
    return read(h -> ReadState.count(h, "gr_proc_refresh_state"));
  }

  // ---------------------------------------------------------------------- registered locations

  @Override
  public RegisteredLocation addLocation(String type, String target) {
    return write(h -> Locations.add(h, type, target));
  }

  @Override
  public Optional<RegisteredLocation> location(String id) {
    return read(h -> Locations.byId(h, id));
  }

  @Override
  public List<RegisteredLocation> locations() {
    return read(Locations::all);
  }

  @Override
  public boolean removeLocation(String id) {
    return write(h -> Locations.remove(h, id));
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

  private static long micros(Instant now) {
    return StateSupport.micros(StateSupport.time(now));
  }

  /** Runs {@code work} in a transaction holding the writers' lock. */
  private <T> T write(Function<Handle, T> work) {
    checkOpen();
    return guard(() -> db.transaction(writeLock, work));
  }

  /** Runs {@code work} in a transaction of its own, without the writers' lock. */
  private <T> T transaction(Function<Handle, T> work) {
    checkOpen();
    return guard(() -> db.transaction(work));
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
