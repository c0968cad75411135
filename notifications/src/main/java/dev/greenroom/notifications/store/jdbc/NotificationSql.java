package dev.greenroom.notifications.store.jdbc;

import dev.greenroom.notifications.NotificationQuery;
import dev.greenroom.notifications.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A {@link NotificationQuery} as SQL over one user's view: their rows and every broadcast, joined
 * to the user's marks on broadcasts. Only fixed SQL text is concatenated; every value the caller
 * gave is bound. Orders as {@link NotificationQuery#apply}: nulls first when ascending, ties by id
 * (byte order).
 */
final class NotificationSql {
  static final String READ = "CASE WHEN n.user_ref IS NULL THEN m.read_at ELSE n.read_at END";
  static final String SAVED = "CASE WHEN n.user_ref IS NULL THEN m.saved_at ELSE n.saved_at END";
  static final String FROM =
      " FROM gr_notifications n LEFT JOIN gr_notification_marks m"
          + " ON m.notification_id = n.id AND m.user_ref = :user"
          + " WHERE (n.user_ref = :user OR n.user_ref IS NULL)";

  final String where;
  final Map<String, Object> binds = new LinkedHashMap<>();
  final Map<String, List<String>> lists = new LinkedHashMap<>();
  private final NotificationQuery q;
  private final boolean postgres;

  NotificationSql(String user, NotificationQuery q, boolean postgres) {
    this.q = q;
    this.postgres = postgres;
    binds.put("user", user);
    StringBuilder w = new StringBuilder(FROM);
    if (q.read() != null) {
      w.append(" AND ").append(READ).append(q.read() ? " IS NOT NULL" : " IS NULL");
    }
    if (q.saved() != null) {
      w.append(" AND ").append(SAVED).append(q.saved() ? " IS NOT NULL" : " IS NULL");
    }
    if (q.search() != null && !q.search().isEmpty()) {
      w.append(" AND (LOWER(n.title) LIKE :search ESCAPE '!'"
          + " OR LOWER(n.description) LIKE :search ESCAPE '!')");
      binds.put("search", "%" + likeEscape(q.search().toLowerCase(Locale.ROOT)) + "%");
    }
    if (q.createdAfter() != null) {
      w.append(" AND n.created_at > :createdAfter");
      binds.put("createdAfter", JdbcNotificationStore.ts(q.createdAfter()));
    }
    if (q.minimumSeverity() != null) {
      List<String> sev = new ArrayList<>();
      for (Severity s : Severity.values()) {
        if (s.atLeast(q.minimumSeverity())) {
          sev.add(s.wireName());
        }
      }
      w.append(" AND n.severity IN (<severities>)");
      lists.put("severities", sev);
    }
    if (q.topic() != null) {
      w.append(" AND n.topic = :topic");
      binds.put("topic", q.topic());
    }
    if (q.ids() != null) {
      if (q.ids().isEmpty()) {
        w.append(" AND 1 = 0");
      } else {
        w.append(" AND n.id IN (<ids>)");
        lists.put("ids", List.copyOf(q.ids()));
      }
    }
    this.where = w.toString();
  }

  private static String likeEscape(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** ORDER BY, then the page. */
  String orderAndPage() {
    List<NotificationQuery.Order> keys = q.order().isEmpty()
        ? List.of(new NotificationQuery.Order(NotificationQuery.Field.CREATED, true))
        : q.order();
    StringBuilder o = new StringBuilder(" ORDER BY ");
    for (NotificationQuery.Order k : keys) {
      boolean desc = k.descending();
      String expr = switch (k.field()) {
        case CREATED -> "n.created_at";
        case UPDATED -> "COALESCE(n.updated_at, n.created_at)";
        case READ -> READ;
        case SAVED -> SAVED;
        case TOPIC -> "n.topic";
        case ORIGIN -> "n.origin";
        case TITLE -> "n.title";
        case SEVERITY -> {
          desc = !desc; // ascending means the least severe first
          yield "CASE n.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1"
              + " WHEN 'normal' THEN 2 ELSE 3 END";
        }
      };
      o.append(expr).append(desc ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
    }
    o.append(postgres ? "n.id COLLATE \"C\"" : "n.id");
    if (q.limit() != null) {
      o.append(" LIMIT ").append(q.limit().intValue());
    }
    if (q.offset() > 0) {
      o.append(" OFFSET ").append(q.offset());
    }
    return o.toString();
  }

  <S extends SqlStatement<S>> S bind(S statement) {
    S s = statement;
    for (Map.Entry<String, Object> e : binds.entrySet()) {
      s = s.bind(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, List<String>> e : lists.entrySet()) {
      s = s.bindList(e.getKey(), e.getValue());
    }
    return s;
  }
}
