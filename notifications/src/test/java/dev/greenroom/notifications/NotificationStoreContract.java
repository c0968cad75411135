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
    List<Notification> alice = store.visibleTo(ALICE);
    assertThat(alice).containsExactly(note("n1", ALICE, T0, "Deployed"));
    assertThat(store.visibleTo(BOB)).isEmpty();
  }

  @Test
  void readAndSavedMarksAreTheUsersOwn() {
    store.insert(note("n1", ALICE, T0, "a"));
    store.insert(note("n2", ALICE, T0.plusSeconds(1), "b"));
    store.markRead(BOB, List.of("n1"), T0.plusSeconds(5));
    assertThat(store.visibleTo(ALICE)).allMatch(n -> n.read() == null);

    store.markRead(ALICE, List.of("n1", "unknown"), T0.plusSeconds(5));
    store.markSaved(ALICE, List.of("n2"), T0.plusSeconds(6));
    Notification n1 = byId(store.visibleTo(ALICE), "n1");
    Notification n2 = byId(store.visibleTo(ALICE), "n2");
    assertThat(n1.read()).isEqualTo(T0.plusSeconds(5));
    assertThat(n1.saved()).isNull();
    assertThat(n2.saved()).isEqualTo(T0.plusSeconds(6));
    assertThat(n2.read()).isNull();

    store.markRead(ALICE, List.of("n1"), null);
    assertThat(byId(store.visibleTo(ALICE), "n1").read()).isNull();
  }

  @Test
  void broadcastIsSeenByEveryUserWithTheirOwnMarks() {
    Notification b = new Notification("b1", null, T0, null, null, null, "plugin:test",
        NotificationPayload.of("Maintenance tonight"));
    store.insert(b);
    assertThat(store.visibleTo(ALICE)).containsExactly(b);
    assertThat(store.visibleTo(BOB)).containsExactly(b);

    store.markRead(ALICE, List.of("b1"), T0.plusSeconds(1));
    store.markSaved(ALICE, List.of("b1"), T0.plusSeconds(2));
    assertThat(byId(store.visibleTo(ALICE), "b1").read()).isEqualTo(T0.plusSeconds(1));
    assertThat(byId(store.visibleTo(ALICE), "b1").saved()).isEqualTo(T0.plusSeconds(2));
    assertThat(byId(store.visibleTo(BOB), "b1").read()).isNull();
    store.markRead(ALICE, List.of("b1"), T0.plusSeconds(3));
    assertThat(byId(store.visibleTo(ALICE), "b1").read()).isEqualTo(T0.plusSeconds(3));
    assertThat(byId(store.visibleTo(ALICE), "b1").saved()).isEqualTo(T0.plusSeconds(2));
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

    Notification seen = byId(store.visibleTo(ALICE), "n1");
    assertThat(seen.read()).isNull();
    assertThat(seen.saved()).isEqualTo(T0.plusSeconds(2));
    assertThat(seen.payload().title()).isEqualTo("Build fixed");
    assertThat(seen.payload().severity()).isEqualTo(Severity.LOW);

    store.replace("b1", NotificationPayload.of("new"), T0.plusSeconds(10));
    assertThat(byId(store.visibleTo(BOB), "b1").read()).isNull();
    assertThatThrownBy(() -> store.replace("nope", fixed, T0))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void timesKeepMicroseconds() {
    Instant at = Instant.parse("2026-01-01T10:00:00.123456Z");
    store.insert(note("n1", ALICE, at, "t"));
    assertThat(store.visibleTo(ALICE).get(0).created()).isEqualTo(at);
  }

  static Notification byId(List<Notification> list, String id) {
    return list.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }
}
