package dev.greenroom.scorecard.fact;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A retriever as registered with the runtime (Tech Insights' {@code FactRetrieverRegistration}).
 *
 * @param retriever the retriever
 * @param schedule when it runs, or null for "only when asked" ({@code Scorecards.runRetriever})
 * @param retention how much history to keep
 */
public record FactRetrieverRegistration(
    FactRetriever retriever, @Nullable Schedule schedule, Retention retention) {
  /** Validates the parts. */
  public FactRetrieverRegistration {
    Objects.requireNonNull(retriever, "retriever");
    Objects.requireNonNull(retention, "retention");
  }
}
