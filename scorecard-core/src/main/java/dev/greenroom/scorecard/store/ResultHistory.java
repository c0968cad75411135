package dev.greenroom.scorecard.store;

import java.time.Instant;
import java.util.List;

/** Recorded scorecard evaluations, for trends over time. Implementations are thread-safe. */
public interface ResultHistory {
  /** Appends evaluations. */
  void record(List<HistoryEntry> entries);

  /** The evaluations of a scorecard with {@code from <= evaluatedAt < to}, oldest first. */
  List<HistoryEntry> history(String scorecardId, Instant from, Instant to);
}
