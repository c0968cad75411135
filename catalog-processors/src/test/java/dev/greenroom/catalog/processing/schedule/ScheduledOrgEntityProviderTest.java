package dev.greenroom.catalog.processing.schedule;

import static dev.greenroom.catalog.processing.schedule.ScheduleFixtures.CONNECTION;
import static dev.greenroom.catalog.processing.schedule.ScheduleFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The run, connection and schedule that the LDAP and Microsoft Graph providers share. */
class ScheduledOrgEntityProviderTest {
  static final TaskSchedule EVERY_HOUR = TaskSchedule.every(Duration.ofHours(1), Duration.ofMinutes(1));
  static final TaskSchedule MANUAL = TaskSchedule.manual(Duration.ofMinutes(1));

  record Directory(List<Entity> users, List<Entity> groups)
      implements ScheduledOrgEntityProvider.Org {}

  static final class DirectoryException extends RuntimeException {
    DirectoryException(String message) {
      super(message);
    }
  }

  /** An org provider over a directory held in memory. */
  static final class DirectoryProvider extends ScheduledOrgEntityProvider<Directory> {
    final AtomicInteger reads = new AtomicInteger();
    volatile Directory directory = new Directory(List.of(), List.of());
    volatile @Nullable RuntimeException failure;

    DirectoryProvider(Builder b) {
      super("DirectoryProvider:corp", "directory", "directory-provider:corp", b, b.configured,
          "catalog.providers.directory.corp.schedule", DirectoryException::new);
    }

    @Override
    public Directory readOrg() {
      reads.incrementAndGet();
      RuntimeException f = failure;
      if (f != null) {
        throw f;
      }
      return directory;
    }

    @Override
    protected String location(Entity entity) {
      String dn = entity.metadata().annotation("example.com/dn");
      return "dir://corp/" + encodeUriComponent(dn != null ? dn : entity.ref().name());
    }

    @Override
    protected String source() {
      return "from memory";
    }
  }

  static final class Builder extends SchedulingBuilder<Builder> {
    @Nullable TaskSchedule configured;

    @Override
    protected Builder self() {
      return this;
    }

    Builder configured(TaskSchedule schedule) {
      this.configured = schedule;
      return this;
    }

    DirectoryProvider build() {
      return new DirectoryProvider(this);
    }
  }

  static Entity user(String name, String annotations) {
    return entity("User", name, annotations, "{\"memberOf\":[]}");
  }

  static Entity group(String name, String annotations) {
    return entity("Group", name, annotations, "{\"type\":\"team\",\"children\":[]}");
  }

  static Entity entity(String kind, String name, String annotations, String spec) {
    return Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"" + kind
        + "\",\"metadata\":{\"name\":\"" + name + "\",\"annotations\":{" + annotations
        + "}},\"spec\":" + spec + "}");
  }

  static boolean has(CatalogEngine engine, String ref) {
    return engine.catalog().entity(EntityRef.parse(ref)).isPresent();
  }

  @AutoClose
  private final ScheduleFixtures.HostThreads threads = new ScheduleFixtures.HostThreads();
  private final ScheduledExecutorService scheduler = threads.scheduler;

  @Test
  void eachReadReplacesTheWholeSetAndAFailedOneAppliesNothing() {
    DirectoryProvider p = new Builder().build();
    p.directory = new Directory(
        List.of(user("alice", "\"example.com/dn\":\"uid=alice,dc=example\"")),
        List.of(group("team-a", "\"backstage.io/managed-by-location\":\"mine:team-a\"")));
    try (CatalogEngine engine = CatalogEngine.builder().provider(p).processingDisabled().build()) {
      engine.start();
      assertThat(p.read()).isSameAs(p.directory);
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

      Entity alice = engine.catalog().entity(EntityRef.parse("user:default/alice")).orElseThrow();
      assertThat(alice.metadata().annotation("backstage.io/managed-by-location"))
          .isEqualTo("dir://corp/uid%3Dalice%2Cdc%3Dexample");
      assertThat(alice.metadata().annotation("backstage.io/managed-by-origin-location"))
          .isEqualTo("dir://corp/uid%3Dalice%2Cdc%3Dexample");
      Entity team = engine.catalog().entity(EntityRef.parse("group:default/team-a")).orElseThrow();
      assertThat(team.metadata().annotation("backstage.io/managed-by-location"))
          .as("a location set before (by a transformer) stays").isEqualTo("mine:team-a");
      assertThat(team.metadata().annotation("backstage.io/managed-by-origin-location"))
          .isEqualTo("dir://corp/team-a");

      // the next read replaces the whole set: bob comes, alice and team-a go
      p.directory = new Directory(List.of(user("bob", "")), List.of());
      p.read();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(has(engine, "user:default/bob")).isTrue();
      assertThat(has(engine, "user:default/alice")).isFalse();
      assertThat(has(engine, "group:default/team-a")).isFalse();

      // a failed read throws the module's exception and applies nothing: bob stays
      p.failure = new DirectoryException("DirectoryProvider:corp: the server is down");
      assertThatThrownBy(p::read).isSameAs(p.failure);
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(has(engine, "user:default/bob")).isTrue();
    }
  }

  @Test
  void beforeTheEngineConnectsItNothingIsReadAndWithoutASchedulerNothingCanBeTriggered() {
    DirectoryProvider p = new Builder().build();
    assertThatThrownBy(p::read).isInstanceOf(IllegalStateException.class)
        .hasMessage("DirectoryProvider:corp is not connected to an engine yet");
    assertThat(p.reads).hasValue(0);
    p.connect(CONNECTION);
    assertThatThrownBy(p::trigger).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DirectoryProvider:corp has no schedule running");
    assertThat(p.name()).isEqualTo("DirectoryProvider:corp");
    assertThat(p.toString()).isEqualTo("DirectoryProvider:corp");
  }

  @Test
  void withASchedulerConnectingStartsTheScheduleAndTriggerRunsARead() throws Exception {
    DirectoryProvider p = new Builder().scheduler(scheduler).configured(MANUAL).build();
    assertThatThrownBy(p::trigger).as("not connected yet")
        .isInstanceOf(IllegalStateException.class);
    p.connect(CONNECTION);
    p.connect(CONNECTION); // connected again: still one schedule
    Thread.sleep(100);
    assertThat(p.reads).as("manual: no read before a trigger").hasValue(0);
    p.trigger();
    await(() -> p.reads.get() == 1);
    p.close();
    p.close(); // idempotent
    p.trigger(); // closed: runs nothing
    Thread.sleep(100);
    assertThat(p.reads).hasValue(1);
  }

  @Test
  void theCodesScheduleOverridesTheConfigs() throws Exception {
    DirectoryProvider p = new Builder().scheduler(scheduler).executor(threads.workers)
        .configured(MANUAL).schedule(EVERY_HOUR).build();
    p.connect(CONNECTION);
    await(() -> p.reads.get() == 1); // every hour, the first run at once; manual would not run
    p.close();
  }

  @Test
  void aSchedulerWithoutAnyScheduleFailsTheBuildNamingTheKey() {
    assertThatThrownBy(() -> new Builder().scheduler(scheduler).build())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("DirectoryProvider:corp")
        .hasMessageContaining("catalog.providers.directory.corp.schedule is required");
  }

  @Test
  void encodeUriComponentIsJavaScripts() {
    assertThat(ScheduledOrgEntityProvider.encodeUriComponent("cn=Ann Ö,dc=x!~*'()-_."))
        .isEqualTo("cn%3DAnn%20%C3%96%2Cdc%3Dx!~*'()-_.");
  }
}
