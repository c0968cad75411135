package dev.greenroom.notifications;

import dev.greenroom.catalog.json.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a notification says, as Backstage's {@code NotificationPayload}.
 *
 * @param title the title (required, not blank)
 * @param description longer text, or null
 * @param link where the notification leads (a path of the app or an http(s) URL), or null
 * @param severity how severe; {@link Severity#NORMAL} when the sender gave none
 * @param topic a grouping the frontend filters on, or null
 * @param scope a key that makes a later notification with the same scope and origin replace this
 *     one instead of adding another (Backstage's de-duplication), or null
 * @param icon an icon name, or null
 */
public record NotificationPayload(
    String title,
    @Nullable String description,
    @Nullable String link,
    Severity severity,
    @Nullable String topic,
    @Nullable String scope,
    @Nullable String icon) {
  public NotificationPayload {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    if (title.isBlank()) {
      throw new IllegalArgumentException("a notification's title must not be blank");
    }
  }

  /** A payload with only a title, of normal severity. */
  public static NotificationPayload of(String title) {
    return new NotificationPayload(title, null, null, Severity.NORMAL, null, null, null);
  }

  /**
   * Reads Backstage's JSON payload.
   *
   * @throws IllegalArgumentException naming the field ({@code payload.title}, {@code
   *     payload.severity}, ...) that is missing or of the wrong type
   */
  public static NotificationPayload fromJson(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("payload must be an object");
    }
    String title = text(node, "title");
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("Invalid notification request received: missing title");
    }
    String severity = text(node, "severity");
    Severity sev;
    try {
      sev = severity == null ? Severity.NORMAL : Severity.parse(severity);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("payload.severity: " + e.getMessage(), e);
    }
    return new NotificationPayload(
        title,
        text(node, "description"),
        text(node, "link"),
        sev,
        text(node, "topic"),
        text(node, "scope"),
        text(node, "icon"));
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException("payload." + field + " must be a string");
    }
    return v.asString();
  }

  /** Backstage's JSON shape; absent fields are left out. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("title", title);
    putIf(n, "description", description);
    putIf(n, "link", link);
    n.put("severity", severity.wireName());
    putIf(n, "topic", topic);
    putIf(n, "scope", scope);
    putIf(n, "icon", icon);
    return n;
  }

  private static void putIf(ObjectNode n, String field, @Nullable String value) {
    if (value != null) {
      n.put(field, value);
    }
  }
}
