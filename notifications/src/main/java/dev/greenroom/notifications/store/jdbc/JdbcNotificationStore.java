package dev.greenroom.notifications.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.catalog.store.jdbc.InList;
import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.JdbcOptions;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import dev.greenroom.notifications.Notification;
import dev.greenroom.notifications.NotificationException;
import dev.greenroom.notifications.NotificationPayload;
import dev.greenroom.notifications.NotificationQuery;
import dev.greenroom.notifications.NotificationStore;
import dev.greenroom.notifications.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link NotificationStore} in the tables {@code gr_notifications} and {@code
 * gr_notification_marks} (each user's marks on broadcasts) of an H2 or PostgreSQL database,
 * usually the catalog's. The schema is migrated ({@link #MIGRATIONS}) when the store is made.
 * Times come from the caller, never from the database clock, and are kept in microseconds.
 */
public final class JdbcNotificationStore implements NotificationStore {
  /** Schema migrations: scripts under {@code dev/greenroom/notifications/store/jdbc/<dialect>/}. */
  public static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "notification store",
          "gr_notification_schema_version",
          JdbcNotificationStore.class,
          "/dev/greenroom/notifications/store/jdbc",
          List.of("V1__notifications.sql", "V2__settings.sql"),
          0x67726e6e6f746901L);

  private static final String COLUMNS =
      "n.id, n.user_ref, n.created_at, n.updated_at, n.origin, n.title, n.description, n.link,"
          + " n.severity, n.topic, n.scope, n.icon";

  private final JdbcDatabase db;
  private final boolean postgres;

  private JdbcNotificationStore(
      DataSource dataSource, @Nullable AutoCloseable owned, boolean keepOneOpen,
      JdbcOptions options) {
    try {
      this.db = JdbcDatabase.open(dataSource, owned, keepOneOpen, MIGRATIONS, options);
    } catch (StoreException e) {
      throw new NotificationException("cannot open the notification store: " + e.getMessage(), e);
    }
    this.postgres = db.isPostgres();
  }

  /** A store on the host's data source (never closed by the store). Migrates the schema. */
  public static JdbcNotificationStore create(DataSource dataSource) {
    return create(dataSource, JdbcOptions.defaults());
  }

  /** {@link #create(DataSource)} with these read options (statement timeout, retries). */
  public static JdbcNotificationStore create(DataSource dataSource, JdbcOptions options) {
    return new JdbcNotificationStore(dataSource, null, false, options);
  }

  /** A store on a named in-memory H2 database that lives as long as the store. */
  public static JdbcNotificationStore h2InMemory(String name) {
    HikariDataSource pool = DataSources.h2InMemory(name);
    return new JdbcNotificationStore(pool, pool, true, JdbcOptions.defaults());
  }

  /** A store on PostgreSQL with a pool of its own, closed with the store. */
  public static JdbcNotificationStore postgres(String jdbcUrl) {
    HikariDataSource pool = DataSources.postgres(jdbcUrl);
    return new JdbcNotificationStore(pool, pool, false, JdbcOptions.defaults());
  }

  private <T> T tx(HandleCallback<T, RuntimeException> work) {
    try {
      return db.transaction(work::withHandle);
    } catch (JdbiException e) {
      throw new NotificationException("notification store: " + e.getMessage(), e);
    }
  }

  private <T> T read(HandleCallback<T, RuntimeException> work) {
    try {
      return db.read(work::withHandle);
    } catch (JdbiException e) {
      throw new NotificationException("notification store: " + e.getMessage(), e);
    }
  }

  static @Nullable OffsetDateTime ts(@Nullable Instant i) {
    return i == null
        ? null
        : OffsetDateTime.ofInstant(i.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Notification row(ResultSet rs, @Nullable Instant read, @Nullable Instant saved)
      throws SQLException {
    NotificationPayload p = new NotificationPayload(
        rs.getString("title"),
        rs.getString("description"),
        rs.getString("link"),
        Severity.parse(rs.getString("severity")),
        rs.getString("topic"),
        rs.getString("scope"),
        rs.getString("icon"));
    return new Notification(
        rs.getString("id"),
        rs.getString("user_ref"),
        java.util.Objects.requireNonNull(instant(rs, "created_at")),
        read,
        saved,
        instant(rs, "updated_at"),
        rs.getString("origin"),
        p);
  }

  private static Notification plainRow(ResultSet rs) throws SQLException {
    return row(rs, instant(rs, "read_at"), instant(rs, "saved_at"));
  }

  @Override
  public void insert(Notification n) {
    tx(h -> h.createUpdate(
            "INSERT INTO gr_notifications (id, user_ref, created_at, updated_at, read_at, saved_at,"
                + " origin, title, description, link, severity, topic, scope, icon) VALUES (:id,"
                + " :user, :created, :updated, :read, :saved, :origin, :title, :description,"
                + " :link, :severity, :topic, :scope, :icon)")
        .bind("id", n.id())
        .bind("user", n.user())
        .bind("created", ts(n.created()))
        .bind("updated", ts(n.updated()))
        .bind("read", n.isBroadcast() ? null : ts(n.read()))
        .bind("saved", n.isBroadcast() ? null : ts(n.saved()))
        .bind("origin", n.origin())
        .bind("title", n.payload().title())
        .bind("description", n.payload().description())
        .bind("link", n.payload().link())
        .bind("severity", n.payload().severity().wireName())
        .bind("topic", n.payload().topic())
        .bind("scope", n.payload().scope())
        .bind("icon", n.payload().icon())
        .execute());
  }

  @Override
  public Optional<Notification> findByScope(@Nullable String user, String origin, String scope) {
    String who = user == null ? "n.user_ref IS NULL" : "n.user_ref = :user";
    return read(h -> h.createQuery(
            "SELECT " + COLUMNS + ", n.read_at, n.saved_at FROM gr_notifications n WHERE " + who
                + " AND n.scope = :scope AND n.origin = :origin ORDER BY n.created_at, n.id")
        .bind("user", user)
        .bind("scope", scope)
        .bind("origin", origin)
        .map((rs, ctx) -> plainRow(rs))
        .findFirst());
  }

  @Override
  public Notification replace(String id, NotificationPayload p, Instant updated) {
    return tx(h -> {
      int n = h.createUpdate(
              "UPDATE gr_notifications SET title = :title, description = :description, link ="
                  + " :link, severity = :severity, topic = :topic, icon = :icon, updated_at ="
                  + " :updated, read_at = NULL WHERE id = :id")
          .bind("id", id)
          .bind("title", p.title())
          .bind("description", p.description())
          .bind("link", p.link())
          .bind("severity", p.severity().wireName())
          .bind("topic", p.topic())
          .bind("icon", p.icon())
          .bind("updated", ts(updated))
          .execute();
      if (n == 0) {
        throw new NoSuchElementException("no notification " + id);
      }
      h.createUpdate("UPDATE gr_notification_marks SET read_at = NULL WHERE notification_id = :id")
          .bind("id", id)
          .execute();
      return h.createQuery(
              "SELECT " + COLUMNS + ", n.read_at, n.saved_at FROM gr_notifications n WHERE n.id = :id")
          .bind("id", id)
          .map((rs, ctx) -> plainRow(rs))
          .one();
    });
  }

  @Override
  public List<Notification> query(String user, NotificationQuery query) {
    NotificationSql sql = new NotificationSql(user, query, postgres);
    return read(h -> sql.bind(h.createQuery("SELECT " + COLUMNS + ", "
                + NotificationSql.READ + " AS eff_read, " + NotificationSql.SAVED + " AS eff_saved"
                + sql.where + sql.orderAndPage()))
        .map((rs, ctx) -> row(rs, instant(rs, "eff_read"), instant(rs, "eff_saved")))
        .list());
  }

  @Override
  public long count(String user, NotificationQuery query) {
    NotificationSql sql = new NotificationSql(user, query, postgres);
    return read(h -> sql.bind(h.createQuery("SELECT COUNT(*)" + sql.where))
        .mapTo(Long.class)
        .one());
  }

  @Override
  public List<String> topics(String user, NotificationQuery query) {
    NotificationSql sql = new NotificationSql(user, query, postgres);
    List<String> topics = read(h -> sql.bind(h.createQuery("SELECT DISTINCT n.topic" + sql.where
                + " AND n.topic IS NOT NULL"))
        .mapTo(String.class)
        .list());
    return topics.stream().sorted().toList();
  }

  @Override
  public void markRead(String user, Collection<String> ids, @Nullable Instant at) {
    mark(user, ids, at, "read_at");
  }

  @Override
  public void markSaved(String user, Collection<String> ids, @Nullable Instant at) {
    mark(user, ids, at, "saved_at");
  }

  /** {@code column} is one of two constants, never caller text. */
  private void mark(String user, Collection<String> ids, @Nullable Instant at, String column) {
    if (ids.isEmpty()) {
      return;
    }
    List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
    tx(h -> {
      List<String> broadcasts = new ArrayList<>();
      InList.chunks(distinct, chunk -> {
        InList.bind(h.createUpdate("UPDATE gr_notifications SET " + column + " = ?"
                    + " WHERE user_ref = ? AND id IN (" + InList.marks(chunk.size()) + ")")
                .bind(0, ts(at))
                .bind(1, user),
            2, chunk)
            .execute();
        InList.bind(h.createQuery("SELECT id FROM gr_notifications WHERE user_ref IS NULL AND id IN ("
                    + InList.marks(chunk.size()) + ")"),
            0, chunk)
            .mapTo(String.class)
            .forEach(broadcasts::add);
      });
      for (String id : broadcasts) {
        upsertMark(h, id, user, column, at);
      }
      return null;
    });
  }

  private void upsertMark(Handle h, String id, String user, String column, @Nullable Instant at) {
    String sql = postgres
        ? "INSERT INTO gr_notification_marks (notification_id, user_ref, " + column + ")"
            + " VALUES (:id, :user, :at) ON CONFLICT (notification_id, user_ref)"
            + " DO UPDATE SET " + column + " = EXCLUDED." + column
        : "MERGE INTO gr_notification_marks m USING (VALUES (CAST(:id AS VARCHAR(36)),"
            + " CAST(:user AS VARCHAR(1024)), CAST(:at AS TIMESTAMP(6) WITH TIME ZONE)))"
            + " AS s(notification_id, user_ref, v)"
            + " ON m.notification_id = s.notification_id AND m.user_ref = s.user_ref"
            + " WHEN MATCHED THEN UPDATE SET " + column + " = s.v"
            + " WHEN NOT MATCHED THEN INSERT (notification_id, user_ref, " + column + ")"
            + " VALUES (s.notification_id, s.user_ref, s.v)";
    h.createUpdate(sql).bind("id", id).bind("user", user).bind("at", ts(at)).execute();
  }

  @Override
  public dev.greenroom.notifications.NotificationSettings settings(String user) {
    return dev.greenroom.notifications.NotificationSettings.fromRows(read(h -> h.createQuery(
            "SELECT channel, origin, topic, enabled FROM gr_notification_settings"
                + " WHERE user_ref = :user ORDER BY position")
        .bind("user", user)
        .map((rs, ctx) -> new dev.greenroom.notifications.NotificationSettings.Row(
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
        .list()));
  }

  @Override
  public void saveSettings(String user, dev.greenroom.notifications.NotificationSettings s) {
    List<dev.greenroom.notifications.NotificationSettings.Row> rows = s.rows();
    tx(h -> {
      h.createUpdate("DELETE FROM gr_notification_settings WHERE user_ref = :user")
          .bind("user", user).execute();
      if (!rows.isEmpty()) {
        org.jdbi.v3.core.statement.PreparedBatch b = h.prepareBatch(
            "INSERT INTO gr_notification_settings (user_ref, position, channel, origin, topic,"
                + " enabled) VALUES (:user, :position, :channel, :origin, :topic, :enabled)");
        for (int i = 0; i < rows.size(); i++) {
          dev.greenroom.notifications.NotificationSettings.Row r = rows.get(i);
          b.bind("user", user).bind("position", i).bind("channel", r.channel())
              .bind("origin", r.origin()).bind("topic", r.topic()).bind("enabled", r.enabled())
              .add();
        }
        b.execute();
      }
      return null;
    });
  }

  @Override
  public List<OriginTopic> originsAndTopics(String user) {
    List<OriginTopic> pairs = read(h -> h.createQuery(
            "SELECT DISTINCT origin, topic FROM gr_notifications WHERE user_ref = :user")
        .bind("user", user)
        .map((rs, ctx) -> new OriginTopic(rs.getString(1), rs.getString(2)))
        .list());
    java.util.TreeSet<OriginTopic> out = new java.util.TreeSet<>(
        java.util.Comparator.comparing(OriginTopic::origin)
            .thenComparing(OriginTopic::topic,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    for (OriginTopic p : pairs) {
      out.add(new OriginTopic(p.origin(), null));
      out.add(p);
    }
    return new java.util.ArrayList<>(out);
  }

  @Override
  public void close() {
    db.close();
  }
}
