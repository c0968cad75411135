package dev.greenroom.events.jdbc;

import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link EventBroker} for hosts that share one PostgreSQL database: each event is delivered
 * on this host at once (on the publisher's thread, as {@link EventBroker#inMemory()} does), and
 * reaches every other host's broker through the database, where it is delivered to the
 * subscribers that {@linkplain EventSubscriber#receivesRemoteEvents() receive remote events}.
 *
 * <p>Design: {@link #publish} inserts the event into {@code gr_event_bus} and sends {@code NOTIFY
 * gr_event_bus '<id>:<origin>'} in the same transaction; PostgreSQL delivers notifications of
 * committed transactions to every listening session, in commit order, so no event is skipped
 * because of an id that committed late. One connection of the data source per broker listens
 * (on the host's executor, or a daemon thread of the broker's own); a notification from another
 * broker is read by id and delivered. After the listening connection broke, the broker
 * reconnects and reads what other hosts published after the last event it saw. Rows older than
 * the retention (default 10 minutes) are deleted by the publishers. The H2 database of a single
 * host needs none of this: use {@link EventBroker#inMemory()} there.
 */
public final class PostgresEventBroker implements EventBroker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresEventBroker.class);
  private static final String CHANNEL = "gr_event_bus";
  private static final SchemaMigrations MIGRATIONS = new SchemaMigrations("event bus",
      "gr_event_bus_version", PostgresEventBroker.class, "/dev/greenroom/events/jdbc",
      List.of("V1__event_bus.sql"), 0x67725f6576656e74L);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcDatabase db;
  private final DataSource dataSource;
  private final Local local = new Local();
  private final String origin = UUID.randomUUID().toString();
  private final Duration retention;
  private final long maxPayloadChars;
  private final Clock clock;
  private final @Nullable Thread ownThread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong lastSeen = new AtomicLong();
  private final AtomicLong lastCleanup = new AtomicLong();
  /**
   * Ids handled lately (listening thread only): after a reconnection an event can come both from
   * the catch-up read and from its notification, and is delivered once.
   */
  private final java.util.Set<Long> handled = java.util.Collections.newSetFromMap(
      new LinkedHashMap<Long, Boolean>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > 4096;
        }
      });
  private volatile boolean closed;
  private volatile boolean listening;

  private PostgresEventBroker(Builder b) {
    this.dataSource = b.dataSource;
    this.retention = b.retention;
    this.maxPayloadChars = b.maxPayloadChars;
    this.clock = b.clock;
    this.db = JdbcDatabase.open(b.dataSource, null, false, MIGRATIONS);
    if (!db.isPostgres()) {
      db.close();
      throw new IllegalArgumentException("PostgresEventBroker needs PostgreSQL (LISTEN/NOTIFY);"
          + " the database is " + db.dialectName() + ": use EventBroker.inMemory() on one host");
    }
    lastSeen.set(maxId());
    if (b.executor != null) {
      this.ownThread = null;
      b.executor.execute(this::listenLoop);
    } else {
      Thread t = new Thread(this::listenLoop, "greenroom-event-bus");
      t.setDaemon(true);
      this.ownThread = t;
      t.start();
    }
  }

  /** A builder over {@code dataSource} (the host's, never closed by the broker). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** This broker's id in the events it shares. */
  public String origin() {
    return origin;
  }

  /** True once the broker listens for other hosts' events (and after each reconnection). */
  public boolean listening() {
    return listening;
  }

  @Override
  public void publish(EventParams event) {
    local.deliver(event, false);
    String payload = JSON.writeValueAsString(event.payload());
    if (payload.length() > maxPayloadChars) {
      LOG.warn("An event of topic {} is larger than {} characters: delivered on this host only",
          event.topic(), maxPayloadChars);
      return;
    }
    long now = clock.millis();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gr_event_bus"
            + " (topic, payload, metadata, origin, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
          ps.setString(1, event.topic());
          ps.setString(2, payload);
          ps.setString(3, JSON.writeValueAsString(event.metadata()));
          ps.setString(4, origin);
          ps.setLong(5, now);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          ps.setString(1, CHANNEL);
          ps.setString(2, id + ":" + origin);
          ps.execute();
        }
        long last = lastCleanup.get();
        if (now - last > Math.min(retention.toMillis(), 60_000) && lastCleanup.compareAndSet(last, now)) {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM gr_event_bus WHERE created_at < ?")) {
            ps.setLong(1, now - retention.toMillis());
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      LOG.error("Sharing an event of topic {} with the other hosts failed (delivered on this host):"
          + " {}", event.topic(), e.toString());
    }
  }

  @Override
  public Subscription subscribe(EventSubscriber subscriber) {
    return local.subscribe(subscriber);
  }

  private long maxId() {
    return db.read(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM gr_event_bus")
        .mapTo(Long.class).one());
  }

  private void listenLoop() {
    long backoff = 100;
    try {
      while (!closed) {
        try (Connection c = dataSource.getConnection()) {
          try {
            listen(c);
          } catch (SQLException | RuntimeException e) {
            exposeBroken(c);
            throw e;
          }
        } catch (SQLException | RuntimeException e) {
          if (listening) {
            backoff = 100; // it was connected: start again from the shortest wait
          }
          listening = false;
          if (closed) {
            break;
          }
          LOG.warn("The event bus connection failed; reconnecting in {} ms: {}", backoff,
              e.toString());
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
          backoff = Math.min(backoff * 2, 10_000);
        }
      }
    } finally {
      listening = false;
      stopped.countDown();
    }
  }

  /** Listens on {@code c} until the broker closes; the connection is left as it was found. */
  private void listen(Connection c) throws SQLException {
    c.setAutoCommit(true);
    c.setClientInfo("ApplicationName", "greenroom-event-bus"); // shows in pg_stat_activity
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + CHANNEL);
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    catchUp(c);
    listening = true;
    while (!closed) {
      PGNotification[] ns = pg.getNotifications(250);
      if (ns == null) {
        continue;
      }
      for (PGNotification n : ns) {
        onNotification(c, n.getParameter());
      }
    }
    listening = false;
    try (Statement s = c.createStatement()) {
      s.execute("UNLISTEN *");
    }
    c.setClientInfo("ApplicationName", "");
  }

  /**
   * Runs a statement through the pool's connection after a failure that the driver reported
   * below the pool (waiting for notifications), so that a pool such as HikariCP sees a broken
   * connection and drops it instead of lending it to the next publisher.
   */
  private static void exposeBroken(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      // the pool has seen it
    }
  }

  private void onNotification(Connection c, String parameter) throws SQLException {
    int colon = parameter.indexOf(':');
    if (colon < 1) {
      return;
    }
    long id;
    try {
      id = Long.parseLong(parameter.substring(0, colon));
    } catch (NumberFormatException e) {
      return;
    }
    lastSeen.accumulateAndGet(id, Math::max);
    if (!handled.add(id) || parameter.substring(colon + 1).equals(origin)) {
      return; // delivered when it was published
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT topic, payload, metadata FROM gr_event_bus WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          deliverRemote(id, rs);
        }
      }
    }
  }

  /** Delivers what other hosts published after the last event seen (the connection was down). */
  private void catchUp(Connection c) throws SQLException {
    long from = lastSeen.get();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, topic, payload, metadata, origin"
        + " FROM gr_event_bus WHERE id > ? ORDER BY id LIMIT 10000")) {
      ps.setLong(1, from);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          lastSeen.accumulateAndGet(id, Math::max);
          if (handled.add(id) && !origin.equals(rs.getString(5))) {
            deliverRemote(id, rs);
          }
        }
      }
    }
  }

  private void deliverRemote(long id, ResultSet rs) throws SQLException {
    EventParams event;
    try {
      JsonNode payload = JSON.readTree(rs.getString("payload"));
      JsonNode meta = JSON.readTree(rs.getString("metadata"));
      Map<String, String> metadata = new LinkedHashMap<>();
      if (meta instanceof ObjectNode o) {
        o.properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
      }
      event = new EventParams(rs.getString("topic"), payload, metadata);
    } catch (JacksonException | IllegalArgumentException e) {
      LOG.warn("Event {} of the event bus is unreadable; skipped: {}", id, e.toString());
      return;
    }
    local.deliver(event, true);
  }

  /** Stops listening and waits (up to 5 s) for the listening connection to close. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!stopped.await(5, TimeUnit.SECONDS) && ownThread != null) {
        ownThread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    db.close();
  }

  /**
   * The subscribers of this host: every one in {@code all}, those that receive other hosts'
   * events in {@code remote} too; both deliver as {@link EventBroker#inMemory()} does.
   */
  private static final class Local {
    private final EventBroker all = EventBroker.inMemory();
    private final EventBroker remote = EventBroker.inMemory();

    void deliver(EventParams event, boolean fromRemote) {
      (fromRemote ? remote : all).publish(event);
    }

    Subscription subscribe(EventSubscriber subscriber) {
      Subscription a = all.subscribe(subscriber);
      Subscription r = subscriber.receivesRemoteEvents() ? remote.subscribe(subscriber) : null;
      return () -> {
        a.close();
        if (r != null) {
          r.close();
        }
      };
    }
  }

  /** Configures a {@link PostgresEventBroker}. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable Executor executor;
    private Duration retention = Duration.ofMinutes(10);
    private long maxPayloadChars = 10L * 1024 * 1024;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Runs the listening loop (one long-running task, until {@link #close()}) on the host's
     * executor instead of a daemon thread of the broker's own.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** How long shared events stay in the table; default 10 minutes. */
    public Builder retention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive");
      }
      this.retention = retention;
      return this;
    }

    /** Events whose JSON payload is longer stay on the publishing host; default 10 Mi chars. */
    public Builder maxPayloadChars(long chars) {
      if (chars < 1) {
        throw new IllegalArgumentException("the payload limit must be positive");
      }
      this.maxPayloadChars = chars;
      return this;
    }

    /** The clock of the rows' times; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Opens the table (migrating it) and starts listening.
     *
     * @throws IllegalArgumentException when the database is not PostgreSQL
     */
    public PostgresEventBroker build() {
      return new PostgresEventBroker(this);
    }
  }
}
