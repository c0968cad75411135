package dev.greenroom.scorecard.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A check evaluated for one entity.
 *
 * @param check the check
 * @param verdict pass, fail, or missing (a fact has no value)
 * @param leaves every leaf evaluated, in order
 */
public record CheckOutcome(Check check, Verdict verdict, List<LeafOutcome> leaves) {
  /** The facts that had no value. */
  public List<String> missingFacts() {
    List<String> out = new ArrayList<>();
    for (LeafOutcome l : leaves) {
      if (l.verdict() == Verdict.MISSING && !out.contains(l.subject())) {
        out.add(l.subject());
      }
    }
    return out;
  }

  /**
   * Why it came out this way: the reasons of the leaves that decided it (the failing ones of a
   * failure, the passing ones of a pass, the missing facts), joined with {@code "; "}.
   */
  public String reason() {
    StringBuilder sb = new StringBuilder();
    for (LeafOutcome l : leaves) {
      if (l.effective() == verdict || (verdict == Verdict.MISSING && l.verdict() == Verdict.MISSING)) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(l.reason());
      }
    }
    if (sb.length() == 0) {
      for (LeafOutcome l : leaves) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(l.reason());
      }
    }
    return sb.toString();
  }
}
