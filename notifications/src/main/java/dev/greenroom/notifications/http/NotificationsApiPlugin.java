package dev.greenroom.notifications.http;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.UserPrincipal;
import dev.greenroom.notifications.Notification;
import dev.greenroom.notifications.NotificationPayload;
import dev.greenroom.notifications.NotificationQuery;
import dev.greenroom.notifications.Notifications;
import dev.greenroom.notifications.Recipients;
import dev.greenroom.notifications.Severity;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Backstage's notifications routes under {@code /api/notifications}, each at {@code /} and, as
 * newer frontends call them, at {@code /notifications}: {@code GET /} (a page of the caller's
 * notifications), {@code GET /status}, {@code GET /topics}, {@code GET}/{@code POST /settings} (channels, origins, topics on or off: {@code NotificationSettings}), {@code GET /:id}, {@code POST /update}
 * (read and saved marks), and {@code POST /} where other plugins and services send.
 *
 * <p>Notifications belong to users: the caller must be a {@link UserPrincipal} (when
 * authentication is off, the anonymous caller is Backstage's {@value #GUEST}); another user's
 * notification answers 404. Sending needs {@link #SEND} from the permission policy and, as in
 * Backstage, a service caller (users only when the host allows it).
 */
public final class NotificationsApiPlugin implements ApiPlugin {
  /** Send notifications ({@code POST /}). */
  public static final Permission SEND = Permission.of("notification.send", false);
  /** The user an anonymous caller is when authentication is off, as Backstage's signals assume. */
  public static final String GUEST = "user:default/guest";
  /** The most ids one {@code POST /update} may name. */
  public static final int MAX_UPDATE_IDS = 1000;

  private static final Set<String> LIST_PARAMS = Set.of("limit", "offset", "orderField", "read",
      "saved", "search", "createdAfter", "minimumSeverity", "topic");
  private static final Set<String> FILTER_PARAMS =
      Set.of("read", "saved", "search", "createdAfter", "minimumSeverity", "topic");

  private final Notifications notifications;
  private final boolean usersMaySend;

  /** Routes over this backend; only services (and anonymous callers when auth is off) may send. */
  public NotificationsApiPlugin(Notifications notifications) {
    this(notifications, false);
  }

  /**
   * Routes over this backend.
   *
   * @param usersMaySend let signed-in users send too (still only with {@link #SEND}); Backstage
   *     lets only services send, so that a user cannot put a link in everybody's notifications
   */
  public NotificationsApiPlugin(Notifications notifications, boolean usersMaySend) {
    this.notifications = Objects.requireNonNull(notifications, "notifications");
    this.usersMaySend = usersMaySend;
  }

  @Override
  public String id() {
    return "notifications";
  }

  @Override
  public List<Permission> permissions() {
    return List.of(SEND);
  }

  @Override
  public void routes(Router r) {
    r.get("/openapi.json", java.util.Set.of(),
        dev.greenroom.http.OpenApiDocument.route(NotificationsApiPlugin.class, "openapi.json")).unauthenticated();
    for (String base : List.of("", "/notifications")) {
      r.get(base.isEmpty() ? "/" : base, LIST_PARAMS, this::list);
    }
    r.get("/status", Set.of(), this::status);
    r.get("/topics", FILTER_PARAMS, this::topics);
    r.get("/settings", Set.of(), this::settings);
    r.post("/settings", Set.of(), this::saveSettings);
    r.post("/update", Set.of(), this::update);
    r.post("/notifications/update", Set.of(), this::update);
    r.get("/notifications/:id", Set.of(), this::one);
    r.get("/:id", Set.of(), this::one);
    r.post("/", Set.of(), this::send);
    r.post("/notifications", Set.of(), this::send);
  }

  /** The user whose notifications a call reads: a signed-in user, or the guest without auth. */
  static String user(Principal p) {
    if (p instanceof UserPrincipal u) {
      return u.userEntityRef();
    }
    if (p.equals(ApiPrincipal.ANONYMOUS)) {
      return GUEST;
    }
    throw ApiException.notAllowed("Only users have notifications; the caller is a service");
  }

  /** {@code GET /settings}: the caller's settings, every channel, origin and topic listed. */
  private void settings(Call call) throws IOException {
    call.json(200, notifications.settings(user(call.principal())).toJson());
  }

  /** {@code POST /settings}: replaces the caller's settings; answers them as {@code GET} does. */
  private void saveSettings(Call call) throws IOException {
    String user = user(call.principal());
    dev.greenroom.notifications.NotificationSettings settings;
    try {
      settings = dev.greenroom.notifications.NotificationSettings.parse(call.jsonBody());
      call.json(200, notifications.saveSettings(user, settings).toJson());
    } catch (IllegalArgumentException e) {
      throw ApiException.input(e.getMessage());
    }
  }

  private void list(Call call) throws IOException {
    String user = user(call.principal());
    call.json(200, notifications.list(user, query(call, true)).toJson());
  }

  private void status(Call call) throws IOException {
    call.json(200, notifications.status(user(call.principal())).toJson());
  }

  private void topics(Call call) throws IOException {
    String user = user(call.principal());
    var n = Json.object();
    ArrayNode a = n.putArray("topics");
    notifications.topics(user, query(call, false)).forEach(a::add);
    call.json(200, n);
  }

  private void one(Call call) throws IOException {
    String user = user(call.principal());
    Notification n = notifications.get(user, call.path("id"))
        .orElseThrow(() -> ApiException.notFound("Not found"));
    call.json(200, n.toJson());
  }

  private void update(Call call) throws IOException {
    String user = user(call.principal());
    JsonNode body = call.jsonBody();
    if (!body.isObject()) {
      throw ApiException.input("The body must be a JSON object with ids");
    }
    JsonNode ids = body.get("ids");
    if (ids == null || !ids.isArray()) {
      throw ApiException.input("ids must be an array of notification ids");
    }
    if (ids.size() > MAX_UPDATE_IDS) {
      throw ApiException.input("ids may name at most " + MAX_UPDATE_IDS + " notifications");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode id : ids) {
      if (!id.isString()) {
        throw ApiException.input("ids must be an array of strings");
      }
      list.add(id.asString());
    }
    Boolean read = bool(body, "read");
    Boolean saved = bool(body, "saved");
    ArrayNode out = Json.nodes().arrayNode();
    notifications.update(user, list, read, saved).forEach(n -> out.add(n.toJson()));
    call.json(200, out);
  }

  private static @Nullable Boolean bool(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw ApiException.input(field + " must be true or false");
    }
    return v.asBoolean();
  }

  private void send(Call call) throws IOException {
    if (call.principal() instanceof UserPrincipal && !usersMaySend) {
      throw ApiException.notAllowed(
          "Only services may send notifications (" + SEND.backstageName() + ")");
    }
    call.require(SEND);
    JsonNode body = call.jsonBody();
    if (!body.isObject()) {
      throw ApiException.input("The body must be a JSON object with recipients and payload");
    }
    JsonNode recipients = body.get("recipients");
    JsonNode payload = body.get("payload");
    JsonNode title = payload == null ? null : payload.get("title");
    boolean noTitle = title == null || !title.isString() || title.asString().isBlank();
    boolean noRecipients = recipients == null || recipients.isNull();
    if (noTitle || noRecipients) {
      List<String> missing = new ArrayList<>();
      if (noTitle) {
        missing.add("title");
      }
      if (noRecipients) {
        missing.add("recipients");
      }
      throw ApiException.input(
          "Invalid notification request received: missing " + String.join(", ", missing));
    }
    NotificationPayload p;
    Recipients to;
    try {
      p = NotificationPayload.fromJson(payload);
      to = recipients(recipients);
    } catch (IllegalArgumentException e) {
      throw ApiException.input(e.getMessage());
    }
    List<Notification> sent;
    try {
      sent = notifications.send(call.principal().getName(), to, p);
    } catch (IllegalArgumentException e) {
      throw ApiException.input(e.getMessage());
    }
    ArrayNode out = Json.nodes().arrayNode();
    sent.forEach(n -> out.add(n.toJson()));
    call.json(200, out);
  }

  private static Recipients recipients(JsonNode r) {
    if (!r.isObject()) {
      throw new IllegalArgumentException("recipients must be an object with a type");
    }
    JsonNode type = r.get("type");
    String t = type != null && type.isString() ? type.asString() : "";
    if (t.equals("broadcast")) {
      return Recipients.broadcast();
    }
    if (!t.equals("entity")) {
      throw new IllegalArgumentException(
          "Invalid recipients type, please use either 'broadcast' or 'entity'");
    }
    List<String> refs = refs(r.get("entityRef"), "recipients.entityRef");
    if (refs.isEmpty()) {
      throw new IllegalArgumentException("recipients.entityRef must name at least one entity");
    }
    return new Recipients.Entities(refs, refs(r.get("excludeEntityRef"), "recipients.excludeEntityRef"));
  }

  private static List<String> refs(@Nullable JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (n.isString()) {
      return List.of(n.asString());
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(field + " must be an entity ref or an array of them");
    }
    if (n.size() > 1000) {
      throw new IllegalArgumentException(field + " may name at most 1000 entities");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isString()) {
        throw new IllegalArgumentException(field + " must hold strings only");
      }
      out.add(x.asString());
    }
    return out;
  }

  /** The list's query from the request; paging and order only when {@code paged}. */
  static NotificationQuery query(Call call, boolean paged) {
    Boolean read = flag(call, "read");
    Boolean saved = flag(call, "saved");
    String search = call.query("search");
    Instant after = null;
    String ca = call.query("createdAfter");
    if (ca != null && !ca.isEmpty()) {
      after = instant(ca);
    }
    Severity min = null;
    String ms = call.query("minimumSeverity");
    if (ms != null && !ms.isEmpty()) {
      try {
        min = Severity.parse(ms);
      } catch (IllegalArgumentException e) {
        throw ApiException.input("minimumSeverity: " + e.getMessage());
      }
    }
    String topic = call.query("topic");
    if (topic != null && topic.isEmpty()) {
      topic = null;
    }
    if (!paged) {
      return new NotificationQuery(read, saved, blankToNull(search), after, min, topic, null,
          List.of(), 0, null);
    }
    List<NotificationQuery.Order> order = new ArrayList<>();
    for (String o : call.queryAll("orderField")) {
      try {
        order.add(NotificationQuery.Order.parse(o));
      } catch (IllegalArgumentException e) {
        throw ApiException.input(e.getMessage());
      }
    }
    int offset = integer(call, "offset", 0, Integer.MAX_VALUE, 0);
    String l = call.query("limit");
    Integer limit = l == null || l.isEmpty()
        ? null
        : integer(call, "limit", 0, NotificationQuery.MAX_LIMIT, 0);
    return new NotificationQuery(read, saved, blankToNull(search), after, min, topic, null,
        order, offset, limit);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static @Nullable Boolean flag(Call call, String name) {
    String v = call.query(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    return switch (v) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw ApiException.input(name + " must be true or false: " + v);
    };
  }

  private static int integer(Call call, String name, int min, int max, int dflt) {
    String v = call.query(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.strip());
      if (i < min || i > max) {
        throw ApiException.input(name + " must be between " + min + " and " + max + ": " + v);
      }
      return i;
    } catch (NumberFormatException e) {
      throw ApiException.input(name + " must be an integer: " + v);
    }
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // not an instant: try the next form
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // not an offset date-time
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.input("createdAfter: Unexpected date format: " + text);
    }
  }
}
