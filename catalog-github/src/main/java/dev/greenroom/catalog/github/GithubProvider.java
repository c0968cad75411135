package dev.greenroom.catalog.github;

import dev.greenroom.catalog.github.internal.Backoff;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.schedule.ProviderSchedule;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.events.EventSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What both GitHub providers share: the connection, the schedule (a {@link ProviderSchedule} on the
 * host's threads, started when the engine connects the provider), and a refresh that applies a
 * full mutation only when the whole read succeeded; a failed read keeps the last good entities and
 * backs off.
 */
abstract sealed class GithubProvider implements EntityProvider, EventSubscriber, AutoCloseable
    permits GithubEntityProvider, GithubOrgEntityProvider {
  private final String name;
  private final ProviderSchedule schedule;
  final Backoff backoff;
  private volatile @Nullable EntityProviderConnection connection;
  private volatile @Nullable String lastError;

  /**
   * A provider named {@code name}, scheduled with {@code settings}' scheduler on the schedule
   * given in code, else {@code configured} (Backstage's {@code schedule} option overrides the
   * config's).
   */
  GithubProvider(String name, Backoff backoff, SchedulingBuilder<?> settings,
      TaskSchedule configured, String scheduleKey) {
    this.name = name;
    this.backoff = backoff;
    this.schedule = ProviderSchedule.of(settings, name, this::scheduledRun,
        settings.codeSchedule(), configured, scheduleKey, IllegalArgumentException::new);
  }

  abstract Logger log();

  /** Reads the whole source. */
  abstract List<DeferredEntity> read();

  /**
   * The provider's name, as Backstage names it: {@code github-provider:<id>} (also the location key
   * of the discovery provider's entities) or {@code GithubMultiOrgEntityProvider:<id>}.
   */
  @Override
  public final String name() {
    return name;
  }

  @Override
  public String id() {
    return name;
  }

  /**
   * Keeps the connection and, when the host gave a scheduler, starts the schedule (the first run
   * after the schedule's initial delay); connected again, the schedule goes on; once closed, none
   * starts.
   */
  @Override
  public void connect(EntityProviderConnection connection) {
    this.connection = connection;
    schedule.start();
  }

  /** The schedule the provider refreshes on, or null when the host gave no scheduler. */
  public @Nullable TaskSchedule schedule() {
    return schedule.schedule();
  }

  final EntityProviderConnection connection() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to a catalog engine yet");
    }
    return c;
  }

  /**
   * Reads the source now and replaces this provider's entities with what it found.
   *
   * @return false when the provider is backing off after a failure and asked nothing
   * @throws GithubProviderException when GitHub could not be read; nothing changed, and the
   *     provider backs off
   * @throws IllegalStateException before the engine has connected the provider
   */
  public boolean refresh() {
    EntityProviderConnection c = connection();
    if (!backoff.allowed()) {
      log().info("{} waits until {} before asking GitHub again", name(), backoff.until());
      return false;
    }
    List<DeferredEntity> entities;
    try {
      entities = read();
    } catch (GithubProviderException e) {
      Duration wait = backoff.failed(e.retryAfter());
      lastError = e.getMessage();
      log().warn("{} refresh failed, its last entities stay; next attempt in {} s: {}", name(),
          wait.toSeconds(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // an answer this code did not expect (an entity GitHub data cannot make): same rule
      Duration wait = backoff.failed(java.util.Optional.empty());
      lastError = e.toString();
      log().warn("{} refresh failed, its last entities stay; next attempt in {} s", name(),
          wait.toSeconds(), e);
      throw e;
    }
    c.applyMutation(EntityMutation.full(entities));
    backoff.succeeded();
    lastError = null;
    log().info("{} applied {} entities", name(), entities.size());
    return true;
  }

  /** Until when the provider waits after failures; {@link Instant#MIN} when it does not. */
  public Instant backingOffUntil() {
    return backoff.until();
  }

  /** The message of the last failed refresh, or null after a good one. */
  public @Nullable String lastError() {
    return lastError;
  }

  /**
   * Runs a refresh on the schedule's threads now (or right after the one running; nothing once
   * closed); without a schedule (no scheduler, or not connected yet), at once on this thread.
   */
  public void trigger() {
    if (!schedule.trigger()) {
      scheduledRun();
    }
  }

  private void scheduledRun() {
    try {
      refresh();
    } catch (GithubProviderException e) {
      // logged by refresh
    }
  }

  /** Stops the schedule; a refresh going now is interrupted. Idempotent. */
  @Override
  public void close() {
    schedule.close();
  }
}
