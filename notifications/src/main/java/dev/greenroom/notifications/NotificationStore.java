package dev.greenroom.notifications;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where notifications are kept: in memory ({@code store.memory.MemoryNotificationStore}) or in the
 * catalog's H2 or PostgreSQL database ({@code store.jdbc.JdbcNotificationStore}). Implementations
 * are thread-safe. Broadcasts (no user) are kept once; each user's read and saved marks on them
 * are kept apart.
 */
public interface NotificationStore extends AutoCloseable {
  /** Stores a new notification (its read and saved marks are ignored for a broadcast). */
  void insert(Notification notification);

  /**
   * The notification that a new one of this scope and origin replaces (Backstage's scope
   * de-duplication): the user's, or the broadcast when {@code user} is null.
   */
  Optional<Notification> findByScope(@Nullable String user, String origin, String scope);

  /**
   * Replaces the payload of a stored notification, sets its update time and clears its read mark
   * (every user's, for a broadcast); its saved mark stays. Returns it as stored now, seen by its
   * user (for a broadcast, with no marks).
   *
   * @throws java.util.NoSuchElementException if there is no such notification
   */
  Notification replace(String id, NotificationPayload payload, Instant updated);

  /**
   * One page of the notifications {@code user} sees (theirs and every broadcast, the latter with
   * the user's own marks) that match the query, in its order, ties by id; as {@link
   * NotificationQuery#apply} decides (text fields are ordered by the database's collation).
   */
  List<Notification> query(String user, NotificationQuery query);

  /** How many of the notifications {@code user} sees match the query's filters (not its page). */
  long count(String user, NotificationQuery query);

  /** The distinct topics of the notifications {@code user} sees that match the filters, sorted. */
  List<String> topics(String user, NotificationQuery query);

  /** Marks these of the user's notifications (and broadcasts) read at {@code at}, or unread. */
  void markRead(String user, Collection<String> ids, @Nullable Instant at);

  /** Marks these of the user's notifications (and broadcasts) saved at {@code at}, or unsaved. */
  void markSaved(String user, Collection<String> ids, @Nullable Instant at);

  /**
   * The notification settings {@code user} saved, as {@link NotificationSettings#fromRows} reads
   * their rows; empty settings when none.
   */
  NotificationSettings settings(String user);

  /** Replaces every setting of {@code user} with these ({@link NotificationSettings#rows()}). */
  void saveSettings(String user, NotificationSettings settings);

  /**
   * The origins and topics of the notifications sent to {@code user} (their own, not broadcasts),
   * distinct, sorted by origin then topic (no topic first): what the settings page lists.
   */
  List<OriginTopic> originsAndTopics(String user);

  /**
   * One origin, with one of its topics or none.
   *
   * @param origin the origin
   * @param topic the topic, or null
   */
  record OriginTopic(String origin, @Nullable String topic) {}

  /** Releases what the store owns; the host's data source is never closed. */
  @Override
  void close();
}
