package dev.greenroom.catalog.gerrit;

import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.schedule.ScheduledProviders;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.integrations.GerritIntegrationConfig;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The entry point of Gerrit discovery: builds the {@link GerritEntityProvider}s that {@code
 * catalog.providers.gerrit} configures, each listing projects with the credentials of its host's
 * {@code integrations.gerrit} entry, and runs them on their schedules with the host's threads.
 *
 * <pre>{@code
 * GerritProviders gerrit = GerritProviders.builder()
 *     .config(appConfig.path("catalog").path("providers"))
 *     .integrations(scmIntegrations.config())
 *     .scheduler(hostScheduler)                 // runs each provider on its schedule once connected
 *     .build();
 * gerrit.providers().forEach(engineBuilder::provider);
 * ...
 * gerrit.close();                               // before the engine: no more runs
 * }</pre>
 *
 * Without a scheduler the providers run only when {@link #refresh} (or a provider's own {@code
 * refresh()}) is called. Immutable once built; {@link #close()} stops the schedules.
 */
public final class GerritProviders implements AutoCloseable {
  private final List<GerritEntityProvider> gerrit;
  private final ScheduledProviders scheduled;

  private GerritProviders(Builder b) {
    List<GerritEntityProvider> list = new ArrayList<>();
    ScheduledProviders.Assembly assembly = ScheduledProviders.assembly(b, GerritConfigException::new);
    HttpClient.Builder hb = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER) // the credential never follows a redirect
        .connectTimeout(b.limits.timeout());
    if (b.hostExecutor() != null) {
      hb.executor(b.hostExecutor());
    }
    HttpClient client = hb.build();
    for (GerritProviderConfig pc : GerritProviderConfig.readAll(b.config.path("gerrit"))) {
      GerritIntegrationConfig integration = b.integrations.gerrit().stream()
          .filter(i -> i.host().equalsIgnoreCase(pc.host())).findFirst()
          .orElseThrow(() -> new GerritConfigException("No gerrit integration found that matches host "
              + pc.host() + " (" + GerritProviderConfig.KEY + "." + pc.id() + ".host); add it under"
              + " integrations.gerrit"));
      GerritEntityProvider p = new GerritEntityProvider(pc, integration, client, b.limits,
          b.maxLocations);
      list.add(p);
      assembly.add(p, p::refresh, pc.schedule(),
          GerritProviderConfig.KEY + "." + pc.id() + ".schedule");
    }
    this.gerrit = List.copyOf(list);
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

  /** The Gerrit providers themselves, in config order. */
  public List<GerritEntityProvider> gerrit() {
    return gerrit;
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
   *     Gerrit cannot be read (the ones before it have committed)
   */
  public void refresh() {
    gerrit.forEach(GerritEntityProvider::refresh);
  }

  /** Stops the schedules; a run going now is interrupted. Idempotent. */
  @Override
  public void close() {
    scheduled.close();
  }

  @Override
  public String toString() {
    return "GerritProviders" + scheduled;
  }

  /**
   * Settings of {@link GerritProviders}; each is checked when set. The {@link SchedulingBuilder}
   * part: the host's scheduler runs each provider on its schedule once the engine connects it; the
   * host's executor runs the runs and the HTTP client (the scheduler's threads and the JDK's
   * otherwise); the schedule in code is for providers whose config has none.
   */
  public static final class Builder extends SchedulingBuilder<Builder> {
    private JsonNode config = MissingNode.getInstance();
    private IntegrationsConfig integrations = IntegrationsConfig.defaults();
    private ReadLimits limits = ReadLimits.DEFAULTS;
    private int maxLocations = 10_000;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The {@code catalog.providers} node of the app config; its {@code gerrit} is read. */
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

    /** The most projects one provider may list in a run (10,000 by default); more fails the run. */
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
     * @throws GerritConfigException naming the key when a provider's config is wrong, its
     *     host has no integration, or it has no schedule while a scheduler is set
     * @throws IntegrationException when an integration's credentials cannot be used
     */
    public GerritProviders build() {
      return new GerritProviders(this);
    }
  }
}
