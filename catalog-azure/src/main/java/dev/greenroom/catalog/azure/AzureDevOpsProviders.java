package dev.greenroom.catalog.azure;

import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.schedule.ScheduledProviders;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.integrations.AzureIntegrationConfig;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.azure.AzureUrlReader;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The entry point of Azure DevOps discovery: builds the {@link AzureDevOpsEntityProvider}s that
 * {@code catalog.providers.azureDevOps} configures, each asking code search with the credentials
 * of its host's {@code integrations.azure} entry, and runs them on their schedules with the
 * host's threads.
 *
 * <pre>{@code
 * AzureDevOpsProviders azure = AzureDevOpsProviders.builder()
 *     .config(appConfig.path("catalog").path("providers"))
 *     .integrations(scmIntegrations.config())
 *     .scheduler(hostScheduler)                 // runs each provider on its schedule once connected
 *     .build();
 * azure.providers().forEach(engineBuilder::provider);
 * ...
 * azure.close();                                // before the engine: no more runs
 * }</pre>
 *
 * Without a scheduler the providers run only when {@link #refresh} (or a provider's own {@code
 * refresh()}) is called. Immutable once built; {@link #close()} stops the schedules.
 */
public final class AzureDevOpsProviders implements AutoCloseable {
  private final List<AzureDevOpsEntityProvider> azure;
  private final ScheduledProviders scheduled;

  private AzureDevOpsProviders(Builder b) {
    List<AzureDevOpsEntityProvider> list = new ArrayList<>();
    ScheduledProviders.Assembly assembly =
        ScheduledProviders.assembly(b, AzureDevOpsConfigException::new);
    HttpClient.Builder hb = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER) // the credential never follows a redirect
        .connectTimeout(b.limits.timeout());
    if (b.hostExecutor() != null) {
      hb.executor(b.hostExecutor());
    }
    HttpClient client = hb.build();
    for (AzureDevOpsProviderConfig pc : AzureDevOpsProviderConfig.readAll(b.config.path("azureDevOps"))) {
      AzureIntegrationConfig integration = b.integrations.azure().stream()
          .filter(i -> i.host().equals(pc.host())).findFirst()
          .orElseGet(() -> pc.host().equals(AzureIntegrationConfig.AZURE_HOST)
              ? AzureIntegrationConfig.publicAzure() : null);
      if (integration == null) {
        throw new AzureDevOpsConfigException("There is no Azure integration for host " + pc.host()
            + " (" + AzureDevOpsProviderConfig.KEY + "." + pc.id() + ".host). Please add a"
            + " configuration entry for it under integrations.azure");
      }
      AzureUrlReader credentials = AzureUrlReader.create(integration, b.limits, b.clock,
          b.entraAuthority, b.hostExecutor());
      AzureDevOpsEntityProvider p = new AzureDevOpsEntityProvider(pc, credentials, client,
          b.limits, b.maxLocations);
      list.add(p);
      assembly.add(p, p::refresh, pc.schedule(),
          AzureDevOpsProviderConfig.KEY + "." + pc.id() + ".schedule");
    }
    this.azure = List.copyOf(list);
    this.scheduled = assembly.build();
  }

  /** A builder with no providers configured. */
  public static Builder builder() {
    return new Builder();
  }

  /** The providers to add to the engine ({@code CatalogEngine.Builder.provider}), in config order. */
  public List<EntityProvider> providers() {
    return scheduled.providers();
  }

  /** The Azure DevOps providers themselves, in config order. */
  public List<AzureDevOpsEntityProvider> azureDevOps() {
    return azure;
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
   * @throws dev.greenroom.catalog.processing.ProcessingException from the first provider whose
   *     search fails (the ones before it have committed)
   */
  public void refresh() {
    azure.forEach(AzureDevOpsEntityProvider::refresh);
  }

  /** Stops the schedules; a run going now is interrupted. Idempotent. */
  @Override
  public void close() {
    scheduled.close();
  }

  @Override
  public String toString() {
    return "AzureDevOpsProviders" + scheduled;
  }

  /**
   * Settings of {@link AzureDevOpsProviders}; each is checked when set. The {@link
   * SchedulingBuilder} part: the host's scheduler runs each provider on its schedule once the
   * engine connects it; the host's executor runs the runs and the HTTP client (the scheduler's
   * threads and the JDK's otherwise); the schedule in code is for providers whose config has none.
   */
  public static final class Builder extends SchedulingBuilder<Builder> {
    private JsonNode config = MissingNode.getInstance();
    private IntegrationsConfig integrations = IntegrationsConfig.defaults();
    private ReadLimits limits = ReadLimits.DEFAULTS;
    private int maxLocations = 10_000;
    private Clock clock = Clock.systemUTC();
    private String entraAuthority = AzureUrlReader.ENTRA_AUTHORITY;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The {@code catalog.providers} node of the app config; its {@code azureDevOps} is read. */
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

    /** The most catalog files one provider may find in a run (10,000 by default); more fails the run. */
    public Builder maxLocations(int maxLocations) {
      if (maxLocations < 1) {
        throw new IllegalArgumentException("maxLocations must be positive, got " + maxLocations);
      }
      this.maxLocations = maxLocations;
      return this;
    }

    /** The clock of Entra ID token expiry; the system's by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Entra ID's authority for {@code clientSecret} credentials; the public cloud's by default. */
    public Builder entraAuthority(String authority) {
      this.entraAuthority = Objects.requireNonNull(authority, "authority");
      return this;
    }

    /**
     * The providers.
     *
     * @throws AzureDevOpsConfigException naming the key when a provider's config is wrong, its
     *     host has no integration, or it has no schedule while a scheduler is set
     * @throws IntegrationException when an integration's credentials cannot be used
     */
    public AzureDevOpsProviders build() {
      return new AzureDevOpsProviders(this);
    }
  }
}
