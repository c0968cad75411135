package dev.greenroom.notifications;

import dev.greenroom.catalog.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user's notification settings in Backstage's shape ({@code notifications-common}'s {@code
 * NotificationSettings}): per channel ({@code Web} is the one Greenroom delivers to), per origin
 * (who sends, such as {@code plugin:scaffolder}), per topic, enabled or not.
 *
 * <pre>{@code {channels: [{id: "Web", enabled?, origins: [{id, enabled, topics: [{id, enabled}]}]}]}}</pre>
 *
 * <p>{@link #parse} bounds sizes and refuses repeated ids. {@link #rows()} and {@link #fromRows}
 * are the stored form both stores share: Backstage's {@code user_settings} rows (a topic row is
 * stored enabled only when its origin is; a channel's own {@code enabled} is not stored).
 *
 * @param channels the channels, ids unique
 */
public record NotificationSettings(List<Channel> channels) {
  /** The most channels, origins per channel, and topics per origin {@link #parse} accepts. */
  public static final int MAX_ENTRIES = 1000;
  /** The longest id {@link #parse} accepts. */
  public static final int MAX_ID_LENGTH = 1024;

  public NotificationSettings {
    channels = List.copyOf(channels);
  }

  /** No settings. */
  public static NotificationSettings none() {
    return new NotificationSettings(List.of());
  }

  /**
   * One channel.
   *
   * @param id the channel id ({@code Web})
   * @param enabled whether the channel is on; null when nobody said
   * @param origins the senders
   */
  public record Channel(String id, @Nullable Boolean enabled, List<Origin> origins) {
    public Channel {
      Objects.requireNonNull(id, "id");
      origins = List.copyOf(origins);
    }

    /** The origin with this id, ignoring case. */
    public Optional<Origin> origin(String originId) {
      return origins.stream().filter(o -> o.id().equalsIgnoreCase(originId)).findFirst();
    }
  }

  /**
   * One sender within a channel.
   *
   * @param id the origin, such as {@code plugin:scaffolder}
   * @param enabled whether its notifications are delivered
   * @param topics per-topic choices
   */
  public record Origin(String id, boolean enabled, List<Topic> topics) {
    public Origin {
      Objects.requireNonNull(id, "id");
      topics = List.copyOf(topics);
    }

    /** The topic with this id, ignoring case. */
    public Optional<Topic> topic(String topicId) {
      return topics.stream().filter(t -> t.id().equalsIgnoreCase(topicId)).findFirst();
    }
  }

  /**
   * One topic of an origin.
   *
   * @param id the topic
   * @param enabled whether its notifications are delivered
   */
  public record Topic(String id, boolean enabled) {
    public Topic {
      Objects.requireNonNull(id, "id");
    }
  }

  /** The channel with this id, ignoring case. */
  public Optional<Channel> channel(String channelId) {
    return channels.stream().filter(c -> c.id().equalsIgnoreCase(channelId)).findFirst();
  }

  /**
   * Backstage's {@code isNotificationsEnabledFor}: an unknown channel is on; an origin not listed
   * follows its channel (on unless said otherwise); a listed topic decides, else its origin.
   */
  public boolean isEnabledFor(String channelId, String originId, @Nullable String topicId) {
    Optional<Channel> channel = channels.stream().filter(c -> c.id().equals(channelId)).findFirst();
    if (channel.isEmpty()) {
      return true;
    }
    Optional<Origin> origin = channel.get().origins().stream()
        .filter(o -> o.id().equals(originId)).findFirst();
    if (origin.isEmpty()) {
      return channel.get().enabled() == null || channel.get().enabled();
    }
    if (topicId != null) {
      Optional<Topic> topic = origin.get().topics().stream()
          .filter(t -> t.id().equals(topicId)).findFirst();
      if (topic.isPresent()) {
        return topic.get().enabled();
      }
    }
    return origin.get().enabled();
  }

  /** Backstage's JSON. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    ArrayNode cs = n.putArray("channels");
    for (Channel c : channels) {
      ObjectNode cj = cs.addObject();
      cj.put("id", c.id());
      if (c.enabled() != null) {
        cj.put("enabled", c.enabled());
      }
      ArrayNode os = cj.putArray("origins");
      for (Origin o : c.origins()) {
        ObjectNode oj = os.addObject();
        oj.put("id", o.id());
        oj.put("enabled", o.enabled());
        ArrayNode ts = oj.putArray("topics");
        for (Topic t : o.topics()) {
          ts.addObject().put("id", t.id()).put("enabled", t.enabled());
        }
      }
    }
    return n;
  }

  /**
   * Reads Backstage's JSON (a {@code POST /settings} body, or {@code notifications.defaultSettings}
   * from configuration, where an origin's {@code enabled} may be left out: then it is on).
   *
   * @throws IllegalArgumentException naming the field that is missing, mistyped, repeated or too
   *     long
   */
  public static NotificationSettings parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("settings must be an object with 'channels'");
    }
    List<Channel> channels = new ArrayList<>();
    Set<String> channelIds = new HashSet<>();
    JsonNode cs = array(node, "channels", "settings");
    for (int i = 0; i < cs.size(); i++) {
      String cw = "channels[" + i + "]";
      JsonNode c = object(cs.get(i), cw);
      String cid = id(c, cw, channelIds);
      JsonNode en = c.get("enabled");
      Boolean enabled = null;
      if (en != null && !en.isNull()) {
        enabled = bool(en, cw + ".enabled");
      }
      List<Origin> origins = new ArrayList<>();
      Set<String> originIds = new HashSet<>();
      JsonNode os = c.has("origins") ? array(c, "origins", cw) : Json.nodes().arrayNode();
      for (int j = 0; j < os.size(); j++) {
        String ow = cw + ".origins[" + j + "]";
        JsonNode o = object(os.get(j), ow);
        String oid = id(o, ow, originIds);
        boolean oen = !o.has("enabled") || o.get("enabled").isNull()
            || bool(o.get("enabled"), ow + ".enabled");
        List<Topic> topics = new ArrayList<>();
        Set<String> topicIds = new HashSet<>();
        JsonNode ts = o.has("topics") && !o.get("topics").isNull()
            ? array(o, "topics", ow) : Json.nodes().arrayNode();
        for (int k = 0; k < ts.size(); k++) {
          String tw = ow + ".topics[" + k + "]";
          JsonNode t = object(ts.get(k), tw);
          String tid = id(t, tw, topicIds);
          boolean ten = !t.has("enabled") || t.get("enabled").isNull()
              || bool(t.get("enabled"), tw + ".enabled");
          topics.add(new Topic(tid, ten));
        }
        origins.add(new Origin(oid, oen, topics));
      }
      channels.add(new Channel(cid, enabled, origins));
    }
    return new NotificationSettings(channels);
  }

  private static JsonNode array(JsonNode node, String field, String where) {
    JsonNode a = node.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException(where + "." + field + " must be an array");
    }
    if (a.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(where + "." + field + " has " + a.size()
          + " entries, more than " + MAX_ENTRIES);
    }
    return a;
  }

  private static JsonNode object(JsonNode n, String where) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    return n;
  }

  private static boolean bool(JsonNode n, String where) {
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(where + " must be true or false");
    }
    return n.asBoolean();
  }

  private static String id(JsonNode n, String where, Set<String> seen) {
    JsonNode id = n.get("id");
    if (id == null || !id.isString() || id.asString().isEmpty()) {
      throw new IllegalArgumentException(where + ".id must be a non-empty string");
    }
    String s = id.asString();
    if (s.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(where + ".id is longer than " + MAX_ID_LENGTH
          + " characters");
    }
    if (!seen.add(s.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(where + ".id '" + s + "' appears twice");
    }
    return s;
  }

  /**
   * One stored row: an origin's choice ({@code topic} null) or a topic's.
   *
   * @param channel the channel id
   * @param origin the origin id
   * @param topic the topic id, or null for the origin's own row
   * @param enabled the choice
   */
  public record Row(String channel, String origin, @Nullable String topic, boolean enabled) {
    public Row {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** The rows a store keeps, in order: each origin's row, then its topics'. */
  public List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (Channel c : channels) {
      for (Origin o : c.origins()) {
        out.add(new Row(c.id(), o.id(), null, o.enabled()));
        for (Topic t : o.topics()) {
          out.add(new Row(c.id(), o.id(), t.id(), o.enabled() && t.enabled()));
        }
      }
    }
    return out;
  }

  /** Settings from stored rows, in their order; an origin with topic rows only is enabled. */
  public static NotificationSettings fromRows(List<Row> rows) {
    Map<String, Map<String, Object[]>> byChannel = new LinkedHashMap<>();
    for (Row r : rows) {
      Map<String, Object[]> origins = byChannel.computeIfAbsent(r.channel(),
          k -> new LinkedHashMap<>());
      Object[] o = origins.computeIfAbsent(r.origin(), k -> new Object[] {true,
          new ArrayList<Topic>()});
      if (r.topic() == null) {
        o[0] = r.enabled();
      } else {
        @SuppressWarnings("unchecked")
        List<Topic> topics = (List<Topic>) o[1];
        topics.add(new Topic(r.topic(), r.enabled()));
      }
    }
    List<Channel> channels = new ArrayList<>();
    byChannel.forEach((cid, origins) -> {
      List<Origin> os = new ArrayList<>();
      origins.forEach((oid, o) -> {
        @SuppressWarnings("unchecked")
        List<Topic> topics = (List<Topic>) o[1];
        os.add(new Origin(oid, (Boolean) o[0], topics));
      });
      channels.add(new Channel(cid, null, os));
    });
    return new NotificationSettings(channels);
  }
}
