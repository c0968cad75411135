package dev.greenroom.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link NotificationStore} does; run on memory, H2 and PostgreSQL. */
abstract class NotificationStoreContract {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String ALICE = "user:default/alice";
  static final String BOB = "user:default/bob";

  NotificationStore store;

  protected abstract NotificationStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static Notification note(String id, String user, Instant at, String title) {
    return new Notification(id, user, at, null, null, null, "plugin:test",
        new NotificationPayload(title, "about " + title, "/catalog", Severity.HIGH, "deploys",
            null, "alert"));
  }

  @Test
  void storedNotificationComesBackWholeForItsUserOnly() {
    store.insert(note("n1", ALICE, T0, "Deployed"));
    List<Notification> alice = visible(ALICE);
    assertThat(alice).containsExactly(note("n1", ALICE, T0, "Deployed"));
    assertThat(visible(BOB)).isEmpty();
  }

  @Test
  void readAndSavedMarksAreTheUsersOwn() {
    store.insert(note("n1", ALICE, T0, "a"));
    store.insert(note("n2", ALICE, T0.plusSeconds(1), "b"));
    store.markRead(BOB, List.of("n1"), T0.plusSeconds(5));
    assertThat(visible(ALICE)).allMatch(n -> n.read() == null);

    store.markRead(ALICE, List.of("n1", "unknown"), T0.plusSeconds(5));
    store.markSaved(ALICE, List.of("n2"), T0.plusSeconds(6));
    Notification n1 = byId(visible(ALICE), "n1");
    Notification n2 = byId(visible(ALICE), "n2");
    assertThat(n1.read()).isEqualTo(T0.plusSeconds(5));
    assertThat(n1.saved()).isNull();
    assertThat(n2.saved()).isEqualTo(T0.plusSeconds(6));
    assertThat(n2.read()).isNull();

    store.markRead(ALICE, List.of("n1"), null);
    assertThat(byId(visible(ALICE), "n1").read()).isNull();
  }

  @Test
  void broadcastIsSeenByEveryUserWithTheirOwnMarks() {
    Notification b = new Notification("b1", null, T0, null, null, null, "plugin:test",
        NotificationPayload.of("Maintenance tonight"));
    store.insert(b);
    assertThat(visible(ALICE)).containsExactly(b);
    assertThat(visible(BOB)).containsExactly(b);

    store.markRead(ALICE, List.of("b1"), T0.plusSeconds(1));
    store.markSaved(ALICE, List.of("b1"), T0.plusSeconds(2));
    assertThat(byId(visible(ALICE), "b1").read()).isEqualTo(T0.plusSeconds(1));
    assertThat(byId(visible(ALICE), "b1").saved()).isEqualTo(T0.plusSeconds(2));
    assertThat(byId(visible(BOB), "b1").read()).isNull();
    store.markRead(ALICE, List.of("b1"), T0.plusSeconds(3));
    assertThat(byId(visible(ALICE), "b1").read()).isEqualTo(T0.plusSeconds(3));
    assertThat(byId(visible(ALICE), "b1").saved()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void scopeFindsTheUsersOrTheBroadcastOfTheSameOrigin() {
    NotificationPayload scoped = new NotificationPayload(
        "Build failed", null, null, Severity.NORMAL, null, "build-42", null);
    store.insert(new Notification("n1", ALICE, T0, null, null, null, "plugin:ci", scoped));
    store.insert(new Notification("b1", null, T0, null, null, null, "plugin:ci", scoped));

    assertThat(store.findByScope(ALICE, "plugin:ci", "build-42")).map(Notification::id)
        .contains("n1");
    assertThat(store.findByScope(null, "plugin:ci", "build-42")).map(Notification::id)
        .contains("b1");
    assertThat(store.findByScope(BOB, "plugin:ci", "build-42")).isEmpty();
    assertThat(store.findByScope(ALICE, "plugin:other", "build-42")).isEmpty();
    assertThat(store.findByScope(ALICE, "plugin:ci", "build-43")).isEmpty();
  }

  @Test
  void replaceUpdatesPayloadAndClearsReadButKeepsSaved() {
    store.insert(note("n1", ALICE, T0, "Build failed"));
    store.markRead(ALICE, List.of("n1"), T0.plusSeconds(1));
    store.markSaved(ALICE, List.of("n1"), T0.plusSeconds(2));
    store.insert(new Notification("b1", null, T0, null, null, null, "plugin:test",
        NotificationPayload.of("old")));
    store.markRead(BOB, List.of("b1"), T0.plusSeconds(1));

    NotificationPayload fixed = new NotificationPayload(
        "Build fixed", null, null, Severity.LOW, null, "s", null);
    Notification r = store.replace("n1", fixed, T0.plusSeconds(10));
    assertThat(r.payload().title()).isEqualTo("Build fixed");
    assertThat(r.updated()).isEqualTo(T0.plusSeconds(10));
    assertThat(r.created()).isEqualTo(T0);

    Notification seen = byId(visible(ALICE), "n1");
    assertThat(seen.read()).isNull();
    assertThat(seen.saved()).isEqualTo(T0.plusSeconds(2));
    assertThat(seen.payload().title()).isEqualTo("Build fixed");
    assertThat(seen.payload().severity()).isEqualTo(Severity.LOW);

    store.replace("b1", NotificationPayload.of("new"), T0.plusSeconds(10));
    assertThat(byId(visible(BOB), "b1").read()).isNull();
    assertThatThrownBy(() -> store.replace("nope", fixed, T0))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void timesKeepMicroseconds() {
    Instant at = Instant.parse("2026-01-01T10:00:00.123456Z");
    store.insert(note("n1", ALICE, at, "t"));
    assertThat(visible(ALICE).get(0).created()).isEqualTo(at);
  }

  List<Notification> visible(String user) {
    return store.query(user, NotificationQuery.ALL);
  }

  static NotificationQuery.Order order(String text) {
    return NotificationQuery.Order.parse(text);
  }

  static NotificationQuery q(Boolean read, Boolean saved, String search, Instant after,
      Severity min, String topic, List<NotificationQuery.Order> order, int offset, Integer limit) {
    return new NotificationQuery(read, saved, search, after, min, topic, null, order, offset, limit);
  }

  static List<String> ids(List<Notification> list) {
    return list.stream().map(Notification::id).toList();
  }

  @Test
  void queriesFilterOrderPageAndCountInTheStore() {
    // n1..n4 are Alice's, b1 a broadcast, x1 Bob's
    store.insert(new Notification("n1", ALICE, T0.plusSeconds(1), null, null, null, "plugin:a",
        new NotificationPayload("alpha deploy", "went fine", null, Severity.LOW, "deploys", null,
            null)));
    store.insert(new Notification("n2", ALICE, T0.plusSeconds(2), null, null, null, "plugin:b",
        new NotificationPayload("bravo 100%_done", null, null, Severity.CRITICAL, "alerts", null,
            null)));
    store.insert(new Notification("n3", ALICE, T0.plusSeconds(3), null, null, null, "plugin:a",
        new NotificationPayload("charlie", "Mentions DEPLOY too", null, Severity.NORMAL, null,
            null, null)));
    store.insert(new Notification("n4", ALICE, T0.plusSeconds(4), null, null, null, "plugin:c",
        new NotificationPayload("delta", null, null, Severity.HIGH, "deploys", null, null)));
    store.insert(new Notification("b1", null, T0.plusSeconds(5), null, null, null, "plugin:a",
        new NotificationPayload("echo", null, null, Severity.NORMAL, "news", null, null)));
    store.insert(note("x1", BOB, T0.plusSeconds(6), "bob's"));
    store.markRead(ALICE, List.of("n1", "b1"), T0.plusSeconds(10));
    store.markSaved(ALICE, List.of("n4"), T0.plusSeconds(11));
    store.replace("n1", new NotificationPayload("alpha deploy", "went fine", null, Severity.LOW,
        "deploys", null, null), T0.plusSeconds(20));
    store.markRead(ALICE, List.of("n1"), T0.plusSeconds(21));

    assertThat(ids(visible(ALICE))).containsExactly("b1", "n4", "n3", "n2", "n1");
    assertThat(store.count(ALICE, NotificationQuery.ALL)).isEqualTo(5);
    NotificationQuery unread = q(false, null, null, null, null, null, List.of(), 0, null);
    assertThat(ids(store.query(ALICE, unread))).containsExactly("n4", "n3", "n2");
    assertThat(store.count(ALICE, q(true, null, null, null, null, null, List.of(), 0, null)))
        .isEqualTo(2);
    assertThat(ids(store.query(ALICE, q(null, true, null, null, null, null, List.of(), 0, null))))
        .containsExactly("n4");
    assertThat(ids(store.query(ALICE, q(null, null, "deploy", null, null, null, List.of(), 0,
        null)))).containsExactly("n3", "n1");
    assertThat(ids(store.query(ALICE, q(null, null, "0%_", null, null, null, List.of(), 0,
        null)))).containsExactly("n2");
    assertThat(ids(store.query(ALICE, q(null, null, "%", null, null, null, List.of(), 0,
        null)))).containsExactly("n2");
    assertThat(ids(store.query(ALICE, q(null, null, null, T0.plusSeconds(3), null, null,
        List.of(), 0, null)))).containsExactly("b1", "n4");
    assertThat(ids(store.query(ALICE, q(null, null, null, null, Severity.HIGH, null, List.of(), 0,
        null)))).containsExactly("n4", "n2");
    assertThat(ids(store.query(ALICE, q(null, null, null, null, null, "deploys", List.of(), 0,
        null)))).containsExactly("n4", "n1");
    assertThat(ids(store.query(ALICE, q(null, null, null, null, null, null,
        List.of(order("created,asc")), 1, 2)))).containsExactly("n2", "n3");
    assertThat(store.count(ALICE, q(null, null, null, null, null, null,
        List.of(order("created,asc")), 1, 2))).isEqualTo(5);
    assertThat(ids(store.query(ALICE, q(null, null, null, null, null, null,
        List.of(order("updated,desc")), 0, 1)))).containsExactly("n1");
    assertThat(ids(store.query(ALICE, q(null, null, null, null, null, null,
        List.of(order("severity,desc"), order("created,asc")), 0, null))))
        .containsExactly("n2", "n4", "n3", "b1", "n1");
    assertThat(ids(store.query(ALICE, q(null, null, null, null, null, null,
        List.of(order("read,asc"), order("created,asc")), 0, null))))
        .containsExactly("n2", "n3", "n4", "b1", "n1");
    assertThat(ids(store.query(ALICE, q(null, null, null, null, null, null,
        List.of(order("topic,asc"), order("title,desc")), 0, null))))
        .containsExactly("n3", "n2", "n4", "n1", "b1");
    assertThat(ids(store.query(ALICE, q(null, null, null, null, null, null,
        List.of(order("origin"), order("created,desc")), 0, null))))
        .containsExactly("b1", "n3", "n1", "n2", "n4");
    assertThat(ids(store.query(ALICE, new NotificationQuery(null, null, null, null, null, null,
        java.util.Set.of("n2", "x1", "b1"), List.of(), 0, null)))).containsExactly("b1", "n2");
    assertThat(store.query(ALICE, q(null, null, null, null, null, null, List.of(), 0, 0)))
        .isEmpty();
    assertThat(store.topics(ALICE, NotificationQuery.ALL))
        .containsExactly("alerts", "deploys", "news");
    assertThat(store.topics(ALICE, unread)).containsExactly("alerts", "deploys");
    assertThat(store.topics(BOB, NotificationQuery.ALL)).containsExactly("deploys", "news");
  }

  static Notification byId(List<Notification> list, String id) {
    return list.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void settingsAreSavedPerUserInOrderAndReplacedWhole() {
    assertThat(store.settings(ALICE).channels()).isEmpty();
    NotificationSettings s = new NotificationSettings(List.of(new NotificationSettings.Channel(
        "Web", null, List.of(
            new NotificationSettings.Origin("plugin:z", false, List.of(
                new NotificationSettings.Topic("t1", true))),
            new NotificationSettings.Origin("plugin:a", true, List.of(
                new NotificationSettings.Topic("t2", false),
                new NotificationSettings.Topic("t1", true)))))));
    store.saveSettings(ALICE, s);
    NotificationSettings back = store.settings(ALICE);
    // a topic of a disabled origin is stored off
    assertThat(back.toJson().toString()).isEqualTo("{\"channels\":[{\"id\":\"Web\",\"origins\":["
        + "{\"id\":\"plugin:z\",\"enabled\":false,\"topics\":[{\"id\":\"t1\",\"enabled\":false}]},"
        + "{\"id\":\"plugin:a\",\"enabled\":true,\"topics\":[{\"id\":\"t2\",\"enabled\":false},"
        + "{\"id\":\"t1\",\"enabled\":true}]}]}]}");
    assertThat(store.settings(BOB).channels()).isEmpty();
    store.saveSettings(ALICE, NotificationSettings.none());
    assertThat(store.settings(ALICE).channels()).isEmpty();
  }

  @Test
  void originsAndTopicsAreTheUsersOwnDistinctAndSorted() {
    store.insert(note("n1", ALICE, T0, "a"));
    store.insert(new Notification("n2", ALICE, T0, null, null, null, "plugin:b",
        NotificationPayload.of("b")));
    store.insert(new Notification("n3", null, T0, null, null, null, "plugin:broadcast",
        NotificationPayload.of("c")));
    store.insert(note("n4", ALICE, T0.plusSeconds(1), "d"));
    assertThat(store.originsAndTopics(ALICE)).containsExactly(
        new NotificationStore.OriginTopic("plugin:b", null),
        new NotificationStore.OriginTopic("plugin:test", null),
        new NotificationStore.OriginTopic("plugin:test", "deploys"));
    assertThat(store.originsAndTopics(BOB)).isEmpty();
  }
}
