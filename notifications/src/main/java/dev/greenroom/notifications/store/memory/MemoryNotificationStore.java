package dev.greenroom.notifications.store.memory;

import dev.greenroom.notifications.Notification;
import dev.greenroom.notifications.NotificationPayload;
import dev.greenroom.notifications.NotificationQuery;
import dev.greenroom.notifications.NotificationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A {@link NotificationStore} in memory, for tests and hosts without a database. */
public final class MemoryNotificationStore implements NotificationStore {
  private record Marks(@Nullable Instant read, @Nullable Instant saved) {}

  private final Map<String, Notification> byId = new LinkedHashMap<>();
  /** Per broadcast id, per user: that user's marks. */
  private final Map<String, Map<String, Marks>> broadcastMarks = new HashMap<>();

  @Override
  public synchronized void insert(Notification notification) {
    if (byId.containsKey(notification.id())) {
      throw new IllegalArgumentException("notification " + notification.id() + " exists already");
    }
    byId.put(notification.id(),
        notification.isBroadcast() ? notification.withMarks(null, null) : notification);
  }

  @Override
  public synchronized Optional<Notification> findByScope(
      @Nullable String user, String origin, String scope) {
    return byId.values().stream()
        .filter(n -> Objects.equals(n.user(), user)
            && n.origin().equals(origin)
            && scope.equals(n.payload().scope()))
        .findFirst();
  }

  @Override
  public synchronized Notification replace(
      String id, NotificationPayload payload, Instant updated) {
    Notification old = byId.get(id);
    if (old == null) {
      throw new NoSuchElementException("no notification " + id);
    }
    Notification now = new Notification(
        old.id(), old.user(), old.created(), null, old.saved(), updated, old.origin(), payload);
    byId.put(id, now);
    Map<String, Marks> marks = broadcastMarks.get(id);
    if (marks != null) {
      marks.replaceAll((u, m) -> new Marks(null, m.saved()));
    }
    return now;
  }

  @Override
  public synchronized List<Notification> query(String user, NotificationQuery query) {
    return query.apply(visibleTo(user));
  }

  @Override
  public synchronized long count(String user, NotificationQuery query) {
    return query.filterAndSort(visibleTo(user)).size();
  }

  @Override
  public synchronized List<String> topics(String user, NotificationQuery query) {
    return query.topics(visibleTo(user));
  }

  private List<Notification> visibleTo(String user) {
    List<Notification> out = new ArrayList<>();
    for (Notification n : byId.values()) {
      if (n.isBroadcast()) {
        Marks m = broadcastMarks.getOrDefault(n.id(), Map.of()).get(user);
        out.add(m == null ? n : n.withMarks(m.read(), m.saved()));
      } else if (n.user().equals(user)) {
        out.add(n);
      }
    }
    return out;
  }

  @Override
  public synchronized void markRead(String user, Collection<String> ids, @Nullable Instant at) {
    mark(user, ids, at, true);
  }

  @Override
  public synchronized void markSaved(String user, Collection<String> ids, @Nullable Instant at) {
    mark(user, ids, at, false);
  }

  private void mark(String user, Collection<String> ids, @Nullable Instant at, boolean read) {
    for (String id : ids) {
      Notification n = byId.get(id);
      if (n == null) {
        continue;
      }
      if (n.isBroadcast()) {
        Map<String, Marks> marks = broadcastMarks.computeIfAbsent(id, k -> new HashMap<>());
        Marks m = marks.getOrDefault(user, new Marks(null, null));
        marks.put(user, read ? new Marks(at, m.saved()) : new Marks(m.read(), at));
      } else if (n.user().equals(user)) {
        byId.put(id, read ? n.withMarks(at, n.saved()) : n.withMarks(n.read(), at));
      }
    }
  }

  @Override
  public void close() {}

  private final Map<String, List<dev.greenroom.notifications.NotificationSettings.Row>> settings =
      new HashMap<>();

  @Override
  public synchronized dev.greenroom.notifications.NotificationSettings settings(String user) {
    return dev.greenroom.notifications.NotificationSettings.fromRows(
        settings.getOrDefault(user, List.of()));
  }

  @Override
  public synchronized void saveSettings(String user,
      dev.greenroom.notifications.NotificationSettings s) {
    settings.put(user, List.copyOf(s.rows()));
  }

  @Override
  public synchronized List<OriginTopic> originsAndTopics(String user) {
    java.util.TreeSet<OriginTopic> out = new java.util.TreeSet<>(
        java.util.Comparator.comparing(OriginTopic::origin)
            .thenComparing(OriginTopic::topic,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    for (Notification n : byId.values()) {
      if (user.equals(n.user())) {
        out.add(new OriginTopic(n.origin(), null));
        if (n.payload().topic() != null) {
          out.add(new OriginTopic(n.origin(), n.payload().topic()));
        }
      }
    }
    return new ArrayList<>(out);
  }
}
