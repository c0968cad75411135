package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityPredicate.All;
import dev.greenroom.catalog.query.EntityPredicate.Any;
import dev.greenroom.catalog.query.EntityPredicate.Field;
import dev.greenroom.catalog.query.EntityPredicate.Not;
import dev.greenroom.catalog.query.EntityPredicate.ValueMatch;

/**
 * Translates an {@link EntityPredicate} into a SQL condition on an entity id expression, over the
 * {@code gr_search} table.
 *
 * <p>Every field test is one subquery on the {@code (field_key, field_value, entity_id)} index:
 * equality and {@code $in} seek (key, value); {@code $exists} seeks the key; {@code $hasPrefix} is a
 * range scan via {@code LIKE 'prefix%'} with {@code !}, {@code %} and {@code _} escaped. Each test
 * is a correlated {@code EXISTS} (one index seek per candidate entity). Empty {@code all} is true
 * and empty {@code any} false, as in Backstage.
 */
final class PredicateSql {
  private int alias;

  /** True when {@code p} matches everything, so no condition is needed. */
  static boolean isTrue(EntityPredicate p) {
    return p instanceof All a && a.predicates().isEmpty();
  }

  /** Appends the condition that {@code p} holds for the entity with id {@code idExpr}. */
  void append(EntityPredicate p, String idExpr, Sql sql) {
    if (p instanceof All a) {
      junction(a.predicates(), " AND ", "1=1", idExpr, sql);
    } else if (p instanceof Any a) {
      junction(a.predicates(), " OR ", "1=0", idExpr, sql);
    } else if (p instanceof Not n) {
      sql.append("NOT (");
      append(n.predicate(), idExpr, sql);
      sql.append(")");
    } else {
      field((Field) p, idExpr, sql);
    }
  }

  private void junction(
      java.util.List<EntityPredicate> ps, String op, String empty, String idExpr, Sql sql) {
    if (ps.isEmpty()) {
      sql.append(empty);
      return;
    }
    sql.append("(");
    for (int i = 0; i < ps.size(); i++) {
      if (i > 0) {
        sql.append(op);
      }
      append(ps.get(i), idExpr, sql);
    }
    sql.append(")");
  }

  private void field(Field f, String idExpr, Sql sql) {
    ValueMatch m = f.match();
    boolean negate = m instanceof ValueMatch.Exists ex && !ex.exists();
    if (m instanceof ValueMatch.In in && in.values().isEmpty()) {
      sql.append("1=0");
      return;
    }
    String s = "s" + (alias++);
    sql.append(negate ? "NOT EXISTS (" : "EXISTS (")
        .append("SELECT 1 FROM gr_search " + s + " WHERE " + s + ".entity_id = " + idExpr)
        .append(" AND ");
    valueCondition(s, f.key(), m, sql);
    sql.append(")");
  }

  /** {@code alias.field_key = key AND <value test>} for one field match. */
  static void valueCondition(String s, String key, ValueMatch m, Sql sql) {
    sql.append(s + ".field_key = ").bind(key);
    if (m instanceof ValueMatch.Equals e) {
      sql.append(" AND " + s + ".field_value = ").bind(e.value());
    } else if (m instanceof ValueMatch.In in) {
      if (in.values().size() == 1) {
        sql.append(" AND " + s + ".field_value = ").bind(in.values().get(0));
      } else {
        sql.append(" AND " + s + ".field_value IN (").bindList(in.values()).append(")");
      }
    } else if (m instanceof ValueMatch.HasPrefix hp) {
      sql.append(" AND " + s + ".field_value LIKE ")
          .bind(Sql.likeLiteral(hp.prefix()) + "%")
          .append(" ESCAPE '!'");
    }
    // Exists: the key alone.
  }
}
