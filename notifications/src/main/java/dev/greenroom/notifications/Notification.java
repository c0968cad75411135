package dev.greenroom.notifications;

import dev.greenroom.catalog.json.Json;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stored notification, as Backstage's {@code Notification}. A user's notification has {@link
 * #user()}; a broadcast has none and is shown to every user, each with their own read and saved
 * marks (stores report the mark of the user who asks).
 *
 * @param id a UUID
 * @param user the recipient's user entity ref, or null for a broadcast
 * @param created when it was sent
 * @param read when the user marked it read, or null
 * @param saved when the user saved it, or null
 * @param updated when a notification of the same scope last replaced it, or null
 * @param origin who sent it: the sending service's or user's name
 * @param payload what it says
 */
public record Notification(
    String id,
    @Nullable String user,
    Instant created,
    @Nullable Instant read,
    @Nullable Instant saved,
    @Nullable Instant updated,
    String origin,
    NotificationPayload payload) {
  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(payload, "payload");
  }

  /** True for a broadcast (no single recipient). */
  public boolean isBroadcast() {
    return user == null;
  }

  /** The same notification with other read and saved marks. */
  public Notification withMarks(@Nullable Instant read, @Nullable Instant saved) {
    return new Notification(id, user, created, read, saved, updated, origin, payload);
  }

  /** The time the list is ordered by by default: the last update, else the creation. */
  public Instant lastChange() {
    return updated != null ? updated : created;
  }

  /** Backstage's JSON shape: times in ISO-8601, absent marks as {@code null}. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    if (user == null) {
      n.putNull("user");
    } else {
      n.put("user", user);
    }
    n.put("created", created.toString());
    putTime(n, "read", read);
    putTime(n, "saved", saved);
    putTime(n, "updated", updated);
    n.put("origin", origin);
    n.set("payload", payload.toJson());
    return n;
  }

  private static void putTime(ObjectNode n, String field, @Nullable Instant t) {
    if (t == null) {
      n.putNull(field);
    } else {
      n.put(field, t.toString());
    }
  }
}
