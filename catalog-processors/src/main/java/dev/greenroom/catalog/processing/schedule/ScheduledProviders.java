package dev.greenroom.catalog.processing.schedule;

import dev.greenroom.catalog.processing.EntityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The providers a module's facade built from config, each on its schedule: what the facade hands
 * the engine ({@link #providers()}), runs now ({@link #triggerAll()}) and stops ({@link
 * #close()}). A facade (Azure DevOps, Gerrit, Bitbucket) assembles it from its builder, a {@link
 * SchedulingBuilder}, one provider at a time:
 *
 * <pre>{@code
 * ScheduledProviders.Assembly assembly = ScheduledProviders.assembly(builder, GerritConfigException::new);
 * for (GerritProviderConfig pc : configs) {
 *   GerritEntityProvider p = new GerritEntityProvider(pc, ...);
 *   assembly.add(p, p::refresh, pc.schedule(), GerritProviderConfig.KEY + "." + pc.id() + ".schedule");
 * }
 * ScheduledProviders scheduled = assembly.build();
 * }</pre>
 *
 * <p>With the builder's scheduler, each provider is wrapped in a {@link ScheduledEntityProvider}
 * on its config's schedule, else the builder's {@link SchedulingBuilder#schedule schedule}; one
 * with neither fails the build, naming its config key. Without a scheduler the providers are
 * handed over as they are, and the host runs them. Immutable; thread-safe.
 */
public final class ScheduledProviders implements AutoCloseable {
  private final List<EntityProvider> providers;
  private final List<ScheduledEntityProvider> scheduled;

  private ScheduledProviders(List<EntityProvider> providers, List<ScheduledEntityProvider> scheduled) {
    this.providers = List.copyOf(providers);
    this.scheduled = List.copyOf(scheduled);
  }

  /**
   * The providers to add to the engine ({@code CatalogEngine.Builder.provider}), in the order
   * added: each a {@link ScheduledEntityProvider} when the settings had a scheduler.
   */
  public List<EntityProvider> providers() {
    return providers;
  }

  /** Runs every scheduled provider now (or right after its current run); the schedules stay. */
  public void triggerAll() {
    scheduled.forEach(ScheduledEntityProvider::trigger);
  }

  /** Stops the schedules; a run going now is interrupted. Idempotent. */
  @Override
  public void close() {
    scheduled.forEach(ScheduledEntityProvider::close);
  }

  /** Whether no provider was added. */
  public boolean isEmpty() {
    return providers.isEmpty();
  }

  @Override
  public String toString() {
    return providers.toString();
  }

  /**
   * Starts assembling the providers of a facade built with {@code settings}.
   *
   * @param error makes the module's config exception from a message
   */
  public static Assembly assembly(SchedulingBuilder<?> settings,
      Function<String, ? extends RuntimeException> error) {
    return new Assembly(settings, error);
  }

  /** Collects a facade's providers while it builds them; used once, on one thread. */
  public static final class Assembly {
    private final SchedulingBuilder<?> settings;
    private final Function<String, ? extends RuntimeException> error;
    private final List<EntityProvider> providers = new ArrayList<>();
    private final List<ScheduledEntityProvider> scheduled = new ArrayList<>();

    private Assembly(SchedulingBuilder<?> settings, Function<String, ? extends RuntimeException> error) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * Adds {@code provider}, scheduled when the settings have a scheduler.
     *
     * @param refresh one run of the provider
     * @param configured the schedule of the provider's config, or null; it wins over the
     *     settings' schedule
     * @param key the config key of that schedule, named by the error when there is neither
     * @throws RuntimeException made by the facade's {@code error} when a scheduler is set and the
     *     provider has no schedule
     */
    public void add(EntityProvider provider, ScheduledTask.Body refresh,
        @Nullable TaskSchedule configured, String key) {
      TaskSchedule schedule = settings.pick(provider.name(), key, configured,
          settings.codeSchedule(), error);
      ScheduledExecutorService scheduler = settings.hostScheduler();
      if (schedule == null || scheduler == null) {
        providers.add(provider);
        return;
      }
      ScheduledEntityProvider s = ScheduledEntityProvider.of(provider, refresh, schedule, scheduler,
          settings.hostExecutor());
      scheduled.add(s);
      providers.add(s);
    }

    /** The providers added so far. */
    public ScheduledProviders build() {
      return new ScheduledProviders(providers, scheduled);
    }
  }
}
