package dev.greenroom.catalog.processing.schedule;

import static dev.greenroom.catalog.processing.schedule.ScheduleFixtures.CONNECTION;
import static dev.greenroom.catalog.processing.schedule.ScheduleFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A facade's providers as {@link ScheduledProviders} assembles them from a {@link SchedulingBuilder}. */
class ScheduledProvidersTest {
  static final TaskSchedule EVERY_HOUR = TaskSchedule.every(Duration.ofHours(1), Duration.ofMinutes(1));
  static final TaskSchedule MANUAL = TaskSchedule.manual(Duration.ofMinutes(1));

  /** A facade's builder: only the scheduling part. */
  static final class Settings extends SchedulingBuilder<Settings> {
    @Override
    protected Settings self() {
      return this;
    }
  }

  /** The module's config exception. */
  static final class ConfigException extends RuntimeException {
    ConfigException(String message) {
      super(message);
    }
  }

  /** A provider that only has a name. */
  record Named(String name) implements EntityProvider {
    @Override
    public void connect(EntityProviderConnection connection) {}
  }

  static EntityProvider provider(String name) {
    return new Named(name);
  }

  @AutoClose
  private final ScheduleFixtures.HostThreads threads = new ScheduleFixtures.HostThreads();
  private final ScheduledExecutorService scheduler = threads.scheduler;

  @Test
  void withoutASchedulerTheProvidersAreHandedOverAsTheyAreAndNeedNoSchedule() {
    EntityProvider a = provider("a");
    EntityProvider b = provider("b");
    ScheduledProviders.Assembly assembly = ScheduledProviders.assembly(new Settings(),
        ConfigException::new);
    assembly.add(a, () -> {}, null, "catalog.providers.x.a.schedule");
    assembly.add(b, () -> {}, EVERY_HOUR, "catalog.providers.x.b.schedule");
    ScheduledProviders built = assembly.build();
    assertThat(built.providers()).as("not wrapped").containsExactly(a, b);
    assertThat(built.isEmpty()).isFalse();
    built.triggerAll(); // nothing scheduled: nothing to run, nothing thrown
    built.close();
  }

  @Test
  void nothingAddedIsEmpty() {
    ScheduledProviders built = ScheduledProviders.assembly(new Settings().scheduler(scheduler),
        ConfigException::new).build();
    assertThat(built.isEmpty()).isTrue();
    assertThat(built.providers()).isEmpty();
  }

  @Test
  void theConfigsScheduleWinsOverTheCodesWhichStandsInForAMissingOne() {
    Settings settings = new Settings().scheduler(scheduler).schedule(MANUAL);
    ScheduledProviders.Assembly assembly = ScheduledProviders.assembly(settings, ConfigException::new);
    assembly.add(provider("configured"), () -> {}, EVERY_HOUR, "k.configured.schedule");
    assembly.add(provider("unconfigured"), () -> {}, null, "k.unconfigured.schedule");
    ScheduledProviders built = assembly.build();
    assertThat(built.providers()).extracting(p -> ((ScheduledEntityProvider) p).schedule())
        .containsExactly(EVERY_HOUR, MANUAL);
    assertThat(built.providers()).extracting(EntityProvider::name)
        .containsExactly("configured", "unconfigured");
  }

  @Test
  void aProviderWithoutAnyScheduleFailsWithTheModulesExceptionNamingItsKey() {
    ScheduledProviders.Assembly assembly = ScheduledProviders.assembly(
        new Settings().scheduler(scheduler), ConfigException::new);
    assertThatThrownBy(() -> assembly.add(provider("gerrit-provider:x"), () -> {}, null,
        "catalog.providers.gerrit.x.schedule"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("No schedule provided neither via code nor config for gerrit-provider:x:"
            + " catalog.providers.gerrit.x.schedule is required (frequency and timeout)");
  }

  @Test
  void triggerAllRunsEveryConnectedProviderAndCloseStopsThem() throws Exception {
    AtomicInteger runsA = new AtomicInteger();
    AtomicInteger runsB = new AtomicInteger();
    ScheduledProviders.Assembly assembly = ScheduledProviders.assembly(
        new Settings().scheduler(scheduler).executor(threads.workers).schedule(MANUAL),
        ConfigException::new);
    assembly.add(provider("a"), runsA::incrementAndGet, null, "k.a.schedule");
    assembly.add(provider("b"), runsB::incrementAndGet, null, "k.b.schedule");
    ScheduledProviders built = assembly.build();
    for (EntityProvider p : built.providers()) {
      p.connect(CONNECTION);
    }
    Thread.sleep(100);
    assertThat(runsA).as("manual: nothing runs before a trigger").hasValue(0);
    built.triggerAll();
    await(() -> runsA.get() == 1 && runsB.get() == 1);
    built.close();
    built.close(); // idempotent
    built.triggerAll();
    Thread.sleep(100);
    assertThat(runsA).as("closed: a trigger runs nothing").hasValue(1);
    assertThat(runsB).hasValue(1);
    assertThat(built.providers()).noneMatch(p -> ((ScheduledEntityProvider) p).trigger());
  }

  @Test
  void theSettersRefuseNullAndReturnTheModulesBuilder() {
    Settings settings = new Settings();
    assertThat(settings.scheduler(scheduler)).isSameAs(settings);
    assertThat(settings.hostScheduler()).isSameAs(scheduler);
    assertThat(settings.hostExecutor()).isNull();
    assertThat(settings.codeSchedule()).isNull();
    assertThatThrownBy(() -> settings.scheduler(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("scheduler");
    assertThatThrownBy(() -> settings.executor(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("executor");
    assertThatThrownBy(() -> settings.schedule(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("schedule");
  }

  @Test
  void pickTakesTheFirstScheduleGivenAndNoneWithoutAScheduler() {
    Settings settings = new Settings();
    assertThat(settings.pick("p", "k", null, null, ConfigException::new))
        .as("no scheduler: nothing is scheduled, so no schedule is needed").isNull();
    settings.scheduler(scheduler);
    assertThat(settings.pick("p", "k", MANUAL, EVERY_HOUR, ConfigException::new)).isEqualTo(MANUAL);
    assertThat(settings.pick("p", "k", null, EVERY_HOUR, ConfigException::new)).isEqualTo(EVERY_HOUR);
    assertThatThrownBy(() -> settings.pick("p", "k", null, null, ConfigException::new))
        .isInstanceOf(ConfigException.class).hasMessageContaining("for p: k is required");
  }
}
