package dev.greenroom.catalog.msgraph;

import dev.greenroom.catalog.msgraph.internal.GraphClient;
import dev.greenroom.catalog.msgraph.internal.GraphOrgReader;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.schedule.ScheduledTask;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * Backstage's {@code MicrosoftGraphOrgEntityProvider}: reads the users, groups and organization
 * of one {@code catalog.providers.microsoftGraphOrg.<id>} entry from Microsoft Graph and replaces
 * the provider's entities with them (a full mutation) on every run. The module's entry point.
 *
 * <pre>{@code
 * for (MicrosoftGraphProviderConfig c : MicrosoftGraphProviderConfig.readAll(appConfigTree)) {
 *   engineBuilder.provider(MicrosoftGraphOrgEntityProvider.builder(c)
 *       .scheduler(hostScheduler)      // runs on c.schedule(); without a scheduler, call read()
 *       .executor(hostWorkers)
 *       .build());
 * }
 * }</pre>
 *
 * <p>Each entity gets Backstage's location annotations, {@code msgraph:<id>/<url-encoded object
 * id>}, and the location key {@code msgraph-org-provider:<id>}. A run that fails (a refused
 * secret, an error answer, a timeout) applies nothing, so the catalog keeps the last good
 * entities; the error names the provider, the tenant and client id, never the secret. Requests
 * run one after another on the run's thread; the token is kept between runs until it expires.
 * Thread-safe.
 */
public final class MicrosoftGraphOrgEntityProvider implements EntityProvider, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MicrosoftGraphOrgEntityProvider.class);

  private final MicrosoftGraphProviderConfig config;
  private final @Nullable TaskSchedule schedule;
  private final GraphClient client;
  private final long maxPhotoBytes;
  private final GraphOrgReader.Transformers transformers;
  private volatile @Nullable EntityProviderConnection connection;
  /** The refresh schedule, started on connect; null without a scheduler. */
  private final @Nullable ScheduledTask task;

  private MicrosoftGraphOrgEntityProvider(Builder b) {
    this.config = b.config;
    this.schedule = b.schedule != null ? b.schedule : b.config.schedule();
    ScheduledExecutorService scheduler = b.scheduler;
    this.task = scheduler == null ? null : ScheduledTask.providerRefresh(
        name(), this::read, Objects.requireNonNull(schedule), scheduler, b.executor);
    // the HTTP client keeps its own executor: handing it the host's, which also runs the read
    // that waits on the client, could leave no thread to complete the response
    HttpClient http = HttpClient.newBuilder().connectTimeout(b.timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.client = new GraphClient(b.config, http,
        new GraphClient.Limits(b.timeout, b.maxBodyBytes, b.maxItems), b.clock);
    this.maxPhotoBytes = b.maxPhotoBytes;
    this.transformers = new GraphOrgReader.Transformers(b.userTransformer, b.groupTransformer,
        b.organizationTransformer);
  }

  /** A builder for the provider of one config entry. */
  public static Builder builder(MicrosoftGraphProviderConfig config) {
    return new Builder(config);
  }

  /** {@code MicrosoftGraphOrgEntityProvider:<id>}, as Backstage names it. */
  @Override
  public String name() {
    return "MicrosoftGraphOrgEntityProvider:" + config.id();
  }

  /** The provider's config. */
  public MicrosoftGraphProviderConfig config() {
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
   * @throws MicrosoftGraphException when the read fails; nothing is applied then
   */
  public MicrosoftGraphOrg read() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to an engine yet");
    }
    long start = System.nanoTime();
    LOG.info("{}: reading msgraph users and groups of tenant {}", name(), config.tenantId());
    MicrosoftGraphOrg org = readOrg();
    List<DeferredEntity> entities = new ArrayList<>();
    String key = "msgraph-org-provider:" + config.id();
    for (Entity e : org.users()) {
      entities.add(new DeferredEntity(withLocation(e), key));
    }
    for (Entity e : org.groups()) {
      entities.add(new DeferredEntity(withLocation(e), key));
    }
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: committed {} msgraph users and {} msgraph groups in {} ms", name(),
        org.users().size(),
        org.groups().size(), (System.nanoTime() - start) / 1_000_000);
    return org;
  }

  /**
   * Reads the directory without applying anything (for a dry run or a test).
   *
   * @throws MicrosoftGraphException when the read fails
   */
  public MicrosoftGraphOrg readOrg() {
    try {
      return GraphOrgReader.read(client, config, maxPhotoBytes, transformers);
    } catch (MicrosoftGraphException e) {
      throw new MicrosoftGraphException(name() + ": " + e.getMessage(), e);
    }
  }

  private Entity withLocation(Entity e) {
    String uid = first(e.metadata().annotation(GraphOrgReader.USER_ID_ANNOTATION),
        e.metadata().annotation(GraphOrgReader.GROUP_ID_ANNOTATION),
        e.metadata().annotation(GraphOrgReader.TENANT_ID_ANNOTATION), e.ref().name());
    String location = "msgraph:" + config.id() + "/" + encodeUriComponent(uid);
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

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
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

  /** Builds an {@link MicrosoftGraphOrgEntityProvider}. */
  public static final class Builder {
    private final MicrosoftGraphProviderConfig config;
    private @Nullable TaskSchedule schedule;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor executor;
    private Duration timeout = Duration.ofSeconds(60);
    private long maxBodyBytes = 32L * 1024 * 1024;
    private int maxItems = 500_000;
    private long maxPhotoBytes = 1024 * 1024;
    private Clock clock = Clock.systemUTC();
    private @Nullable MicrosoftGraphTransformer userTransformer;
    private @Nullable MicrosoftGraphTransformer groupTransformer;
    private @Nullable MicrosoftGraphTransformer organizationTransformer;

    private Builder(MicrosoftGraphProviderConfig config) {
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

    /** The connect timeout and the limit on each request (default 60 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The largest answer read (default 32 MiB). */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was "
            + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The most items one collection may hold (default 500,000); more fails the read. */
    public Builder maxItems(int maxItems) {
      if (maxItems < 1) {
        throw new IllegalArgumentException("maxItems must be at least 1, was " + maxItems);
      }
      this.maxItems = maxItems;
      return this;
    }

    /** The largest user photo read (default 1 MiB); a larger one is left out. */
    public Builder maxPhotoBytes(long maxPhotoBytes) {
      if (maxPhotoBytes < 1) {
        throw new IllegalArgumentException("maxPhotoBytes must be positive, was " + maxPhotoBytes);
      }
      this.maxPhotoBytes = maxPhotoBytes;
      return this;
    }

    /** Backstage's {@code userTransformer}: decides each User from the default one. */
    public Builder userTransformer(MicrosoftGraphTransformer transformer) {
      this.userTransformer = Objects.requireNonNull(transformer, "transformer");
      return this;
    }

    /** Backstage's {@code groupTransformer}: decides each Group from the default one. */
    public Builder groupTransformer(MicrosoftGraphTransformer transformer) {
      this.groupTransformer = Objects.requireNonNull(transformer, "transformer");
      return this;
    }

    /** Backstage's {@code organizationTransformer}: decides the root Group from the default one. */
    public Builder organizationTransformer(MicrosoftGraphTransformer transformer) {
      this.organizationTransformer = Objects.requireNonNull(transformer, "transformer");
      return this;
    }

    /** The clock token lifetimes are read from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws MicrosoftGraphException when a scheduler is given but neither the config nor the
     *     builder has a schedule
     */
    public MicrosoftGraphOrgEntityProvider build() {
      if (scheduler != null && schedule == null && config.schedule() == null) {
        throw new MicrosoftGraphException("No schedule provided neither via code nor config for "
            + "MicrosoftGraphOrgEntityProvider:" + config.id() + " (" + MicrosoftGraphProviderConfig.KEY + "."
            + config.id() + ".schedule)");
      }
      return new MicrosoftGraphOrgEntityProvider(this);
    }
  }
}
