package dev.greenroom.scorecard.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Scorecard results in memory, per scorecard in the order recorded. */
public final class MemoryResultHistory implements ResultHistory {
  private final Map<String, List<HistoryEntry>> byCard = new ConcurrentHashMap<>();

  @Override
  public void record(List<HistoryEntry> entries) {
    for (HistoryEntry e : entries) {
      List<HistoryEntry> list = byCard.computeIfAbsent(e.scorecardId(), k -> new ArrayList<>());
      synchronized (list) {
        list.add(e);
      }
    }
  }

  @Override
  public List<HistoryEntry> history(String scorecardId, Instant from, Instant to) {
    List<HistoryEntry> list = byCard.get(scorecardId);
    if (list == null) {
      return List.of();
    }
    List<HistoryEntry> out = new ArrayList<>();
    synchronized (list) {
      for (HistoryEntry e : list) {
        if (!e.evaluatedAt().isBefore(from) && e.evaluatedAt().isBefore(to)) {
          out.add(e);
        }
      }
    }
    out.sort(java.util.Comparator.comparing(HistoryEntry::evaluatedAt));
    return out;
  }
}
