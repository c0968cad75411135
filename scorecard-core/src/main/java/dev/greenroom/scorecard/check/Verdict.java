package dev.greenroom.scorecard.check;

/** The outcome of a condition: passed, failed, or undecidable because a fact is missing. */
public enum Verdict {
  /** The condition holds. */
  PASS,
  /** The condition does not hold. */
  FAIL,
  /** A fact the condition needs has no value for the entity. */
  MISSING;

  /** PASS for true, FAIL for false. */
  public static Verdict of(boolean pass) {
    return pass ? PASS : FAIL;
  }

  /** The negation: PASS and FAIL swap, MISSING stays. */
  public Verdict negate() {
    return this == PASS ? FAIL : this == FAIL ? PASS : MISSING;
  }
}
