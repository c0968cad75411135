package dev.greenroom.events.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import dev.greenroom.testsupport.PgSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Two brokers on one PostgreSQL database, as two hosts would have. */
class PostgresEventBrokerTest {
  static final PgSchema SCHEMA = new PgSchema("gr_event_bus_test");

  HikariDataSource dsA;
  HikariDataSource dsB;
  PostgresEventBroker a;
  PostgresEventBroker b;

  @BeforeEach
  void open() {
    SCHEMA.recreate();
    dsA = DataSources.postgres(SCHEMA.url());
    dsB = DataSources.postgres(SCHEMA.url());
    a = EventBroker.postgres(dsA).build();
    b = EventBroker.postgres(dsB).build();
    awaitListening(a);
    awaitListening(b);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    dsA.close();
    dsB.close();
  }

  @AfterAll
  static void drop() {
    SCHEMA.drop();
  }

  static void awaitListening(PostgresEventBroker broker) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!broker.listening() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(broker.listening()).isTrue();
  }

  static EventSubscriber recorder(String id, List<String> seen, boolean remote, String... topics) {
    return new EventSubscriber() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Set<String> topics() {
        return Set.of(topics);
      }

      @Override
      public void onEvent(EventParams event) {
        seen.add(id + ":" + event.topic() + ":" + event.payload().path("n").asInt() + ":"
            + event.metadata().getOrDefault("x-github-event", ""));
      }

      @Override
      public boolean receivesRemoteEvents() {
        return remote;
      }
    };
  }

  static EventParams event(String topic, int n) {
    return new EventParams(topic, JsonNodeFactory.instance.objectNode().put("n", n),
        Map.of("x-github-event", "push"));
  }

  static void await(List<String> seen, int size) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (seen.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void anEventPublishedOnOneHostReachesTheOtherOnceAndHereOnce() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    a.subscribe(recorder("a", seen, true, "github.push"));
    b.subscribe(recorder("b", seen, true, "github.push"));
    a.publish(event("github.push", 1));
    b.publish(event("github.push", 2));
    b.publish(event("other", 3));
    await(seen, 4);
    Thread.sleep(300); // nothing more comes
    assertThat(seen).containsExactlyInAnyOrder(
        "a:github.push:1:push", "b:github.push:1:push", "a:github.push:2:push", "b:github.push:2:push");
  }

  @Test
  void eventsFromAnotherHostArriveInTheOrderTheyWerePublished() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    b.subscribe(recorder("b", seen, true, "t"));
    for (int i = 0; i < 20; i++) {
      a.publish(event("t", i));
    }
    await(seen, 20);
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add("b:t:" + i + ":push");
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void localOnlySubscribersSeeOnlyTheirHostsEvents() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    b.subscribe(recorder("router", seen, false, "github"));
    b.subscribe(recorder("all", seen, true, "github"));
    a.publish(event("github", 1));
    await(seen, 1);
    Thread.sleep(300);
    assertThat(seen).containsExactly("all:github:1:push");
    b.publish(event("github", 2));
    assertThat(seen).contains("router:github:2:push", "all:github:2:push");
  }

  @Test
  void aBrokerThatReconnectsCatchesUpOnWhatItMissed() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    b.subscribe(recorder("b", seen, true, "t"));
    // end b's listening session from the database side, as a failover would
    try (var c = java.sql.DriverManager.getConnection(SCHEMA.url());
        var s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE application_name = 'greenroom-event-bus' AND datname = current_database()");
    }
    a.publish(event("t", 7));
    await(seen, 1);
    assertThat(seen).containsExactly("b:t:7:push");
  }

  @Test
  void rowsOlderThanTheRetentionAreDeletedByPublishers() throws Exception {
    try (PostgresEventBroker shortLived =
        EventBroker.postgres(dsA).retention(Duration.ofMillis(1)).build()) {
      shortLived.publish(event("t", 1));
      Thread.sleep(20);
      shortLived.publish(event("t", 2));
      try (var c = dsA.getConnection();
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT payload FROM gr_event_bus")) {
        List<String> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
        assertThat(rows).containsExactly("{\"n\":2}");
      }
    }
  }

  @Test
  void anUnsubscribedSubscriberHearsNothingAndH2IsRefused() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    EventBroker.Subscription s = b.subscribe(recorder("b", seen, true, "t"));
    s.close();
    a.publish(event("t", 1));
    Thread.sleep(300);
    assertThat(seen).isEmpty();
    try (HikariDataSource h2 = DataSources.h2InMemory("bus-h2")) {
      assertThatThrownBy(() -> EventBroker.postgres(h2).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PostgreSQL").hasMessageContaining("inMemory");
    }
  }
}
