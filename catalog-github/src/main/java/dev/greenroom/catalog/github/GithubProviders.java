package dev.greenroom.catalog.github;

import dev.greenroom.catalog.github.internal.Backoff;
import dev.greenroom.catalog.github.internal.GithubGraphql;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.GithubCredentialsProvider;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The module's entry point: the GitHub providers an app config asks for, built on the host's SCM
 * integrations and threads.
 *
 * <pre>{@code
 * GithubProviders github = GithubProviders.builder()
 *     .config(appConfig.path("catalog").path("providers"))   // github and githubOrg
 *     .integrations(scm)                                     // credentials per host
 *     .scheduler(hostScheduler)                              // runs each provider's schedule
 *     .executor(hostWorkers)
 *     .build();
 * github.entityProviders().forEach(engineBuilder::provider);
 * github.subscribe(eventBroker);                             // github.push, github.repository, ...
 * ...
 * github.close();                                            // stops the schedules
 * }</pre>
 *
 * Each provider starts its schedule (a {@link
 * dev.greenroom.catalog.processing.schedule.ProviderSchedule}) when the engine connects it, on its
 * config's {@code schedule} or the one given in code. Without a scheduler, providers run only when
 * their {@code refresh()} or {@code trigger()} is called. Immutable after build; thread-safe.
 */
public final class GithubProviders implements AutoCloseable {
  private final List<GithubEntityProvider> discovery;
  private final List<GithubOrgEntityProvider> org;
  private final AtomicLong requests;
  private final List<EventBroker.Subscription> subscriptions = new ArrayList<>();

  private GithubProviders(Builder b) {
    this.requests = new AtomicLong();
    // not on the host's executor: a refresh blocks a thread of it in send(), and the client
    // needs threads of its own to answer (two refreshes on a two-thread pool would deadlock)
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(b.timeout).build();
    List<GithubEntityProvider> d = new ArrayList<>();
    for (GithubEntityProviderConfig c : GithubEntityProviderConfig.readAll(b.providers.path("github"))) {
      GithubGraphql g = graphql(b, http, c.host(), "GitHub provider '" + c.id()
          + "' of catalog.providers.github, host " + c.host());
      d.add(new GithubEntityProvider(c, g, backoff(b, c.schedule()), b));
    }
    List<GithubOrgEntityProvider> o = new ArrayList<>();
    for (GithubOrgEntityProviderConfig c
        : GithubOrgEntityProviderConfig.readAll(b.providers.path("githubOrg"))) {
      GithubGraphql g = graphql(b, http, c.host(), "GitHub org provider '" + c.id()
          + "' of catalog.providers.githubOrg, githubUrl " + c.githubUrl());
      o.add(new GithubOrgEntityProvider(c, g, backoff(b, c.schedule()), b));
    }
    this.discovery = List.copyOf(d);
    this.org = List.copyOf(o);
  }

  private GithubGraphql graphql(Builder b, HttpClient http, String host, String key) {
    GithubCredentialsProvider creds = b.integrations.githubCredentials(host)
        .orElseThrow(() -> new IllegalArgumentException(key + ": there is no GitHub integration"
            + " for host " + host + "; add an entry for it under integrations.github"));
    return new GithubGraphql(http, creds, b.timeout, b.maxBytes, b.clock, requests::incrementAndGet);
  }

  /** The back-off of a provider whose config has {@code configured}; the code's schedule wins. */
  private static Backoff backoff(Builder b, TaskSchedule configured) {
    TaskSchedule code = b.codeSchedule();
    TaskSchedule schedule = code != null ? code : configured;
    Duration frequency = schedule.frequency();
    Duration max = frequency == null || frequency.compareTo(Duration.ofHours(1)) > 0
        ? Duration.ofHours(1) : frequency;
    Duration base = b.backoffBase.compareTo(max) > 0 ? max : b.backoffBase;
    return new Backoff(b.clock, base, max);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The discovery providers of {@code catalog.providers.github}. */
  public List<GithubEntityProvider> discoveryProviders() {
    return discovery;
  }

  /** The org providers of {@code catalog.providers.githubOrg}. */
  public List<GithubOrgEntityProvider> orgProviders() {
    return org;
  }

  /** Every provider, for the engine's builder. */
  public List<EntityProvider> entityProviders() {
    List<EntityProvider> all = new ArrayList<>(discovery);
    all.addAll(org);
    return List.copyOf(all);
  }

  /** Every provider as an event subscriber. */
  public List<EventSubscriber> subscribers() {
    List<EventSubscriber> all = new ArrayList<>(discovery);
    all.addAll(org);
    return List.copyOf(all);
  }

  /** Subscribes every provider to {@code broker}; {@link #close()} unsubscribes them. */
  public synchronized GithubProviders subscribe(EventBroker broker) {
    for (EventSubscriber s : subscribers()) {
      subscriptions.add(broker.subscribe(s));
    }
    return this;
  }

  /** Whether the config asked for no provider. */
  public boolean isEmpty() {
    return discovery.isEmpty() && org.isEmpty();
  }

  /** GraphQL requests sent so far by all providers. */
  public long graphqlRequests() {
    return requests.get();
  }

  /** Stops the schedules and the subscriptions. */
  @Override
  public synchronized void close() {
    subscriptions.forEach(EventBroker.Subscription::close);
    subscriptions.clear();
    discovery.forEach(GithubEntityProvider::close);
    org.forEach(GithubOrgEntityProvider::close);
  }

  /**
   * Settings of {@link GithubProviders}; each is checked when set. The {@link SchedulingBuilder}
   * part: with the host's {@code scheduler}, each provider refreshes on its schedule once the
   * engine connects it (without one, the host calls {@code refresh()}); the host's {@code
   * executor} runs the refreshes (the scheduler's threads when not set; the HTTP client keeps the
   * JDK's threads); a {@code schedule} given in code overrides every provider's config, as
   * Backstage's {@code schedule} option does.
   */
  public static final class Builder extends SchedulingBuilder<Builder> {
    private JsonNode providers = tools.jackson.databind.node.MissingNode.getInstance();
    private ScmIntegrations integrations = ScmIntegrations.builder().build();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(60);
    private long maxBytes = 32L * 1024 * 1024;
    private Duration backoffBase = Duration.ofMinutes(1);

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The {@code catalog.providers} subtree (its {@code github} and {@code githubOrg} keys). */
    public Builder config(JsonNode catalogProviders) {
      this.providers = Objects.requireNonNull(catalogProviders, "catalogProviders");
      return this;
    }

    /** The integrations whose GitHub credentials the providers use (by host). */
    public Builder integrations(ScmIntegrations integrations) {
      this.integrations = Objects.requireNonNull(integrations, "integrations");
      return this;
    }

    /** The clock of back-off and rate-limit resets. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The timeout of one GraphQL request; 60 s by default. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The largest GraphQL answer read; 32 MiB by default. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1024) {
        throw new IllegalArgumentException("maxBytes must be at least 1024, was " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * The first wait after a failure without GitHub's own {@code retry-after}; doubled per
     * failure in a row, at most the schedule's frequency (and an hour). 1 minute by default.
     */
    public Builder backoff(Duration base) {
      if (base.isNegative() || base.isZero()) {
        throw new IllegalArgumentException("backoff must be positive, was " + base);
      }
      this.backoffBase = base;
      return this;
    }

    /**
     * The providers.
     *
     * @throws IllegalArgumentException naming the config key of a wrong value, or a host without
     *     a GitHub integration
     */
    public GithubProviders build() {
      return new GithubProviders(this);
    }
  }
}
