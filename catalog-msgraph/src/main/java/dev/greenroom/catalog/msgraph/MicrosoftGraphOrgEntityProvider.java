package dev.greenroom.catalog.msgraph;

import dev.greenroom.catalog.msgraph.internal.GraphClient;
import dev.greenroom.catalog.msgraph.internal.GraphOrgReader;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.schedule.ScheduledOrgEntityProvider;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * The builder's {@code schedule} overrides the config's. The connection, schedule and run are
 * {@link ScheduledOrgEntityProvider}'s: {@link #read()} throws {@link MicrosoftGraphException}
 * when the read fails. Thread-safe.
 */
public final class MicrosoftGraphOrgEntityProvider
    extends ScheduledOrgEntityProvider<MicrosoftGraphOrg> {
  private final MicrosoftGraphProviderConfig config;
  private final GraphClient client;
  private final long maxPhotoBytes;
  private final GraphOrgReader.Transformers transformers;

  private MicrosoftGraphOrgEntityProvider(Builder b) {
    super("MicrosoftGraphOrgEntityProvider:" + b.config.id(), "msgraph",
        "msgraph-org-provider:" + b.config.id(), b, b.config.schedule(),
        MicrosoftGraphProviderConfig.KEY + "." + b.config.id() + ".schedule",
        MicrosoftGraphException::new);
    this.config = b.config;
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

  /** The provider's config. */
  public MicrosoftGraphProviderConfig config() {
    return config;
  }

  /**
   * Reads the directory without applying anything (for a dry run or a test).
   *
   * @throws MicrosoftGraphException when the read fails
   */
  @Override
  public MicrosoftGraphOrg readOrg() {
    try {
      return GraphOrgReader.read(client, config, maxPhotoBytes, transformers);
    } catch (MicrosoftGraphException e) {
      throw new MicrosoftGraphException(name() + ": " + e.getMessage(), e);
    }
  }

  /** {@code msgraph:<id>/<url-encoded object id>} (user, group or tenant id, else the name). */
  @Override
  protected String location(Entity e) {
    String uid = first(e.metadata().annotation(GraphOrgReader.USER_ID_ANNOTATION),
        e.metadata().annotation(GraphOrgReader.GROUP_ID_ANNOTATION),
        e.metadata().annotation(GraphOrgReader.TENANT_ID_ANNOTATION), e.ref().name());
    return "msgraph:" + config.id() + "/" + encodeUriComponent(uid);
  }

  @Override
  protected String source() {
    return "of tenant " + config.tenantId();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  /** Builds an {@link MicrosoftGraphOrgEntityProvider}. */
  public static final class Builder extends SchedulingBuilder<Builder> {
    private final MicrosoftGraphProviderConfig config;
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

    @Override
    protected Builder self() {
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
      return new MicrosoftGraphOrgEntityProvider(this);
    }
  }
}
