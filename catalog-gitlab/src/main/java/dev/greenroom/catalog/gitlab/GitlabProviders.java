package dev.greenroom.catalog.gitlab;

import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.gitlab.GitlabApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The entry point of GitLab's catalog providers: from {@code catalog.providers.gitlab} and the
 * {@code integrations}, one {@link GitlabDiscoveryEntityProvider} per entry and, with {@code
 * orgEnabled: true}, one {@link GitlabOrgDiscoveryEntityProvider}, as Backstage's GitLab module
 * makes them. Each refreshes on its entry's {@code schedule} with the host's scheduler and
 * executor (its {@link dev.greenroom.catalog.processing.schedule.ProviderSchedule}), starting when
 * the engine connects it, and, with an {@link EventBroker}, on GitLab's webhook events.
 *
 * <pre>{@code
 * GitlabProviders gitlab = GitlabProviders.builder()
 *     .config(appConfig.path("catalog").path("providers").path("gitlab"))
 *     .integrations(scm)                      // the host's ScmIntegrations
 *     .scheduler(hostScheduler).executor(hostWorkers)
 *     .events(broker)                         // optional
 *     .build();
 * gitlab.providers().forEach(engineBuilder::provider);
 * ...
 * gitlab.close();                             // stops schedules and subscriptions
 * }</pre>
 */
public final class GitlabProviders implements AutoCloseable {
  /** The config key of the providers' entries. */
  static final String KEY = "catalog.providers.gitlab";

  private final List<GitlabDiscoveryEntityProvider> discovery;
  private final List<GitlabOrgDiscoveryEntityProvider> org;
  private final List<EventBroker.Subscription> subscriptions;

  private GitlabProviders(Builder b) {
    List<GitlabDiscoveryEntityProvider> d = new ArrayList<>();
    List<GitlabOrgDiscoveryEntityProvider> o = new ArrayList<>();
    for (GitlabProviderConfig c : b.configs) {
      String key = KEY + "." + c.id();
      GitlabApi api = b.integrations.gitlabApi(c.host()).orElseThrow(() -> new GitlabCatalogException(
          key + ".host: no gitlab integration found that matches host " + c.host()
              + " (configure it under integrations.gitlab)"));
      d.add(new GitlabDiscoveryEntityProvider(c, api, b));
      if (c.orgEnabled()) {
        if (c.group().isEmpty() && c.host().equals("gitlab.com")) {
          throw new GitlabCatalogException(key + ".group is required for orgEnabled on gitlab.com");
        }
        o.add(new GitlabOrgDiscoveryEntityProvider(c, api, b));
      }
    }
    this.discovery = List.copyOf(d);
    this.org = List.copyOf(o);
    List<EventBroker.Subscription> subs = new ArrayList<>();
    if (b.events != null) {
      for (EventSubscriber s : subscribers()) {
        subs.add(b.events.subscribe(s));
      }
    }
    this.subscriptions = List.copyOf(subs);
  }

  /** A builder with no providers. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every provider, discovery ones first, to hand to the catalog engine. */
  public List<EntityProvider> providers() {
    List<EntityProvider> all = new ArrayList<>(discovery);
    all.addAll(org);
    return List.copyOf(all);
  }

  /** The discovery providers, one per entry. */
  public List<GitlabDiscoveryEntityProvider> discoveryProviders() {
    return discovery;
  }

  /** The org providers, one per entry with {@code orgEnabled: true}. */
  public List<GitlabOrgDiscoveryEntityProvider> orgProviders() {
    return org;
  }

  /** The providers as event subscribers (subscribed already when an {@link EventBroker} was given). */
  public List<EventSubscriber> subscribers() {
    List<EventSubscriber> all = new ArrayList<>(discovery);
    all.addAll(org);
    return List.copyOf(all);
  }

  /** Stops every schedule and event subscription. */
  @Override
  public void close() {
    subscriptions.forEach(EventBroker.Subscription::close);
    discovery.forEach(GitlabDiscoveryEntityProvider::close);
    org.forEach(GitlabOrgDiscoveryEntityProvider::close);
  }

  /**
   * Settings of {@link GitlabProviders}; each is checked when set. The {@link SchedulingBuilder}
   * part: with the host's scheduler, each provider refreshes on its schedule once connected
   * (without it, the host calls {@code refresh()}); the host's executor runs the refreshes (the
   * scheduler when not set); the schedule in code is for entries without one.
   */
  public static final class Builder extends SchedulingBuilder<Builder> {
    private List<GitlabProviderConfig> configs = List.of();
    private @Nullable ScmIntegrations integrations;
    private @Nullable EventBroker events;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The {@code catalog.providers.gitlab} object (missing or null: no providers).
     *
     * @throws GitlabCatalogException naming the key when an entry has the wrong shape
     */
    public Builder config(@Nullable JsonNode catalogProvidersGitlab) {
      this.configs = GitlabProviderConfig.readAll(catalogProvidersGitlab);
      return this;
    }

    /** Already parsed entries. */
    public Builder config(List<GitlabProviderConfig> configs) {
      this.configs = List.copyOf(configs);
      return this;
    }

    /** The integrations whose {@code gitlab} entries the providers use (required). */
    public Builder integrations(ScmIntegrations integrations) {
      this.integrations = Objects.requireNonNull(integrations, "integrations");
      return this;
    }

    /** The broker whose {@code gitlab.*} events the providers subscribe to. */
    public Builder events(EventBroker events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** The schedule of entries without one: {@link #schedule}, under its older name. */
    public Builder defaultSchedule(TaskSchedule schedule) {
      return schedule(schedule);
    }

    /**
     * The providers.
     *
     * @throws GitlabCatalogException when an entry's host has no GitLab integration, or an entry
     *     has no schedule while a scheduler is given
     */
    public GitlabProviders build() {
      if (integrations == null) {
        throw new IllegalStateException("integrations(...) is required");
      }
      return new GitlabProviders(this);
    }
  }
}
