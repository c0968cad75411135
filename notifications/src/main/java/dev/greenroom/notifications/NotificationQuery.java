package dev.greenroom.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which of a user's notifications to list, as Backstage's {@code GET /notifications} reads its
 * query: filters (read, saved, search in title and description, created after, minimum severity,
 * topic, ids), the order ({@code orderField=created,desc}) and the page ({@code offset}, {@code
 * limit}). {@link #apply} is the one implementation every store shares.
 *
 * @param read only read ({@code true}) or unread ({@code false}) ones; null for both
 * @param saved only saved or unsaved ones; null for both
 * @param search text that the title or the description contains (any case), or null
 * @param createdAfter only those created after this time, or null
 * @param minimumSeverity only those at least this severe, or null
 * @param topic only this topic, or null
 * @param ids only these ids, or null
 * @param order the sort keys, first decides first; empty for Backstage's default ({@code created}
 *     descending)
 * @param offset how many to skip
 * @param limit how many at most, or null for all
 */
public record NotificationQuery(
    @Nullable Boolean read,
    @Nullable Boolean saved,
    @Nullable String search,
    @Nullable Instant createdAfter,
    @Nullable Severity minimumSeverity,
    @Nullable String topic,
    @Nullable Set<String> ids,
    List<Order> order,
    int offset,
    @Nullable Integer limit) {
  /** The largest page a caller may ask for. */
  public static final int MAX_LIMIT = 1000;

  /** Every notification, newest first. */
  public static final NotificationQuery ALL =
      new NotificationQuery(null, null, null, null, null, null, null, List.of(), 0, null);

  public NotificationQuery {
    order = List.copyOf(order);
    ids = ids == null ? null : Set.copyOf(ids);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
      throw new IllegalArgumentException(
          "limit must be between 0 and " + MAX_LIMIT + ": " + limit);
    }
  }

  /** A sort key: a field of the notification and a direction. */
  public record Order(Field field, boolean descending) {
    public Order {
      Objects.requireNonNull(field, "field");
    }

    /**
     * Parses Backstage's {@code orderField} value, {@code field} or {@code field,asc|desc}.
     *
     * @throws IllegalArgumentException naming the unknown field or direction
     */
    public static Order parse(String text) {
      String[] parts = text.split(",", -1);
      if (parts.length > 2) {
        throw new IllegalArgumentException("orderField must be 'field' or 'field,asc|desc': " + text);
      }
      Field f = Field.parse(parts[0].strip());
      boolean desc = false;
      if (parts.length == 2) {
        String dir = parts[1].strip().toLowerCase(Locale.ROOT);
        if (dir.equals("desc")) {
          desc = true;
        } else if (!dir.equals("asc")) {
          throw new IllegalArgumentException(
              "orderField direction must be asc or desc: " + parts[1]);
        }
      }
      return new Order(f, desc);
    }
  }

  /** The fields a list can be ordered by. */
  public enum Field {
    /** creation time */
    CREATED,
    /** last update, else creation */
    UPDATED,
    /** read time (unread first when ascending) */
    READ,
    /** saved time */
    SAVED,
    /** the topic */
    TOPIC,
    /** the origin */
    ORIGIN,
    /** the title */
    TITLE,
    /** the severity, most severe last when ascending */
    SEVERITY;

    static Field parse(String name) {
      for (Field f : values()) {
        if (f.name().equalsIgnoreCase(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "orderField: unknown field '" + name
              + "', expected one of created, updated, read, saved, topic, origin, title, severity");
    }
  }

  /** True when {@code n} passes the filters (not the page). */
  public boolean matches(Notification n) {
    if (read != null && read != (n.read() != null)) {
      return false;
    }
    if (saved != null && saved != (n.saved() != null)) {
      return false;
    }
    if (search != null && !search.isEmpty()) {
      String s = search.toLowerCase(Locale.ROOT);
      String d = n.payload().description();
      if (!n.payload().title().toLowerCase(Locale.ROOT).contains(s)
          && (d == null || !d.toLowerCase(Locale.ROOT).contains(s))) {
        return false;
      }
    }
    if (createdAfter != null && !n.created().isAfter(createdAfter)) {
      return false;
    }
    if (minimumSeverity != null && !n.payload().severity().atLeast(minimumSeverity)) {
      return false;
    }
    if (topic != null && !topic.equals(n.payload().topic())) {
      return false;
    }
    return ids == null || ids.contains(n.id());
  }

  /** The notifications that match, in order (ties by id), without paging. */
  public List<Notification> filterAndSort(List<Notification> all) {
    List<Notification> out = new ArrayList<>();
    for (Notification n : all) {
      if (matches(n)) {
        out.add(n);
      }
    }
    out.sort(comparator());
    return out;
  }

  /** One page of the notifications that match. */
  public List<Notification> apply(List<Notification> all) {
    List<Notification> sorted = filterAndSort(all);
    int from = Math.min(offset, sorted.size());
    int to = limit == null ? sorted.size() : (int) Math.min(sorted.size(), (long) from + limit);
    return List.copyOf(sorted.subList(from, to));
  }

  /** The distinct topics of the notifications that match, sorted. */
  public List<String> topics(List<Notification> all) {
    Set<String> t = new TreeSet<>();
    for (Notification n : all) {
      if (matches(n) && n.payload().topic() != null) {
        t.add(n.payload().topic());
      }
    }
    return List.copyOf(t);
  }

  private Comparator<Notification> comparator() {
    List<Order> keys = order.isEmpty() ? List.of(new Order(Field.CREATED, true)) : order;
    Comparator<Notification> c = null;
    for (Order o : keys) {
      Comparator<Notification> k = key(o.field());
      if (o.descending()) {
        k = k.reversed();
      }
      c = c == null ? k : c.thenComparing(k);
    }
    return Objects.requireNonNull(c).thenComparing(Notification::id);
  }

  private static Comparator<Notification> key(Field f) {
    return switch (f) {
      case CREATED -> Comparator.comparing(Notification::created);
      case UPDATED -> Comparator.comparing(Notification::lastChange);
      case READ -> Comparator.comparing(Notification::read, Comparator.nullsFirst(Comparator.naturalOrder()));
      case SAVED -> Comparator.comparing(Notification::saved, Comparator.nullsFirst(Comparator.naturalOrder()));
      case TOPIC -> Comparator.comparing(n -> n.payload().topic(), Comparator.nullsFirst(Comparator.naturalOrder()));
      case ORIGIN -> Comparator.comparing(Notification::origin);
      case TITLE -> Comparator.comparing(n -> n.payload().title());
      case SEVERITY -> Comparator.comparing((Notification n) -> n.payload().severity()).reversed();
    };
  }
}
