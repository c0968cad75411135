package dev.greenroom.benchmarks;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.SyntheticCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * How close ingestion is to the floor the database sets: the same entities written three ways,
 * each timed (wall and JVM CPU) in one JVM, on H2 or PostgreSQL.
 *
 * <ol>
 *   <li><b>store</b>: the processed entities (the synthetic catalog with the location annotations
 *       the engine adds, and {@link BuiltinRelations} as their emitted relations) written straight
 *       to the catalog store in bulk-load mode, batches of 1,000 with re-stitching deferred, as the
 *       engine's stitcher does, then the deferred re-stitch and the index build. This is the
 *       engine without reading files, processing or processing state.
 *   <li><b>raw</b>: the rows that run left in {@code gr_entities}, {@code gr_search} and {@code
 *       gr_edges}, copied into an empty schema of the same version with plain JDBC batches (one
 *       transaction per 1,000 entities' rows), the search and edge indexes the store suspends in a
 *       bulk load dropped first and built at the end. Nothing computes anything: this is what the
 *       database needs to take in the final catalog, with this schema.
 *   <li><b>state</b>: the processing state's share at its smallest: one {@code
 *       gr_proc_refresh_state} row per entity with its unprocessed and processed JSON and emitted
 *       relations, inserted in batches of 500; nothing else of the state's bookkeeping. Then the
 *       same without the processed JSON: what keeping the processed entity only in the store
 *       could save at most.
 *   <li><b>search keys</b>: the search rows alone copied into a table with the store's indexes
 *       twice, keys as text and keys as integers of a dictionary: what integer keys could save.
 * </ol>
 *
 * <p>The copies stream: the source rows are read through a cursor ({@link Source}: autocommit
 * off and a fetch size, so that PostgreSQL's driver does not load a whole result set), one batch
 * at a time, so that memory stays bounded and time is linear in rows at any N. Reading a batch is
 * not part of the lap: the raw and search-key laps time only the writes into the empty schema and
 * the index builds, as when all rows were read before the lap; the reads' own time is printed
 * apart ("source reads, not in the laps").
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.IngestFloorBenchmark h2 10000
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.greenroom.benchmarks.IngestFloorBenchmark pg 10000
 * </pre>
 */
public final class IngestFloorBenchmark {
  private static final int BATCH = 1_000;

  /** The PostgreSQL server's CPU seconds so far (a growing total), NaN on H2 (in process). */
  private static java.util.function.DoubleSupplier serverCpu = () -> Double.NaN;

  private IngestFloorBenchmark() {}

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "h2";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = IngestBenchmark.benchDir();
    List<WriteBatch.Upsert> upserts = processed(n);

    IngestBenchmark.Backend first = IngestBenchmark.open(backend, n, dir, false);
    IngestBenchmark.Backend second = IngestBenchmark.open(backend, n, dir, false);
    ServerCpu server = backend.equals("pg")
        ? ServerCpu.postgres(((JdbcEntityStore) first.store()).dataSource()) : null;
    if (server != null) {
      serverCpu = server::seconds;
    }
    try {
      EntityStore store = first.store();
      Stopwatch t = Stopwatch.started();
      store.beginBulkLoad();
      for (int i = 0; i < upserts.size(); i += BATCH) {
        WriteBatch b = new WriteBatch().deferRestitch();
        upserts.subList(i, Math.min(upserts.size(), i + BATCH)).forEach(b::upsert);
        store.write(b);
      }
      while (store.deferredCount() > 0) {
        store.restitchDeferred(BATCH);
      }
      store.endBulkLoad();
      Lap storeLap = t.stopAndLap();
      long entities = store.size();

      JdbcEntityStore from = (JdbcEntityStore) store;
      JdbcEntityStore to = (JdbcEntityStore) second.store();
      long searchRows = count(from, "gr_search");
      long edges = count(from, "gr_edges");
      Stopwatch rawWatch = new Stopwatch();
      Stopwatch rawReads = new Stopwatch();
      raw(from, to, count(from, "gr_entities"), searchRows, edges, rawWatch, rawReads);
      Lap rawLap = rawWatch.lap();

      t = Stopwatch.started();
      state(to, upserts, true);
      Lap stateLap = t.stopAndLap();
      try (Connection c = to.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("DELETE FROM gr_proc_refresh_state");
      }
      t = Stopwatch.started();
      state(to, upserts, false);
      Lap stateLeanLap = t.stopAndLap();

      // the search rows alone, into two fresh tables with the store's three indexes: keys as
      // text (as gr_search is) and keys as integers of a dictionary
      Stopwatch textWatch = new Stopwatch();
      Stopwatch searchReads = new Stopwatch();
      searchCopy(from, to, false, textWatch, searchReads);
      Lap textKeys = textWatch.lap();
      Stopwatch intWatch = new Stopwatch();
      searchCopy(from, to, true, intWatch, searchReads);
      Lap intKeys = intWatch.lap();
      Lap rawRead = rawReads.lap();
      Lap searchRead = searchReads.lap();

      System.out.printf(Locale.ROOT,
          "floor %s N=%,d: %,d entities, %,d search rows, %,d edges%n"
              + "  store (bulk write, deferred re-stitch, index build): %.2f s, CPU %.1f s%n"
              + "  raw (JDBC copy of the final rows, indexes built after): %.2f s, CPU %.1f s%n"
              + "  state (one refresh-state row per entity): %.2f s, CPU %.1f s;"
              + " without the processed entity: %.2f s, CPU %.1f s%n"
              + "  search rows alone, text keys: %.2f s, CPU %.1f s; integer keys: %.2f s, CPU %.1f s%n"
              + "  source reads, not in the laps: raw %.2f s, CPU %.1f s;"
              + " search rows (both copies) %.2f s, CPU %.1f s%n"
              + "  PostgreSQL server CPU (NaN on H2): store %.1f s, raw %.1f s, state %.1f s,"
              + " without the processed entity %.1f s, text keys %.1f s, integer keys %.1f s%n",
          backend, n, entities, searchRows, edges, storeLap.seconds(), storeLap.cpu(),
          rawLap.seconds(), rawLap.cpu(), stateLap.seconds(), stateLap.cpu(),
          stateLeanLap.seconds(), stateLeanLap.cpu(), textKeys.seconds(), textKeys.cpu(),
          intKeys.seconds(), intKeys.cpu(), rawRead.seconds(), rawRead.cpu(),
          searchRead.seconds(), searchRead.cpu(), storeLap.server(), rawLap.server(),
          stateLap.server(), stateLeanLap.server(), textKeys.server(), intKeys.server());
      // the JSON line: each lap's seconds and JVM CPU, then the PostgreSQL CPU of the written ones
      java.util.LinkedHashMap<String, Lap> laps = new java.util.LinkedHashMap<>();
      laps.put("store", storeLap);
      laps.put("raw", rawLap);
      laps.put("state", stateLap);
      laps.put("stateLean", stateLeanLap);
      laps.put("searchTextKeys", textKeys);
      laps.put("searchIntKeys", intKeys);
      laps.put("rawRead", rawRead);
      laps.put("searchRead", searchRead);
      StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
          "{\"benchmark\":\"ingest-floor\",\"backend\":\"%s\",\"n\":%d,\"entities\":%d,"
              + "\"searchRows\":%d,\"edges\":%d",
          backend, n, entities, searchRows, edges));
      laps.forEach((name, lap) -> json.append(String.format(Locale.ROOT,
          ",\"%sSeconds\":%.3f,\"%sCpu\":%.2f", name, lap.seconds(), name, lap.cpu())));
      laps.forEach((name, lap) -> {
        if (!name.endsWith("Read")) {
          json.append(",\"").append(name).append("ServerCpu\":").append(json(lap.server()));
        }
      });
      System.out.println(json.append('}'));
    } finally {
      if (server != null) {
        server.close();
      }
      first.store().close();
      second.store().close();
      first.cleanup().run();
      second.cleanup().run();
    }
  }

  /** The synthetic catalog as the engine hands it to the store: annotated, with its relations. */
  private static List<WriteBatch.Upsert> processed(int n) {
    List<WriteBatch.Upsert> out = new ArrayList<>(n);
    for (ObjectNode raw : SyntheticCatalog.generate(n, 42)) {
      ObjectNode annotations = ((ObjectNode) raw.get("metadata")).withObject("annotations");
      String kind = raw.get("kind").asString().toLowerCase(Locale.ROOT);
      annotations.put("backstage.io/managed-by-location", "file:/tmp/catalog/" + kind + "-000.yaml");
      annotations.put("backstage.io/managed-by-origin-location", "file:/tmp/catalog/location.yaml");
      Entity e = Entity.fromJson(raw);
      List<RelationEdge> rels = BuiltinRelations.of(e);
      out.add(new WriteBatch.Upsert(e, rels, UUID.randomUUID().toString(), false, List.of()));
    }
    return out;
  }

  private static long count(JdbcEntityStore store, String table) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The rows of one query read through a cursor, a batch at a time: on a connection with
   * autocommit off and a fetch size, so that PostgreSQL's driver fetches {@code FETCH} rows per
   * round trip instead of the whole result (H2 keeps large results on disk either way). Several
   * sources may share one connection (one read-only transaction, one consistent view).
   */
  private static final class Source implements AutoCloseable {
    private static final int FETCH = 10_000;
    private final Statement statement;
    private final ResultSet rs;
    private final int width;
    private boolean done;

    Source(Connection c, String sql) throws SQLException {
      statement = c.createStatement();
      statement.setFetchSize(FETCH);
      rs = statement.executeQuery(sql);
      width = rs.getMetaData().getColumnCount();
    }

    /** The next {@code count} rows at most; empty when all were read. */
    List<Object[]> next(int count) throws SQLException {
      List<Object[]> out = new ArrayList<>(Math.min(count, FETCH));
      while (!done && out.size() < count) {
        if (!rs.next()) {
          done = true;
          break;
        }
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
          row[i] = rs.getObject(i + 1);
        }
        out.add(row);
      }
      return out;
    }

    @Override
    public void close() throws SQLException {
      try (statement) {
        rs.close();
      }
    }
  }

  /** A connection for {@link Source}s: autocommit off, which the PostgreSQL cursor needs. */
  private static Connection reader(JdbcEntityStore store) throws SQLException {
    Connection c = store.dataSource().getConnection();
    c.setAutoCommit(false);
    c.setReadOnly(true);
    return c;
  }

  private static final String[] SUSPENDED = {
    "gr_search_key_value ON gr_search (field_key, field_value, entity_id)",
    "gr_search_key_original ON gr_search (field_key, original_value, entity_id)",
    "gr_edges_target ON gr_edges (target, type, source)"
  };

  /**
   * The raw copy: per transaction, the next 1,000 entities and the same share of the search and
   * edge rows, read from {@code from} outside {@code timed} (on {@code reads}); the writes and the
   * index drops and builds on {@code timed}.
   */
  private static void raw(JdbcEntityStore from, JdbcEntityStore to, long ents, long search,
      long edges, Stopwatch timed, Stopwatch reads) throws SQLException {
    int perBatchSearch = (int) Math.max(1, search * BATCH / Math.max(1, ents));
    int perBatchEdges = (int) Math.max(1, edges * BATCH / Math.max(1, ents));
    try (Connection r = reader(from);
        Source entRows = new Source(r, "SELECT * FROM gr_entities ORDER BY id");
        Source searchRows = new Source(r, "SELECT * FROM gr_search ORDER BY entity_id");
        Source edgeRows = new Source(r, "SELECT * FROM gr_edges ORDER BY emitter, seq");
        Connection c = to.dataSource().getConnection()) {
      c.setAutoCommit(false);
      timed.start();
      try (Statement s = c.createStatement()) {
        for (String index : SUSPENDED) {
          s.execute("DROP INDEX " + index.substring(0, index.indexOf(' ')));
        }
      }
      c.commit();
      timed.stop();
      while (true) {
        reads.start();
        List<Object[]> e = entRows.next(BATCH);
        List<Object[]> sr = searchRows.next(perBatchSearch);
        List<Object[]> ed = edgeRows.next(perBatchEdges);
        reads.stop();
        if (e.isEmpty() && sr.isEmpty() && ed.isEmpty()) {
          break;
        }
        timed.start();
        insert(c, "gr_entities", e);
        insert(c, "gr_search", sr);
        insert(c, "gr_edges", ed);
        c.commit();
        timed.stop();
      }
      timed.start();
      try (Statement s = c.createStatement()) {
        for (String index : SUSPENDED) {
          s.execute("CREATE INDEX " + index);
        }
      }
      c.commit();
      timed.stop();
      r.rollback();
    }
  }

  private static void insert(Connection c, String table, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int width = rows.get(0).length;
    String marks = String.join(", ", java.util.Collections.nCopies(width, "?"));
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
      for (Object[] row : rows) {
        for (int j = 0; j < width; j++) {
          ps.setObject(j + 1, row[j]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Copies the search rows into a fresh table with the store's three indexes, built after the
   * rows, in transactions of 40,000 rows; with {@code intKeys} the key column is an integer of a
   * key dictionary (a few hundred keys) instead of the text. The rows are read from {@code from},
   * 40,000 at a time, outside {@code timed} (on {@code reads}); the rest is on {@code timed}.
   */
  private static void searchCopy(JdbcEntityStore from, JdbcEntityStore to, boolean intKeys,
      Stopwatch timed, Stopwatch reads) throws SQLException {
    String table = intKeys ? "floor_search_int" : "floor_search_text";
    String keyType = intKeys ? "INT" : "VARCHAR(200)";
    java.util.Map<String, Integer> dictionary = new java.util.HashMap<>();
    try (Connection r = reader(from);
        Source search = new Source(r, "SELECT * FROM gr_search ORDER BY entity_id");
        Connection c = to.dataSource().getConnection()) {
      c.setAutoCommit(false);
      timed.start();
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + table + " (entity_id BIGINT NOT NULL, field_key " + keyType
            + " NOT NULL, field_value VARCHAR(200), original_value VARCHAR(200))");
        if (intKeys) {
          s.execute("CREATE TABLE floor_search_keys (id INT PRIMARY KEY, field_key VARCHAR(200))");
        }
      }
      c.commit();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
        while (true) {
          timed.stop();
          reads.start();
          List<Object[]> chunk = search.next(40_000);
          reads.stop();
          timed.start();
          if (chunk.isEmpty()) {
            break;
          }
          for (Object[] row : chunk) {
            ps.setObject(1, row[0]);
            if (intKeys) {
              String key = (String) row[1];
              Integer id = dictionary.get(key);
              if (id == null) {
                id = dictionary.size() + 1;
                dictionary.put(key, id);
                try (PreparedStatement k = c.prepareStatement("INSERT INTO floor_search_keys VALUES (?, ?)")) {
                  k.setInt(1, id);
                  k.setString(2, key);
                  k.executeUpdate();
                }
              }
              ps.setInt(2, id);
            } else {
              ps.setObject(2, row[1]);
            }
            ps.setObject(3, row[2]);
            ps.setObject(4, row[3]);
            ps.addBatch();
          }
          ps.executeBatch();
          c.commit();
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE INDEX " + table + "_kv ON " + table + " (field_key, field_value, entity_id)");
        s.execute("CREATE INDEX " + table + "_e ON " + table + " (entity_id)");
        s.execute("CREATE INDEX " + table + "_ko ON " + table + " (field_key, original_value, entity_id)");
      }
      c.commit();
      timed.stop();
      r.rollback();
    }
  }

  private static void state(JdbcEntityStore to, List<WriteBatch.Upsert> upserts,
      boolean keepProcessed) throws SQLException {
    dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState.create(to.dataSource());
    try (Connection c = to.dataSource().getConnection()) {
      c.setAutoCommit(false);
      String sql = "INSERT INTO gr_proc_refresh_state (entity_id, entity_ref, unprocessed_entity,"
          + " unprocessed_hash, processed_entity, result_hash, relations, next_update_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
      for (int i = 0; i < upserts.size(); i += 500) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (WriteBatch.Upsert u : upserts.subList(i, Math.min(upserts.size(), i + 500))) {
            String body = u.entity().toJsonString();
            StringBuilder rels = new StringBuilder("[");
            for (RelationEdge r : u.emitted()) {
              rels.append(rels.length() > 1 ? "," : "").append(Json.write(Json.object()
                  .put("source", r.source().toString()).put("type", r.type())
                  .put("target", r.target().toString())));
            }
            ps.setString(1, u.uid());
            ps.setString(2, u.entity().ref().toString());
            ps.setString(3, body);
            ps.setString(4, Json.sha1Hex(body));
            ps.setString(5, keepProcessed ? body : null);
            ps.setString(6, Json.sha1Hex(body));
            ps.setString(7, rels.append(']').toString());
            ps.setLong(8, 0L);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
      }
    }
  }

  /** Wall, JVM CPU and PostgreSQL CPU time summed over the spans between {@link #start} and {@link #stop}. */
  private static final class Stopwatch {
    private long wall;
    private long cpu;
    private double server;
    private long wallAt = -1;
    private long cpuAt;
    private double serverAt;

    // the server's CPU is read outside the timed span: it costs a query and /proc reads
    void start() {
      serverAt = serverCpu.getAsDouble();
      wallAt = System.nanoTime();
      cpuAt = IngestBenchmark.processCpuNanos();
    }

    void stop() {
      wall += System.nanoTime() - wallAt;
      cpu += IngestBenchmark.processCpuNanos() - cpuAt;
      server += serverCpu.getAsDouble() - serverAt;
      wallAt = -1;
    }

    Lap lap() {
      if (wallAt >= 0) {
        throw new IllegalStateException("running");
      }
      return new Lap(wall / 1e9, cpu / 1e9, server);
    }

    /** A stopwatch already running: one span from now until {@link #stopAndLap}. */
    static Stopwatch started() {
      Stopwatch w = new Stopwatch();
      w.start();
      return w;
    }

    Lap stopAndLap() {
      stop();
      return lap();
    }
  }

  /** Seconds of wall, JVM CPU and PostgreSQL CPU; {@code server} is NaN on H2 (in the JVM's). */
  record Lap(double seconds, double cpu, double server) {}

  /** A JSON number, or null for NaN. */
  private static String json(double v) {
    return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.2f", v);
  }
}
