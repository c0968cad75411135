package dev.greenroom.catalog.github;

import static dev.greenroom.catalog.github.GithubFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.github.FakeGithub;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitHub providers on the host's scheduler and executor (the shared ProviderSchedule). */
class GithubSchedulingTest {
  private static final String CONFIG = """
      {"github": {"organization": "acme", "host": "HOST",
         "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 1},
                      "initialDelay": {"milliseconds": 400}}},
       "githubOrg": {"id": "production", "githubUrl": "https://HOST", "orgs": ["acme"],
         "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 1},
                      "initialDelay": {"milliseconds": 400}}}}""";

  FakeGithub github;
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1,
      r -> new Thread(r, "host-scheduler"));
  final AtomicInteger workerCount = new AtomicInteger();
  final ExecutorService workers = Executors.newFixedThreadPool(2,
      r -> new Thread(r, "host-worker-" + workerCount.incrementAndGet()));
  /** What each connection received, and on which threads mutations came. */
  final List<EntityMutation> discovered = new CopyOnWriteArrayList<>();
  final List<EntityMutation> org = new CopyOnWriteArrayList<>();
  final List<List<String>> refreshes = new CopyOnWriteArrayList<>();
  final Set<String> mutationThreads = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    github = GithubFixture.acme();
  }

  @AfterEach
  void stop() throws Exception {
    github.close();
    workers.shutdownNow();
    scheduler.shutdownNow();
    assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  GithubProviders.Builder builder() {
    return GithubProviders.builder()
        .config(Json.parse(CONFIG.replace("HOST", github.host())))
        .integrations(GithubFixture.integrations(github, TOKEN))
        .scheduler(scheduler).executor(workers);
  }

  EntityProviderConnection recording(List<EntityMutation> into) {
    return new EntityProviderConnection() {
      @Override
      public void applyMutation(EntityMutation mutation) {
        mutationThreads.add(Thread.currentThread().getName());
        into.add(mutation);
      }

      @Override
      public void refresh(Collection<String> keys) {
        refreshes.add(List.copyOf(keys));
      }
    };
  }

  @Test
  void configSchedulesRunOnTheHostsThreadsAfterTheInitialDelayAndEventsStillWork() throws Exception {
    try (GithubProviders providers = builder().build()) {
      GithubEntityProvider d = providers.discoveryProviders().get(0);
      GithubOrgEntityProvider o = providers.orgProviders().get(0);
      assertThat(d.schedule().initialDelay()).isEqualTo(Duration.ofMillis(400));
      assertThat(o.schedule().frequency()).isEqualTo(Duration.ofHours(1));
      EventBroker broker = EventBroker.inMemory();
      providers.subscribe(broker);
      d.connect(recording(discovered));
      o.connect(recording(org));
      d.connect(recording(discovered)); // connected again: still one schedule
      Thread.sleep(150);
      assertThat(discovered).as("before the initial delay").isEmpty();
      await(() -> discovered.size() == 1 && org.size() == 1);
      Thread.sleep(300);
      assertThat(discovered).as("one schedule, not two").hasSize(1);
      assertThat(discovered.get(0)).isInstanceOf(EntityMutation.Full.class);

      // an org event re-reads on the host's workers; a push refreshes the repository's entities
      broker.publish(new EventParams("github.organization", Json.parse(
          "{\"action\": \"member_added\", \"organization\": {\"login\": \"acme\"}}"), Map.of()));
      await(() -> org.size() == 2);
      String repoUrl = "https://" + github.host() + "/acme/service-a";
      broker.publish(new EventParams("github.push", Json.parse("""
          {"ref": "refs/heads/main", "organization": {"login": "acme"},
           "repository": {"name": "service-a", "html_url": "%s", "default_branch": "main",
             "topics": [], "archived": false, "fork": false, "visibility": "private",
             "owner": {"login": "acme"}},
           "commits": [{"added": [], "removed": [], "modified": ["catalog-info.yaml"]}]}
          """.formatted(repoUrl)), Map.of()));
      assertThat(refreshes).containsExactly(List.of(
          "url:" + repoUrl + "/tree/main/catalog-info.yaml",
          "url:" + repoUrl + "/blob/main/catalog-info.yaml"));
      assertThat(mutationThreads).as("no thread of the providers' own")
          .allMatch(t -> t.startsWith("host-worker-"));

      providers.close();
      d.trigger();
      o.onEvent(new EventParams("github.team", Json.parse(
          "{\"action\": \"created\", \"organization\": {\"login\": \"acme\"}}"), Map.of()));
      d.connect(recording(discovered));
      Thread.sleep(700); // past the initial delay of a schedule the connect would have started
      assertThat(discovered).as("closed: no run, and a connect starts none").hasSize(1);
      assertThat(org).hasSize(2);
    }
  }

  @Test
  void aScheduleInCodeOverridesTheConfigs() throws Exception {
    try (GithubProviders providers = builder()
        .schedule(TaskSchedule.manual(Duration.ofMinutes(1))).build()) {
      GithubEntityProvider d = providers.discoveryProviders().get(0);
      assertThat(d.schedule().isManual()).isTrue();
      assertThat(providers.orgProviders().get(0).schedule().isManual()).isTrue();
      d.connect(recording(discovered));
      Thread.sleep(600);
      assertThat(discovered).as("manual: runs only when triggered").isEmpty();
      d.trigger();
      await(() -> discovered.size() == 1);
      assertThat(mutationThreads).allMatch(t -> t.startsWith("host-worker-"));
    }
  }

  @Test
  void withoutASchedulerNothingIsScheduledAndTriggerRunsOnTheCallersThread() {
    try (GithubProviders providers = GithubProviders.builder()
        .config(Json.parse(CONFIG.replace("HOST", github.host())))
        .integrations(GithubFixture.integrations(github, TOKEN)).build()) {
      GithubEntityProvider d = providers.discoveryProviders().get(0);
      assertThat(d.schedule()).isNull();
      d.connect(recording(discovered));
      d.trigger();
      assertThat(discovered).hasSize(1);
      assertThat(mutationThreads).containsExactly(Thread.currentThread().getName());
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
