package dev.greenroom.notifications;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationTypes;
import dev.greenroom.notifications.signals.SignalService;
import dev.greenroom.notifications.store.memory.MemoryNotificationStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notifications backend (Backstage's {@code notifications-backend}): sends notifications to
 * users resolved through the catalog or to everybody, with Backstage's scope de-duplication, and
 * answers each user's list, status and topics, and their read and saved marks. Each new
 * notification, and each change of read marks, is published on the signals channel {@value
 * #CHANNEL} ({@code new_notification}, {@code notification_read}, {@code notification_unread}), so
 * that open browsers refresh.
 *
 * <pre>{@code
 * Notifications n = Notifications.builder()
 *     .store(JdbcNotificationStore.create(dataSource))
 *     .catalog(engine.catalog())
 *     .signals(hub)
 *     .build();
 * n.send("plugin:scaffolder", Recipients.entities(List.of("group:default/team-a")),
 *     NotificationPayload.of("Your component is ready"));
 * }</pre>
 */
public final class Notifications implements AutoCloseable {
  /** The signals channel the frontend subscribes to. */
  public static final String CHANNEL = "notifications";
  /** The channel Greenroom delivers to: the app's notifications page (Backstage's {@code Web}). */
  public static final String WEB = "Web";
  /** The most users one send may resolve to. */
  public static final int MAX_RECIPIENTS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  private final NotificationStore store;
  private final @Nullable Catalog catalog;
  private final SignalService signals;
  private final Clock clock;
  private final Supplier<String> ids;
  private final NotificationSettings defaults;

  private Notifications(Builder b) {
    this.store = b.store;
    this.catalog = b.catalog;
    this.signals = b.signals;
    this.clock = b.clock;
    this.ids = b.ids;
    this.defaults = b.defaults;
  }

  /** A builder: an in-memory store, no catalog, no signals, the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The store behind this backend. */
  public NotificationStore store() {
    return store;
  }

  /** A page of a user's notifications and how many match in all. */
  public record Page(long totalCount, List<Notification> notifications) {
    public Page {
      notifications = List.copyOf(notifications);
    }

    /** Backstage's JSON: {@code {totalCount, notifications}}. */
    public ObjectNode toJson() {
      ObjectNode n = Json.object();
      n.put("totalCount", totalCount);
      ArrayNode a = n.putArray("notifications");
      notifications.forEach(x -> a.add(x.toJson()));
      return n;
    }
  }

  /** How many of a user's notifications are unread and read. */
  public record Status(long unread, long read) {
    /** Backstage's JSON: {@code {unread, read}}. */
    public ObjectNode toJson() {
      ObjectNode n = Json.object();
      n.put("unread", unread);
      n.put("read", read);
      return n;
    }
  }

  /**
   * Sends a notification.
   *
   * @param origin who sends it (a service's or user's name)
   * @param recipients everybody, or entity refs resolved to users through the catalog
   * @param payload what it says
   * @return the stored notifications: one per user (none for users whose {@linkplain
   *     #settings settings} turn this origin or topic off), or the one broadcast
   * @throws IllegalArgumentException when the link is not a path or an http(s) URL, a ref is not
   *     an entity ref, or the refs resolve to more than {@value #MAX_RECIPIENTS} users
   */
  public List<Notification> send(String origin, Recipients recipients, NotificationPayload payload) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(recipients, "recipients");
    Objects.requireNonNull(payload, "payload");
    if (payload.link() != null) {
      checkLink(payload.link());
    }
    Instant now = clock.instant();
    if (recipients instanceof Recipients.Entities e) {
      List<Notification> sent = new ArrayList<>();
      for (String user : resolveUsers(e)) {
        Notification n = sendOne(user, origin, payload, now);
        if (n != null) {
          sent.add(n);
        }
      }
      return sent;
    }
    return List.of(sendOne(null, origin, payload, now));
  }

  private @Nullable Notification sendOne(
      @Nullable String user, String origin, NotificationPayload payload, Instant now) {
    if (user != null && !isEnabled(user, WEB, origin, payload.topic())) {
      return null; // the user turned this origin or topic off (Backstage drops it the same way)
    }
    Notification stored;
    Optional<Notification> existing = payload.scope() == null
        ? Optional.empty()
        : store.findByScope(user, origin, payload.scope());
    if (existing.isPresent()) {
      stored = store.replace(existing.get().id(), payload, now);
    } else {
      stored = new Notification(ids.get(), user, now, null, null, null, origin, payload);
      store.insert(stored);
    }
    ObjectNode signal = Json.object();
    signal.put("action", "new_notification");
    signal.put("notification_id", stored.id());
    publish(user, signal);
    return stored;
  }

  private void publish(@Nullable String user, ObjectNode message) {
    try {
      if (user == null) {
        signals.broadcast(CHANNEL, message);
      } else {
        signals.publishToUsers(List.of(user), CHANNEL, message);
      }
    } catch (RuntimeException e) {
      LOG.warn("notifications: publishing a signal failed: {}", e.toString());
    }
  }

  /** Only paths of the app and http(s) URLs, as Backstage checks ({@code Invalid link provided}). */
  private static void checkLink(String link) {
    try {
      URI u = new URI(link.strip());
      String scheme = u.getScheme();
      if (scheme != null) {
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) {
          throw new IllegalArgumentException(
              "Invalid link provided: payload.link must be a path or an http(s) URL");
        }
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Invalid link provided: payload.link is not a URL: " + e.getReason(), e);
    }
  }

  /**
   * The users behind entity refs, as Backstage's {@code getUsersForEntityRef}: user refs as they
   * are; groups through {@code hasMember} (users) and {@code parentOf} (child groups, each visited
   * once); other entities through their first {@code ownedBy}. Refs the catalog does not know
   * resolve to nobody; excluded refs (users or groups) are left out.
   */
  public List<String> resolveUsers(Recipients.Entities recipients) {
    Set<String> excluded = new HashSet<>();
    for (String r : recipients.excludeEntityRefs()) {
      excluded.add(parse(r, "excludeEntityRef").toString());
    }
    LinkedHashSet<String> users = new LinkedHashSet<>();
    Set<String> visited = new HashSet<>();
    Deque<EntityRef> todo = new ArrayDeque<>();
    for (String r : recipients.entityRefs()) {
      todo.add(parse(r, "entityRef"));
    }
    while (!todo.isEmpty()) {
      EntityRef ref = todo.poll();
      String key = ref.toString();
      if (excluded.contains(key) || !visited.add(key)) {
        continue;
      }
      if (isUser(ref)) {
        users.add(key);
      } else if (catalog != null) {
        Optional<Entity> found = catalog.entity(ref);
        if (found.isEmpty()) {
          continue;
        }
        Entity e = found.get();
        if (e.isKind("Group")) {
          for (Relation rel : e.relations()) {
            if (rel.type().equals(RelationTypes.HAS_MEMBER) && isUser(rel.targetRef())) {
              todo.add(rel.targetRef());
            } else if (rel.type().equals(RelationTypes.PARENT_OF)) {
              todo.add(rel.targetRef());
            }
          }
        } else {
          e.relations().stream()
              .filter(rel -> rel.type().equals(RelationTypes.OWNED_BY))
              .findFirst()
              .ifPresent(rel -> todo.add(rel.targetRef()));
        }
      }
      if (users.size() > MAX_RECIPIENTS) {
        throw new IllegalArgumentException(
            "the recipients resolve to more than " + MAX_RECIPIENTS + " users");
      }
    }
    return List.copyOf(users);
  }

  private static boolean isUser(EntityRef ref) {
    return ref.kind().equalsIgnoreCase("user");
  }

  private static EntityRef parse(String ref, String field) {
    try {
      return EntityRef.parse(ref);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Failed to resolve notification receivers: recipients." + field + " '" + ref + "': "
              + e.getMessage(), e);
    }
  }

  /** A page of the user's notifications. */
  public Page list(String user, NotificationQuery query) {
    return new Page(store.count(user, query), store.query(user, query));
  }

  /** One of the user's notifications (theirs, or a broadcast). */
  public Optional<Notification> get(String user, String id) {
    return store.query(user, byIds(Set.of(id))).stream().findFirst();
  }

  private static NotificationQuery byIds(Set<String> ids) {
    return new NotificationQuery(null, null, null, null, null, null, ids, List.of(), 0, null);
  }

  private static NotificationQuery readOnly(boolean read) {
    return new NotificationQuery(read, null, null, null, null, null, null, List.of(), 0, null);
  }

  /** How many of the user's notifications are unread and read. */
  public Status status(String user) {
    return new Status(store.count(user, readOnly(false)), store.count(user, readOnly(true)));
  }

  /** The distinct topics of the user's notifications that match the query's filters. */
  public List<String> topics(String user, NotificationQuery query) {
    return store.topics(user, query);
  }

  /**
   * Marks the user's notifications read or unread and saved or unsaved (null leaves a mark as it
   * is); ids that are not the user's are skipped. Returns the notifications as they are now.
   */
  public List<Notification> update(
      String user, Collection<String> ids, @Nullable Boolean read, @Nullable Boolean saved) {
    Instant now = clock.instant();
    List<String> list = List.copyOf(ids);
    if (read != null) {
      store.markRead(user, list, read ? now : null);
      ObjectNode signal = Json.object();
      signal.put("action", read ? "notification_read" : "notification_unread");
      ArrayNode a = signal.putArray("notification_ids");
      list.forEach(a::add);
      publish(user, signal);
    }
    if (saved != null) {
      store.markSaved(user, list, saved ? now : null);
    }
    return list.isEmpty() ? List.of() : store.query(user, byIds(Set.copyOf(list)));
  }

  /** The channels settings may name: {@link #WEB}, then those of the default settings. */
  public List<String> channels() {
    List<String> out = new ArrayList<>(List.of(WEB));
    for (NotificationSettings.Channel c : defaults.channels()) {
      if (!out.contains(c.id())) {
        out.add(c.id());
      }
    }
    return out;
  }

  /**
   * {@code user}'s settings as the settings page shows them (Backstage's {@code GET /settings}):
   * every channel, every origin that has sent the user a notification or that the default
   * settings name, each with its topics; each choice the user's own, else the default settings',
   * else the channel's (on unless said otherwise).
   */
  public NotificationSettings settings(String user) {
    NotificationSettings saved = store.settings(user);
    List<String> origins = new ArrayList<>();
    List<NotificationStore.OriginTopic> topics = new ArrayList<>();
    for (NotificationStore.OriginTopic ot : store.originsAndTopics(user)) {
      if (ot.topic() == null) {
        origins.add(ot.origin());
      } else {
        topics.add(ot);
      }
    }
    for (NotificationSettings.Channel c : defaults.channels()) {
      for (NotificationSettings.Origin o : c.origins()) {
        if (!origins.contains(o.id())) {
          origins.add(o.id());
        }
        for (NotificationSettings.Topic t : o.topics()) {
          NotificationStore.OriginTopic ot = new NotificationStore.OriginTopic(o.id(), t.id());
          if (!topics.contains(ot)) {
            topics.add(ot);
          }
        }
      }
    }
    List<NotificationSettings.Channel> channels = new ArrayList<>();
    for (String channelId : channels()) {
      Optional<NotificationSettings.Channel> mine = saved.channel(channelId);
      Optional<NotificationSettings.Channel> dflt = defaults.channel(channelId);
      Boolean channelEnabled = mine.map(NotificationSettings.Channel::enabled)
          .orElse(dflt.map(NotificationSettings.Channel::enabled).orElse(null));
      boolean explicit = channelEnabled != null;
      boolean channelDefault = channelEnabled == null || channelEnabled;
      List<NotificationSettings.Origin> os = new ArrayList<>();
      for (String originId : origins) {
        Optional<NotificationSettings.Origin> myOrigin =
            mine.flatMap(c -> c.origin(originId));
        Optional<NotificationSettings.Origin> dfltOrigin =
            dflt.flatMap(c -> c.origin(originId));
        boolean originEnabled = myOrigin.map(NotificationSettings.Origin::enabled)
            .orElse(dfltOrigin.map(NotificationSettings.Origin::enabled).orElse(channelDefault));
        boolean topicDefault = explicit ? channelDefault : originEnabled;
        List<NotificationSettings.Topic> ts = new ArrayList<>();
        for (NotificationStore.OriginTopic ot : topics) {
          if (!ot.origin().equals(originId)) {
            continue;
          }
          boolean enabled = myOrigin.flatMap(o -> o.topic(ot.topic()))
              .map(NotificationSettings.Topic::enabled)
              .orElse(dfltOrigin.flatMap(o -> o.topic(ot.topic()))
                  .map(NotificationSettings.Topic::enabled).orElse(topicDefault));
          ts.add(new NotificationSettings.Topic(ot.topic(), enabled));
        }
        os.add(new NotificationSettings.Origin(originId, originEnabled, ts));
      }
      channels.add(new NotificationSettings.Channel(channelId, channelEnabled, os));
    }
    return new NotificationSettings(channels);
  }

  /**
   * Saves {@code user}'s settings (Backstage's {@code POST /settings}) and returns them as {@link
   * #settings} shows them.
   *
   * @throws IllegalArgumentException ({@code Invalid channel}) when a channel is not one of
   *     {@link #channels()}
   */
  public NotificationSettings saveSettings(String user, NotificationSettings settings) {
    List<String> known = channels();
    for (NotificationSettings.Channel c : settings.channels()) {
      if (!known.contains(c.id())) {
        throw new IllegalArgumentException("Invalid channel '" + c.id() + "'; channels: "
            + known);
      }
    }
    store.saveSettings(user, settings);
    return settings(user);
  }

  /**
   * Whether {@code user} gets notifications of this origin and topic on {@code channel}
   * (Backstage's {@code isNotificationsEnabled}): the user's choices for the channel, the default
   * settings' origins the user did not mention, then {@link NotificationSettings#isEnabledFor}.
   */
  public boolean isEnabled(String user, String channel, String origin, @Nullable String topic) {
    Optional<NotificationSettings.Channel> dflt = defaults.channel(channel);
    Optional<NotificationSettings.Channel> mine = store.settings(user).channel(channel);
    Boolean enabled = dflt.map(NotificationSettings.Channel::enabled).orElse(null);
    List<NotificationSettings.Origin> origins = new ArrayList<>();
    if (mine.isPresent()) {
      if (mine.get().enabled() != null) {
        enabled = mine.get().enabled();
      }
      origins.addAll(mine.get().origins());
    }
    if (dflt.isPresent() && !Boolean.FALSE.equals(enabled)) {
      for (NotificationSettings.Origin o : dflt.get().origins()) {
        if (origins.stream().noneMatch(x -> x.id().equalsIgnoreCase(o.id()))) {
          origins.add(o);
        }
      }
    }
    return new NotificationSettings(List.of(
        new NotificationSettings.Channel(channel, enabled, origins)))
        .isEnabledFor(channel, origin, topic);
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  /** Configures {@link Notifications}; each setting is checked when it is set. */
  public static final class Builder {
    private NotificationStore store = new MemoryNotificationStore();
    private @Nullable Catalog catalog;
    private SignalService signals = SignalService.none();
    private Clock clock = Clock.systemUTC();
    private Supplier<String> ids = () -> UUID.randomUUID().toString();
    private NotificationSettings defaults = NotificationSettings.none();

    private Builder() {}

    /** Where notifications are kept; in memory by default. */
    public Builder store(NotificationStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The catalog that resolves groups and owners to users; without one only user refs work. */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Where new notifications and read marks are announced; nowhere by default. */
    public Builder signals(SignalService signals) {
      this.signals = Objects.requireNonNull(signals, "signals");
      return this;
    }

    /** The clock of creation and mark times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where notification ids come from (random UUIDs by default). */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Backstage's {@code notifications.defaultSettings}: the choices of users who made none
     * (for example an origin off unless a user turns it on); none by default.
     */
    public Builder defaultSettings(NotificationSettings settings) {
      this.defaults = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The backend. */
    public Notifications build() {
      return new Notifications(this);
    }
  }
}
