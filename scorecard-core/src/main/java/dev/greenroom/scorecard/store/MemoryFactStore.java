package dev.greenroom.scorecard.store;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.Retention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Facts in memory: per entity and retriever, a list in timestamp order. */
public final class MemoryFactStore implements FactStore {
  private final Map<EntityRef, Map<String, List<Fact>>> byEntity = new ConcurrentHashMap<>();

  @Override
  public void insert(List<Fact> facts) {
    for (Fact f : facts) {
      Map<String, List<Fact>> m = byEntity.computeIfAbsent(f.entity(), k -> new ConcurrentHashMap<>());
      List<Fact> list = m.computeIfAbsent(f.id(), k -> new ArrayList<>());
      synchronized (list) {
        int i = list.size();
        while (i > 0 && list.get(i - 1).timestamp().isAfter(f.timestamp())) {
          i--;
        }
        list.add(i, f);
      }
    }
  }

  @Override
  public Map<String, Fact> latest(EntityRef entity, Collection<String> ids) {
    Map<String, List<Fact>> m = byEntity.get(entity);
    if (m == null) {
      return Map.of();
    }
    Map<String, Fact> out = new HashMap<>();
    for (String id : ids) {
      List<Fact> list = m.get(id);
      if (list != null) {
        synchronized (list) {
          if (!list.isEmpty()) {
            out.put(id, list.get(list.size() - 1));
          }
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, List<Fact>> range(
      EntityRef entity, Collection<String> ids, Instant start, Instant end) {
    Map<String, List<Fact>> out = new LinkedHashMap<>();
    Map<String, List<Fact>> m = byEntity.getOrDefault(entity, Map.of());
    for (String id : ids) {
      List<Fact> sel = new ArrayList<>();
      List<Fact> list = m.get(id);
      if (list != null) {
        synchronized (list) {
          for (Fact f : list) {
            if (!f.timestamp().isBefore(start) && !f.timestamp().isAfter(end)) {
              sel.add(f);
            }
          }
        }
      }
      out.put(id, sel);
    }
    return out;
  }

  @Override
  public Set<EntityRef> entities() {
    return Set.copyOf(byEntity.keySet());
  }

  @Override
  public int applyRetention(String id, Retention retention, Instant now) {
    int deleted = 0;
    for (Map<String, List<Fact>> m : byEntity.values()) {
      List<Fact> list = m.get(id);
      if (list == null) {
        continue;
      }
      synchronized (list) {
        if (retention.timeToLive() != null) {
          Instant cutoff = now.minus(retention.timeToLive());
          int before = list.size();
          list.removeIf(f -> f.timestamp().isBefore(cutoff));
          deleted += before - list.size();
        }
        if (retention.maxItems() > 0 && list.size() > retention.maxItems()) {
          int drop = list.size() - retention.maxItems();
          list.subList(0, drop).clear();
          deleted += drop;
        }
      }
    }
    return deleted;
  }
}
