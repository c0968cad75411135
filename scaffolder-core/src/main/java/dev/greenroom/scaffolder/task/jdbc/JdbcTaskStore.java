package dev.greenroom.scaffolder.task.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.catalog.store.jdbc.InList;
import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.JdbcOptions;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import dev.greenroom.scaffolder.task.EventDraft;
import dev.greenroom.scaffolder.task.NewTask;
import dev.greenroom.scaffolder.task.TaskEvent;
import dev.greenroom.scaffolder.task.TaskEventType;
import dev.greenroom.scaffolder.task.TaskPage;
import dev.greenroom.scaffolder.task.TaskQuery;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.TaskStatus;
import dev.greenroom.scaffolder.task.TaskStore;
import dev.greenroom.scaffolder.task.TaskStoreException;
import dev.greenroom.scaffolder.task.TaskTransition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link TaskStore} in the tables {@code gr_task_tasks}, {@code gr_task_secrets}, {@code
 * gr_task_events}, {@code gr_task_state} and {@code gr_task_workspaces} of an H2 or PostgreSQL
 * database, usually the catalog's. The schema is migrated ({@link #MIGRATIONS}) when the store is
 * made.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li>Claiming: on PostgreSQL one {@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP
 *       LOCKED)}, so concurrent workers never wait on each other; on H2 a compare-and-set {@code
 *       UPDATE ... WHERE status = 'open'} over the oldest few candidates. Either way a task is held
 *       by exactly one worker.
 *   <li>Every write that appends events first locks the task's row (the guarded {@code UPDATE} of a
 *       transition, or {@code SELECT ... FOR UPDATE}), so a task's events get their serial ids in
 *       the order they commit and an {@code after} cursor never skips one.
 *   <li>Times come from the caller (the host's {@code Clock}), never from the database clock, and
 *       are kept in microseconds.
 * </ul>
 */
public final class JdbcTaskStore implements TaskStore {
  /** Schema migrations: scripts under {@code dev/greenroom/scaffolder/task/jdbc/<dialect>/}. */
  public static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "scaffolder task store",
          "gr_task_schema_version",
          JdbcTaskStore.class,
          "/dev/greenroom/scaffolder/task/jdbc",
          List.of("V1__tasks_events_state.sql"),
          0x67726e7461736b01L);

  private static final String TASK_COLUMNS =
      "id, spec, status, created_at, last_heartbeat_at, created_by, worker_id, runs";
  private static final int H2_CLAIM_CANDIDATES = 8;

  private final JdbcDatabase db;
  private final boolean postgres;

  private JdbcTaskStore(
      DataSource dataSource,
      @Nullable AutoCloseable owned,
      boolean keepOneOpen,
      JdbcOptions options) {
    try {
      this.db = JdbcDatabase.open(dataSource, owned, keepOneOpen, MIGRATIONS, options);
    } catch (StoreException e) {
      throw new TaskStoreException("cannot open the task store: " + e.getMessage(), e);
    }
    this.postgres = db.isPostgres();
  }


  /** A store on the host's data source (never closed by the store). Migrates the schema. */
  public static JdbcTaskStore create(DataSource dataSource) {
    return create(dataSource, JdbcOptions.defaults());
  }

  /**
   * {@link #create(DataSource)} with these read options: the statement timeout of reads (30 s by
   * default) and retries after a broken connection; writes are never retried.
   */
  public static JdbcTaskStore create(DataSource dataSource, JdbcOptions options) {
    return new JdbcTaskStore(dataSource, null, false, options);
  }

  /** A store on a named in-memory H2 database that lives as long as the store. */
  public static JdbcTaskStore h2InMemory(String name) {
    HikariDataSource pool = DataSources.h2InMemory(name);
    return new JdbcTaskStore(pool, pool, true, JdbcOptions.defaults());
  }

  /** A store on PostgreSQL with a pool of its own, closed with the store. */
  public static JdbcTaskStore postgres(String jdbcUrl) {
    HikariDataSource pool = DataSources.postgres(jdbcUrl);
    return new JdbcTaskStore(pool, pool, false, JdbcOptions.defaults());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private <T> T tx(HandleCallback<T, RuntimeException> work) {
    try {
      return db.transaction(work::withHandle);
    } catch (JdbiException e) {
      throw new TaskStoreException("task store: " + e.getMessage(), e);
    }
  }

  /** A read with the read timeout, run once more after a broken connection (JdbcDatabase.read). */
  private <T> T read(HandleCallback<T, RuntimeException> work) {
    try {
      return db.read(work::withHandle);
    } catch (JdbiException e) {
      throw new TaskStoreException("task store: " + e.getMessage(), e);
    }
  }

  private static OffsetDateTime ts(Instant i) {
    return OffsetDateTime.ofInstant(i.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static ObjectNode object(String json, String what) {
    JsonNode n = Json.parse(json);
    if (!(n instanceof ObjectNode o)) {
      throw new TaskStoreException("stored " + what + " is not a JSON object");
    }
    return o;
  }

  private record Row(
      String id,
      String spec,
      TaskStatus status,
      Instant createdAt,
      @Nullable Instant heartbeat,
      @Nullable String createdBy,
      @Nullable String worker,
      int runs) {}

  private static Row row(ResultSet rs) throws SQLException {
    Instant created = instant(rs, "created_at");
    return new Row(
        rs.getString("id"),
        rs.getString("spec"),
        TaskStatus.parse(rs.getString("status")),
        created == null ? Instant.EPOCH : created,
        instant(rs, "last_heartbeat_at"),
        rs.getString("created_by"),
        rs.getString("worker_id"),
        rs.getInt("runs"));
  }

  /** Loads the state of the rows' tasks and builds the records, in the rows' order. */
  private List<TaskRecord> records(Handle h, List<Row> rows) {
    Map<String, ObjectNode[]> state = new HashMap<>();
    if (!rows.isEmpty()) {
      List<String> ids = new ArrayList<>();
      for (Row r : rows) {
        ids.add(r.id);
        state.put(r.id, new ObjectNode[] {Json.object(), Json.object()});
      }
      InList.chunks(ids, chunk -> InList.bind(
              h.createQuery(
                  "SELECT task_id, kind, name, state_value FROM gr_task_state WHERE task_id IN ("
                      + InList.marks(chunk.size()) + ")"),
              0,
              chunk)
          .map(
              (rs, ctx) -> {
                ObjectNode[] s = state.get(rs.getString("task_id"));
                int slot = "step".equals(rs.getString("kind")) ? 1 : 0;
                s[slot].set(rs.getString("name"), Json.parse(rs.getString("state_value")));
                return Boolean.TRUE;
              })
          .list());
    }
    List<TaskRecord> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      ObjectNode[] s = state.get(r.id);
      out.add(
          new TaskRecord(
              r.id, object(r.spec, "spec of task " + r.id), r.status, r.createdAt, r.heartbeat,
              r.createdBy, r.worker, r.runs, s[0], s[1]));
    }
    return out;
  }

  private Optional<TaskRecord> get(Handle h, String taskId) {
    List<Row> rows =
        h.createQuery("SELECT " + TASK_COLUMNS + " FROM gr_task_tasks WHERE id = ?")
            .bind(0, taskId)
            .map((rs, ctx) -> row(rs))
            .list();
    return rows.isEmpty() ? Optional.empty() : Optional.of(records(h, rows).get(0));
  }

  private static String secretsJson(Map<String, String> secrets) {
    ObjectNode n = Json.object();
    secrets.forEach(n::put);
    return Json.write(n);
  }

  private static TaskEvent insertEvent(Handle h, String taskId, EventDraft d, Instant now) {
    OffsetDateTime at = ts(now);
    long id =
        h.createUpdate(
                "INSERT INTO gr_task_events (task_id, event_type, body, created_at) VALUES (?, ?, ?, ?)")
            .bind(0, taskId)
            .bind(1, d.type().wire())
            .bind(2, Json.write(d.body()))
            .bind(3, at)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new TaskEvent(id, taskId, d.type(), d.body().deepCopy(), at.toInstant());
  }

  // ---- TaskStore -------------------------------------------------------------------------------

  @Override
  public TaskRecord create(NewTask task, Instant now) {
    String id = UUID.randomUUID().toString();
    return tx(
        h -> {
          h.createUpdate(
                  "INSERT INTO gr_task_tasks (id, spec, status, created_at, created_by, runs) "
                      + "VALUES (?, ?, 'open', ?, ?, 0)")
              .bind(0, id)
              .bind(1, Json.write(task.spec()))
              .bind(2, ts(now))
              .bind(3, task.createdBy())
              .execute();
          if (!task.secrets().isEmpty()) {
            h.createUpdate("INSERT INTO gr_task_secrets (task_id, secrets) VALUES (?, ?)")
                .bind(0, id)
                .bind(1, secretsJson(task.secrets()))
                .execute();
          }
          return get(h, id).orElseThrow();
        });
  }

  @Override
  public Optional<TaskRecord> get(String taskId) {
    return read(h -> get(h, taskId));
  }

  @Override
  public TaskPage list(TaskQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<String> params = new ArrayList<>();
    if (!q.createdBy().isEmpty()) {
      where.append(" AND created_by IN (").append(InList.marks(q.createdBy().size())).append(")");
      params.addAll(q.createdBy());
    }
    if (!q.statuses().isEmpty()) {
      where.append(" AND status IN (").append(InList.marks(q.statuses().size())).append(")");
      q.statuses().forEach(s -> params.add(s.wire()));
    }
    StringBuilder order = new StringBuilder(" ORDER BY ");
    List<TaskQuery.Order> keys =
        q.order().isEmpty()
            ? List.of(new TaskQuery.Order(TaskQuery.Field.CREATED_AT, false))
            : q.order();
    for (TaskQuery.Order o : keys) {
      order
          .append(o.field().column)
          .append(o.ascending() ? " ASC NULLS LAST, " : " DESC NULLS FIRST, ");
    }
    order.append("id ASC");
    String page =
        (q.limit() > 0 ? " LIMIT " + q.limit() : "") + (q.offset() > 0 ? " OFFSET " + q.offset() : "");
    return read(
        h -> {
          Query select =
              InList.bind(
                  h.createQuery(
                      "SELECT " + TASK_COLUMNS + " FROM gr_task_tasks" + where + order + page),
                  0,
                  params);
          Query count =
              InList.bind(h.createQuery("SELECT COUNT(*) FROM gr_task_tasks" + where), 0, params);
          List<Row> rows = select.map((rs, ctx) -> row(rs)).list();
          long total = count.mapTo(Long.class).one();
          return new TaskPage(records(h, rows), total);
        });
  }

  @Override
  public Map<String, String> secrets(String taskId) {
    return read(
        h -> {
          Optional<String> json =
              h.createQuery("SELECT secrets FROM gr_task_secrets WHERE task_id = ?")
                  .bind(0, taskId)
                  .mapTo(String.class)
                  .findOne();
          Map<String, String> out = new LinkedHashMap<>();
          json.ifPresent(
              j ->
                  object(j, "secrets of task " + taskId)
                      .properties()
                      .forEach(e -> out.put(e.getKey(), e.getValue().asString())));
          return out;
        });
  }

  @Override
  public Optional<TaskRecord> claim(String workerId, Instant now) {
    return tx(
        h -> {
          if (postgres) {
            Optional<String> id =
                h.createQuery(
                        "UPDATE gr_task_tasks SET status = 'processing', worker_id = ?, "
                            + "last_heartbeat_at = ?, runs = runs + 1 WHERE id = ("
                            + "SELECT id FROM gr_task_tasks WHERE status = 'open' "
                            + "ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id")
                    .bind(0, workerId)
                    .bind(1, ts(now))
                    .mapTo(String.class)
                    .findOne();
            return id.flatMap(i -> get(h, i));
          }
          List<String> candidates =
              h.createQuery(
                      "SELECT id FROM gr_task_tasks WHERE status = 'open' ORDER BY created_at, id LIMIT "
                          + H2_CLAIM_CANDIDATES)
                  .mapTo(String.class)
                  .list();
          for (String id : candidates) {
            int n =
                h.createUpdate(
                        "UPDATE gr_task_tasks SET status = 'processing', worker_id = ?, "
                            + "last_heartbeat_at = ?, runs = runs + 1 WHERE id = ? AND status = 'open'")
                    .bind(0, workerId)
                    .bind(1, ts(now))
                    .bind(2, id)
                    .execute();
            if (n == 1) {
              return get(h, id);
            }
          }
          return Optional.<TaskRecord>empty();
        });
  }

  @Override
  public boolean heartbeat(String taskId, String workerId, Instant now) {
    return tx(
        h ->
            h.createUpdate(
                        "UPDATE gr_task_tasks SET last_heartbeat_at = ? "
                            + "WHERE id = ? AND status = 'processing' AND worker_id = ?")
                    .bind(0, ts(now))
                    .bind(1, taskId)
                    .bind(2, workerId)
                    .execute()
                == 1);
  }

  @Override
  public boolean transition(String taskId, TaskTransition t) {
    List<String> from = new ArrayList<>();
    t.from().forEach(s -> from.add(s.wire()));
    StringBuilder sql =
        new StringBuilder("UPDATE gr_task_tasks SET status = ?")
            .append(t.to() == TaskStatus.PROCESSING ? "" : ", worker_id = NULL")
            .append(" WHERE id = ? AND status IN (")
            .append(InList.marks(from.size()))
            .append(")");
    if (t.expectedWorker() != null) {
      sql.append(" AND worker_id = ?");
    }
    if (t.heartbeatBefore() != null) {
      sql.append(" AND last_heartbeat_at < ?");
    }
    return tx(
        h -> {
          Update u =
              InList.bind(
                  h.createUpdate(sql.toString()).bind(0, t.to().wire()).bind(1, taskId), 2, from);
          int next = 2 + from.size();
          if (t.expectedWorker() != null) {
            u.bind(next++, t.expectedWorker());
          }
          if (t.heartbeatBefore() != null) {
            u.bind(next, ts(t.heartbeatBefore()));
          }
          if (u.execute() != 1) {
            return false;
          }
          if (t.clearSecrets() || t.newSecrets() != null) {
            h.createUpdate("DELETE FROM gr_task_secrets WHERE task_id = ?").bind(0, taskId).execute();
          }
          if (t.newSecrets() != null && !t.newSecrets().isEmpty()) {
            h.createUpdate("INSERT INTO gr_task_secrets (task_id, secrets) VALUES (?, ?)")
                .bind(0, taskId)
                .bind(1, secretsJson(t.newSecrets()))
                .execute();
          }
          if (t.to() == TaskStatus.COMPLETED) {
            h.createUpdate("DELETE FROM gr_task_workspaces WHERE task_id = ?")
                .bind(0, taskId)
                .execute();
          }
          if (!t.deleteEvents().isEmpty()) {
            List<String> types = new ArrayList<>();
            t.deleteEvents().forEach(e -> types.add(e.wire()));
            InList.bind(
                    h.createUpdate(
                            "DELETE FROM gr_task_events WHERE task_id = ? AND event_type IN ("
                                + InList.marks(types.size())
                                + ")")
                        .bind(0, taskId),
                    1,
                    types)
                .execute();
          }
          for (EventDraft d : t.events()) {
            insertEvent(h, taskId, d, t.at());
          }
          for (Map.Entry<String, JsonNode> c : t.checkpoints().entrySet()) {
            upsertState(h, taskId, "checkpoint", c.getKey(), c.getValue());
          }
          return true;
        });
  }

  @Override
  public TaskEvent appendEvent(String taskId, EventDraft event, Instant now) {
    return tx(
        h -> {
          boolean exists =
              h.createQuery("SELECT id FROM gr_task_tasks WHERE id = ? FOR UPDATE")
                  .bind(0, taskId)
                  .mapTo(String.class)
                  .findOne()
                  .isPresent();
          if (!exists) {
            throw new NoSuchElementException("no task " + taskId);
          }
          return insertEvent(h, taskId, event, now);
        });
  }

  @Override
  public List<TaskEvent> events(String taskId, long after) {
    return read(
        h ->
            h.createQuery(
                    "SELECT id, event_type, body, created_at FROM gr_task_events "
                        + "WHERE task_id = :id AND id > :after AND id >= COALESCE(("
                        + "SELECT MAX(id) FROM gr_task_events WHERE task_id = :id "
                        + "AND event_type = 'recovered'), 0) ORDER BY id")
                .bind("id", taskId)
                .bind("after", after)
                .map(
                    (rs, ctx) ->
                        new TaskEvent(
                            rs.getLong("id"),
                            taskId,
                            TaskEventType.parse(rs.getString("event_type")),
                            object(rs.getString("body"), "event body of task " + taskId),
                            instant(rs, "created_at")))
                .list());
  }

  @Override
  public List<TaskRecord> stale(Instant heartbeatBefore, int limit) {
    return read(
        h ->
            records(
                h,
                h.createQuery(
                        "SELECT " + TASK_COLUMNS + " FROM gr_task_tasks WHERE status = 'processing' "
                            + "AND last_heartbeat_at < ? ORDER BY last_heartbeat_at, id LIMIT "
                            + Math.max(1, limit))
                    .bind(0, ts(heartbeatBefore))
                    .map((rs, ctx) -> row(rs))
                    .list()));
  }

  private void upsertState(String taskId, String kind, String name, JsonNode value) {
    tx(
        h -> {
          upsertState(h, taskId, kind, name, value);
          return null;
        });
  }

  private void upsertState(Handle h, String taskId, String kind, String name, JsonNode value) {
    String json = Json.write(value);
    String sql = postgres
        ? "INSERT INTO gr_task_state (task_id, kind, name, state_value) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (task_id, kind, name) DO UPDATE SET state_value = EXCLUDED.state_value"
        : "MERGE INTO gr_task_state (task_id, kind, name, state_value) KEY (task_id, kind, name) "
            + "VALUES (?, ?, ?, ?)";
    h.createUpdate(sql).bind(0, taskId).bind(1, kind).bind(2, name).bind(3, json).execute();
  }


  private boolean exists(String taskId) {
    return read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM gr_task_tasks WHERE id = ?")
                    .bind(0, taskId)
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  @Override
  public void saveStep(String taskId, String stepId, JsonNode state) {
    if (exists(taskId)) {
      upsertState(taskId, "step", stepId, state);
    }
  }

  @Override
  public void saveCheckpoint(String taskId, String key, JsonNode value) {
    if (exists(taskId)) {
      upsertState(taskId, "checkpoint", key, value);
    }
  }

  @Override
  public void clearSteps(String taskId) {
    tx(
        h ->
            h.createUpdate("DELETE FROM gr_task_state WHERE task_id = ? AND kind = 'step'")
                .bind(0, taskId)
                .execute());
  }

  @Override
  public void saveWorkspace(String taskId, byte @Nullable [] snapshot) {
    tx(
        h -> {
          h.createUpdate("DELETE FROM gr_task_workspaces WHERE task_id = ?").bind(0, taskId).execute();
          if (snapshot != null
              && h.createQuery("SELECT COUNT(*) FROM gr_task_tasks WHERE id = ?")
                      .bind(0, taskId)
                      .mapTo(Integer.class)
                      .one()
                  > 0) {
            h.createUpdate("INSERT INTO gr_task_workspaces (task_id, snapshot) VALUES (?, ?)")
                .bind(0, taskId)
                .bind(1, snapshot)
                .execute();
          }
          return null;
        });
  }

  @Override
  public Optional<byte[]> workspace(String taskId) {
    return read(
        h ->
            h.createQuery("SELECT snapshot FROM gr_task_workspaces WHERE task_id = ?")
                .bind(0, taskId)
                .map((rs, ctx) -> rs.getBytes("snapshot"))
                .findOne());
  }

  @Override
  public void close() {
    db.close();
  }

}
