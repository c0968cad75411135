package dev.greenroom.catalog.ldap;

import dev.greenroom.catalog.ldap.internal.LdapClient;
import dev.greenroom.catalog.ldap.internal.LdapOrgReader;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.schedule.ScheduledTask;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backstage's {@code LdapOrgEntityProvider}: reads the users and groups of one {@code
 * catalog.providers.ldapOrg.<id>} entry and replaces the provider's entities with them (a full
 * mutation) on every run. The module's entry point.
 *
 * <pre>{@code
 * for (LdapProviderConfig c : LdapProviderConfig.readAll(appConfigTree)) {
 *   engineBuilder.provider(LdapOrgEntityProvider.builder(c)
 *       .scheduler(hostScheduler)      // runs on c.schedule(); without a scheduler, call read()
 *       .executor(hostWorkers)
 *       .build());
 * }
 * }</pre>
 *
 * <p>Each entity gets Backstage's location annotations, {@code ldap://<id>/<url-encoded DN>}, and
 * the location key {@code ldap-org-provider:<id>}. A run that fails (the server is down, the bind
 * is refused, a search fails) applies nothing, so the catalog keeps the last good entities; the
 * error names the provider, the target and, for a bind, the bind DN, never the secret. Each run
 * opens one connection and closes it, as Backstage's does. Thread-safe.
 */
public final class LdapOrgEntityProvider implements EntityProvider, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LdapOrgEntityProvider.class);

  private final LdapProviderConfig config;
  private final @Nullable TaskSchedule schedule;
  private final Duration timeout;
  private final int maxEntries;
  private final int maxMessageBytes;
  private final @Nullable LdapTransformer userTransformer;
  private final @Nullable LdapTransformer groupTransformer;
  private volatile @Nullable EntityProviderConnection connection;
  /** The refresh schedule, started on connect; null without a scheduler. */
  private final @Nullable ScheduledTask task;

  private LdapOrgEntityProvider(Builder b) {
    this.config = b.config;
    this.schedule = b.schedule != null ? b.schedule : b.config.schedule();
    ScheduledExecutorService scheduler = b.scheduler;
    this.task = scheduler == null ? null : ScheduledTask.providerRefresh(
        name(), this::read, Objects.requireNonNull(schedule), scheduler, b.executor);
    this.timeout = b.timeout;
    this.maxEntries = b.maxEntries;
    this.maxMessageBytes = b.maxMessageBytes;
    this.userTransformer = b.userTransformer;
    this.groupTransformer = b.groupTransformer;
  }

  /** A builder for the provider of one config entry. */
  public static Builder builder(LdapProviderConfig config) {
    return new Builder(config);
  }

  /** {@code LdapOrgEntityProvider:<id>}, as Backstage names it. */
  @Override
  public String name() {
    return "LdapOrgEntityProvider:" + config.id();
  }

  /** The provider's config. */
  public LdapProviderConfig config() {
    return config;
  }

  /** Keeps the connection and, with a scheduler, starts the schedule. */
  @Override
  public void connect(EntityProviderConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (task != null) {
      task.start(); // once: connected again, the schedule goes on; closed, nothing starts
    }
  }

  /** Runs a read now (or right after the one going now) on the schedule's threads. */
  public void trigger() {
    ScheduledTask t = task;
    if (t == null || !t.isStarted()) {
      throw new IllegalStateException(name() + " has no schedule running (no scheduler, or not"
          + " connected yet); call read()");
    }
    t.trigger();
  }

  /**
   * Reads the directory and replaces the provider's entities with what it holds.
   *
   * @return what was read
   * @throws IllegalStateException before the engine has connected the provider
   * @throws LdapOrgException when the read fails; nothing is applied then
   */
  public LdapOrg read() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to an engine yet");
    }
    long start = System.nanoTime();
    LOG.info("{}: reading LDAP users and groups from {}", name(), config.target());
    LdapOrg org = readOrg();
    List<DeferredEntity> entities = new ArrayList<>();
    String key = "ldap-org-provider:" + config.id();
    for (Entity e : org.users()) {
      entities.add(new DeferredEntity(withLocation(e), key));
    }
    for (Entity e : org.groups()) {
      entities.add(new DeferredEntity(withLocation(e), key));
    }
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: committed {} LDAP users and {} LDAP groups in {} ms", name(), org.users().size(),
        org.groups().size(), (System.nanoTime() - start) / 1_000_000);
    return org;
  }

  /**
   * Reads the directory without applying anything (for a dry run or a test).
   *
   * @throws LdapOrgException when the read fails
   */
  public LdapOrg readOrg() {
    try (LdapClient client = LdapClient.connect(config, timeout, maxEntries, maxMessageBytes)) {
      return LdapOrgReader.read(client, config, userTransformer, groupTransformer);
    } catch (LdapOrgException e) {
      throw new LdapOrgException(name() + ": " + e.getMessage(), e);
    }
  }

  private Entity withLocation(Entity e) {
    String dn = e.metadata().annotation(LdapOrgReader.DN_ANNOTATION);
    String location = "ldap://" + config.id() + "/"
        + encodeUriComponent(dn != null && !dn.isEmpty() ? dn : e.ref().name());
    return e.edit(json -> {
      var ann = json.withObjectProperty("metadata").withObjectProperty("annotations");
      if (!ann.has("backstage.io/managed-by-location")) {
        ann.put("backstage.io/managed-by-location", location);
      }
      if (!ann.has("backstage.io/managed-by-origin-location")) {
        ann.put("backstage.io/managed-by-origin-location", location);
      }
    });
  }

  /** JavaScript's encodeURIComponent. */
  static String encodeUriComponent(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Stops the schedule; a read going now is interrupted. Idempotent. */
  @Override
  public void close() {
    if (task != null) {
      task.close();
    }
  }

  /** Builds an {@link LdapOrgEntityProvider}. */
  public static final class Builder {
    private final LdapProviderConfig config;
    private @Nullable TaskSchedule schedule;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor executor;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxEntries = 200_000;
    private int maxMessageBytes = 16 * 1024 * 1024;
    private @Nullable LdapTransformer userTransformer;
    private @Nullable LdapTransformer groupTransformer;

    private Builder(LdapProviderConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The schedule, overriding the config's {@code schedule}. */
    public Builder schedule(TaskSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /**
     * The host's scheduler: with it, {@link #connect} starts the schedule; without it, the host
     * calls {@link #read()}.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The host's executor for the reads (default: the scheduler). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Backstage's {@code userTransformer}: decides each User from the default one. */
    public Builder userTransformer(LdapTransformer transformer) {
      this.userTransformer = Objects.requireNonNull(transformer, "transformer");
      return this;
    }

    /** Backstage's {@code groupTransformer}: decides each Group from the default one. */
    public Builder groupTransformer(LdapTransformer transformer) {
      this.groupTransformer = Objects.requireNonNull(transformer, "transformer");
      return this;
    }

    /** The connect timeout and the limit on each LDAP response (default 60 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The most entries one search may return (default 200,000); more fails the read. */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /** The largest LDAP message read (default 16 MiB). */
    public Builder maxMessageBytes(int maxMessageBytes) {
      if (maxMessageBytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was "
            + maxMessageBytes);
      }
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws LdapOrgException when a scheduler is given but neither the config nor the builder
     *     has a schedule
     */
    public LdapOrgEntityProvider build() {
      if (scheduler != null && schedule == null && config.schedule() == null) {
        throw new LdapOrgException("No schedule provided neither via code nor config for "
            + "LdapOrgEntityProvider:" + config.id() + " (" + LdapProviderConfig.KEY + "."
            + config.id() + ".schedule)");
      }
      return new LdapOrgEntityProvider(this);
    }
  }
}
