package dev.greenroom.catalog.processing.state.jdbc;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.state.internal.StatePlanner;
import dev.greenroom.catalog.processing.state.internal.StateSupport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Makes rows due now ({@code next_update_at = now}): a ref and its ancestors ({@code refreshNow}),
 * the rows holding refresh keys, or refresh keys that start with a prefix (a webhook's push).
 */
final class Reschedule {
  private Reschedule() {}

  /** Schedules {@code ref} and its {@link StatePlanner#ancestors}; false when the ref is unknown. */
  static boolean refAndAncestors(Handle h, EntityRef ref, long at) {
    String start = StateSql.key(ref);
    if (!UnprocessedWrites.exists(h, start)) {
      return false;
    }
    References references = new References(h);
    Set<EntityRef> all =
        StatePlanner.ancestors(
            ref,
            level -> {
              List<EntityRef> out = new ArrayList<>();
              for (String p : references.parentsOfAny(StateSql.keys(level))) {
                out.add(EntityRef.parse(p));
              }
              return out;
            });
    rows(h, StateSql.keys(all), at);
    return true;
  }

  /** Schedules the rows holding one of the stored {@code keys}; returns how many. */
  static int keys(Handle h, List<String> keys, long at) {
    Set<String> refs =
        new LinkedHashSet<>(
            StateSql.strings(
                h,
                "SELECT DISTINCT entity_ref FROM gr_proc_refresh_keys WHERE refresh_key IN",
                keys,
                ""));
    rows(h, refs, at);
    return refs.size();
  }

  /**
   * Schedules the rows holding a key that starts with one of {@code prefixes} (normalised by
   * {@link StateSupport#refreshKeyPrefixes}: lower case); returns how many.
   */
  static int keyPrefixes(Handle h, List<String> prefixes, long at) {
    Set<String> refs = new LinkedHashSet<>();
    for (String p : prefixes) {
      // A scan of the keys: pushes are rare next to reads, and LIKE on LOWER() cannot use the
      // key index on either database.
      refs.addAll(
          h.createQuery(
                  "SELECT DISTINCT entity_ref FROM gr_proc_refresh_keys"
                      + " WHERE LOWER(refresh_key) LIKE ? ESCAPE '!'")
              .bind(0, likePrefix(p))
              .mapTo(String.class)
              .list());
    }
    rows(h, refs, at);
    return refs.size();
  }

  /** {@code prefix} as a LIKE pattern with {@code !} as the escape character. */
  private static String likePrefix(String prefix) {
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  /** Sets {@code next_update_at} of the rows of {@code refs}. */
  static void rows(Handle h, Collection<String> refs, long at) {
    dev.greenroom.catalog.store.jdbc.InList.chunks(
        refs,
        chunk ->
            dev.greenroom.catalog.store.jdbc.InList.bind(
                    h.createUpdate(
                            "UPDATE gr_proc_refresh_state SET next_update_at = ? WHERE entity_ref IN ("
                                + dev.greenroom.catalog.store.jdbc.InList.marks(chunk.size())
                                + ")")
                        .bind(0, at),
                    1,
                    chunk)
                .execute());
  }
}
