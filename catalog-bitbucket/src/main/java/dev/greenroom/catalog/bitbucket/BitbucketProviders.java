package dev.greenroom.catalog.bitbucket;

import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.schedule.ScheduledProviders;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.BitbucketCloudIntegrationConfig;
import dev.greenroom.integrations.BitbucketServerIntegrationConfig;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.bitbucket.BitbucketCloudUrlReader;
import dev.greenroom.integrations.bitbucket.BitbucketServerUrlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The entry point of Bitbucket discovery: builds the {@link BitbucketCloudEntityProvider}s and
 * {@link BitbucketServerEntityProvider}s that {@code catalog.providers.bitbucketCloud} and {@code
 * catalog.providers.bitbucketServer} configure, each reading through its Bitbucket integration
 * (credentials from {@code integrations}), and runs them on their schedules with the host's
 * threads.
 *
 * <pre>{@code
 * BitbucketProviders bitbucket = BitbucketProviders.builder()
 *     .config(appConfig.path("catalog").path("providers"))
 *     .integrations(scmIntegrations.config())
 *     .scheduler(hostScheduler)                 // runs each provider on its schedule once connected
 *     .build();
 * CatalogEngine.Builder engine = CatalogEngine.builder()...;
 * bitbucket.providers().forEach(engine::provider);
 * ...
 * bitbucket.close();                            // before the engine: no more runs
 * }</pre>
 *
 * Without a scheduler the providers run only when {@link #refresh} (or a provider's own {@code
 * refresh()}) is called. Immutable once built; {@link #close()} stops the schedules.
 */
public final class BitbucketProviders implements AutoCloseable {
  /** The most pages one listing or search may have. */
  static final int MAX_PAGES = 1000;

  private final ScheduledProviders scheduled;
  private final List<BitbucketCloudEntityProvider> cloud;
  private final List<BitbucketServerEntityProvider> server;
  private final List<EventBroker.Subscription> subscriptions = new ArrayList<>();

  private BitbucketProviders(Builder b) {
    List<BitbucketCloudEntityProvider> c = new ArrayList<>();
    List<BitbucketServerEntityProvider> s = new ArrayList<>();
    ScheduledProviders.Assembly assembly =
        ScheduledProviders.assembly(b, BitbucketConfigException::new);
    for (BitbucketCloudProviderConfig pc : BitbucketCloudProviderConfig.readAll(b.config.path("bitbucketCloud"))) {
      BitbucketCloudIntegrationConfig integration = cloudIntegration(b.integrations);
      BitbucketCloudEntityProvider p = new BitbucketCloudEntityProvider(pc,
          BitbucketCloudUrlReader.http(integration, b.limits, b.hostExecutor()), integration.apiBaseUrl(),
          b.maxLocations);
      c.add(p);
      assembly.add(p, p::refresh, pc.schedule(),
          BitbucketCloudProviderConfig.KEY + "." + pc.id() + ".schedule");
    }
    for (BitbucketServerProviderConfig pc : BitbucketServerProviderConfig.readAll(b.config.path("bitbucketServer"))) {
      BitbucketServerIntegrationConfig integration = b.integrations.bitbucketServer().stream()
          .filter(i -> i.host().equals(pc.host())).findFirst()
          .orElseThrow(() -> new BitbucketConfigException("No BitbucketServer integration found that"
              + " matches host " + pc.host() + " (" + BitbucketServerProviderConfig.KEY + "."
              + pc.id() + ".host); add it under integrations.bitbucketServer"));
      BitbucketServerEntityProvider p = new BitbucketServerEntityProvider(pc,
          BitbucketServerUrlReader.http(integration, b.limits, b.hostExecutor()), integration.apiBaseUrl(),
          b.maxLocations);
      s.add(p);
      assembly.add(p, p::refresh, pc.schedule(),
          BitbucketServerProviderConfig.KEY + "." + pc.id() + ".schedule");
    }
    this.cloud = List.copyOf(c);
    this.server = List.copyOf(s);
    this.scheduled = assembly.build();
    if (b.events != null) {
      for (BitbucketCloudEntityProvider p : cloud) {
        subscriptions.add(b.events.subscribe(subscriber(p.name(),
            Set.of(BitbucketCloudEntityProvider.TOPIC_REPO_PUSH, BitbucketCloudEntityProvider.TOPIC_REPO_UPDATED),
            p::onEvent)));
      }
      for (BitbucketServerEntityProvider p : server) {
        subscriptions.add(b.events.subscribe(subscriber(p.name(),
            Set.of(BitbucketServerEntityProvider.TOPIC_REPO_REFS_CHANGED), p::onEvent)));
      }
    }
  }

  private static EventSubscriber subscriber(String id, Set<String> topics,
      BiPredicate<String, JsonNode> handler) {
    return new EventSubscriber() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Set<String> topics() {
        return topics;
      }

      @Override
      public void onEvent(EventParams event) {
        handler.test(event.topic(), event.payload());
      }
    };
  }

  private static BitbucketCloudIntegrationConfig cloudIntegration(IntegrationsConfig integrations) {
    List<BitbucketCloudIntegrationConfig> all = integrations.bitbucketCloud();
    return all.stream().filter(i -> i.host().equals(BitbucketCloudIntegrationConfig.HOST)).findFirst()
        .orElse(all.isEmpty() ? BitbucketCloudIntegrationConfig.anonymous() : all.get(0));
  }

  /** A builder with no providers configured. */
  public static Builder builder() {
    return new Builder();
  }

  /** The providers to add to the engine ({@code CatalogEngine.Builder.provider}), in config order. */
  public List<EntityProvider> providers() {
    return scheduled.providers();
  }

  /** The Bitbucket Cloud providers. */
  public List<BitbucketCloudEntityProvider> cloud() {
    return cloud;
  }

  /** The Bitbucket Server providers. */
  public List<BitbucketServerEntityProvider> server() {
    return server;
  }

  /** Whether no provider is configured. */
  public boolean isEmpty() {
    return scheduled.isEmpty();
  }

  /** Runs every scheduled provider now (or right after its current run); the schedules stay. */
  public void triggerAll() {
    scheduled.triggerAll();
  }

  /**
   * Runs every provider once on the calling thread.
   *
   * @throws dev.greenroom.catalog.processing.ProcessingException from the first provider whose host
   *     cannot be read (the ones before it have committed)
   */
  public void refresh() {
    cloud.forEach(BitbucketCloudEntityProvider::refresh);
    server.forEach(BitbucketServerEntityProvider::refresh);
  }

  /** Stops the schedules; a run going now is interrupted. Idempotent. */
  @Override
  public void close() {
    subscriptions.forEach(EventBroker.Subscription::close);
    scheduled.close();
  }

  @Override
  public String toString() {
    return "BitbucketProviders" + scheduled;
  }

  /**
   * Settings of {@link BitbucketProviders}; each is checked when set. The {@link
   * SchedulingBuilder} part: the host's scheduler runs each provider on its schedule once the
   * engine connects it; the host's executor runs the runs and the HTTP clients (the scheduler's
   * threads and the JDK's otherwise); the schedule in code is for providers whose config has none.
   */
  public static final class Builder extends SchedulingBuilder<Builder> {
    private JsonNode config = MissingNode.getInstance();
    private IntegrationsConfig integrations = IntegrationsConfig.defaults();
    private ReadLimits limits = ReadLimits.DEFAULTS;
    private int maxLocations = 10_000;
    private @Nullable EventBroker events;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The broker whose webhook events ({@code bitbucketCloud.repo:push}, {@code
     * bitbucketCloud.repo:updated}, {@code bitbucketServer.repo:refs_changed}) update one
     * repository's Locations between runs; none by default.
     */
    public Builder events(EventBroker events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** The {@code catalog.providers} node of the app config; its {@code bitbucketCloud} and {@code bitbucketServer} are read. */
    public Builder config(JsonNode catalogProviders) {
      this.config = Objects.requireNonNull(catalogProviders, "catalogProviders");
      return this;
    }

    /** The integrations whose credentials the providers use; Backstage's defaults otherwise. */
    public Builder integrations(IntegrationsConfig integrations) {
      this.integrations = Objects.requireNonNull(integrations, "integrations");
      return this;
    }

    /** Timeouts and answer sizes of every request; {@link ReadLimits#DEFAULTS} by default. */
    public Builder limits(ReadLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The most Locations one provider may find in a run (10,000 by default); more fails the run. */
    public Builder maxLocations(int maxLocations) {
      if (maxLocations < 1) {
        throw new IllegalArgumentException("maxLocations must be positive, got " + maxLocations);
      }
      this.maxLocations = maxLocations;
      return this;
    }

    /**
     * The providers.
     *
     * @throws BitbucketConfigException naming the key when a provider's config is wrong, its
     *     Bitbucket Server host has no integration, or it has no schedule while a scheduler is set
     * @throws IntegrationException when an integration's credentials cannot be used
     */
    public BitbucketProviders build() {
      return new BitbucketProviders(this);
    }
  }
}
