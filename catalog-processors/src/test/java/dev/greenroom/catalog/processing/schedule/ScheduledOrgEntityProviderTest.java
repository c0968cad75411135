package dev.greenroom.catalog.processing.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
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
      super("DirectoryProvider:corp", "directory-provider:corp", b, b.configured,
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
    protected String kind() {
      return "directory";
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

  static final class Recording implements EntityProviderConnection {
    final List<EntityMutation> mutations = new CopyOnWriteArrayList<>();

    @Override
    public void applyMutation(EntityMutation mutation) {
      mutations.add(mutation);
    }

    @Override
    public void refresh(Collection<String> keys) {}
  }

  static Entity entity(String kind, String name, String annotations) {
    return Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"" + kind
        + "\",\"metadata\":{\"name\":\"" + name + "\",\"annotations\":{" + annotations
        + "}},\"spec\":{}}");
  }

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final Recording connection = new Recording();

  @AfterEach
  void stop() throws InterruptedException {
    scheduler.shutdownNow();
    assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void aReadReplacesTheEntitiesWithUsersThenGroupsUnderTheLocationKey() {
    DirectoryProvider p = new Builder().build();
    Entity alice = entity("User", "alice", "\"example.com/dn\":\"uid=alice,dc=example\"");
    Entity team = entity("Group", "team-a", "\"backstage.io/managed-by-location\":\"mine:team-a\"");
    p.directory = new Directory(List.of(alice), List.of(team));
    p.connect(connection);

    assertThat(p.read()).isSameAs(p.directory);

    assertThat(connection.mutations).hasSize(1);
    EntityMutation.Full full = (EntityMutation.Full) connection.mutations.get(0);
    assertThat(full.entities()).extracting(DeferredEntity::locationKey)
        .containsOnly("directory-provider:corp");
    Entity user = full.entities().get(0).entity();
    assertThat(user.ref().name()).isEqualTo("alice");
    assertThat(user.metadata().annotation("backstage.io/managed-by-location"))
        .isEqualTo("dir://corp/uid%3Dalice%2Cdc%3Dexample");
    assertThat(user.metadata().annotation("backstage.io/managed-by-origin-location"))
        .isEqualTo("dir://corp/uid%3Dalice%2Cdc%3Dexample");
    Entity group = full.entities().get(1).entity();
    assertThat(group.metadata().annotation("backstage.io/managed-by-location"))
        .as("a location set before (by a transformer) stays").isEqualTo("mine:team-a");
    assertThat(group.metadata().annotation("backstage.io/managed-by-origin-location"))
        .isEqualTo("dir://corp/team-a");
  }

  @Test
  void aFailedReadAppliesNothingAndThrowsTheModulesException() {
    DirectoryProvider p = new Builder().build();
    p.connect(connection);
    p.failure = new DirectoryException("DirectoryProvider:corp: the server is down");
    assertThatThrownBy(p::read).isSameAs(p.failure);
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void beforeTheEngineConnectsItNothingIsReadAndWithoutASchedulerNothingCanBeTriggered() {
    DirectoryProvider p = new Builder().build();
    assertThatThrownBy(p::read).isInstanceOf(IllegalStateException.class)
        .hasMessage("DirectoryProvider:corp is not connected to an engine yet");
    assertThat(p.reads).hasValue(0);
    p.connect(connection);
    assertThatThrownBy(p::trigger).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DirectoryProvider:corp has no schedule running");
    assertThat(p.name()).isEqualTo("DirectoryProvider:corp");
    assertThat(p.toString()).isEqualTo("DirectoryProvider:corp");
    assertThat(p.readOrg()).as("readOrg applies nothing").isNotNull();
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void withASchedulerConnectingStartsTheScheduleAndTriggerRunsARead() throws Exception {
    DirectoryProvider p = new Builder().scheduler(scheduler).configured(MANUAL).build();
    assertThatThrownBy(p::trigger).as("not connected yet")
        .isInstanceOf(IllegalStateException.class);
    p.connect(connection);
    p.connect(connection); // connected again: still one schedule
    Thread.sleep(100);
    assertThat(p.reads).as("manual: no read before a trigger").hasValue(0);
    p.trigger();
    await(() -> connection.mutations.size() == 1);
    p.close();
    p.close(); // idempotent
    p.trigger(); // closed: runs nothing
    Thread.sleep(100);
    assertThat(p.reads).hasValue(1);
  }

  @Test
  void theCodesScheduleOverridesTheConfigs() throws Exception {
    DirectoryProvider p = new Builder().scheduler(scheduler).configured(MANUAL)
        .schedule(EVERY_HOUR).build();
    p.connect(connection);
    await(() -> connection.mutations.size() == 1); // every hour, the first run at once
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
