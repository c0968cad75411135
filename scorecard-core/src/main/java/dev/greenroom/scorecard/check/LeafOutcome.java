package dev.greenroom.scorecard.check;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How one leaf condition came out, with what it saw and expected.
 *
 * @param subject the fact name or the entity field path
 * @param operator the operator
 * @param expected the value of the condition, or null for {@code exists}/{@code notExists}
 * @param actual the value found, or null when there was none
 * @param verdict the leaf's own verdict (before any enclosing {@code not})
 * @param negated true under an odd number of {@code not}s
 * @param problem why the comparison could not be made (missing fact, wrong type), or null
 */
public record LeafOutcome(
    String subject,
    Operator operator,
    @Nullable JsonNode expected,
    @Nullable JsonNode actual,
    Verdict verdict,
    boolean negated,
    @Nullable String problem) {

  /** The verdict after the enclosing {@code not}s. */
  public Verdict effective() {
    return negated ? verdict.negate() : verdict;
  }

  /** A sentence for people: what was found against what was expected. */
  public String reason() {
    if (problem != null) {
      return problem;
    }
    String exp = operator.jsonName() + (expected == null ? "" : " " + render(expected));
    String found = subject + " is " + (actual == null ? "absent" : render(actual));
    String prefix = negated ? "not: " : "";
    if (verdict == Verdict.PASS) {
      return prefix + found + " (" + exp + ")";
    }
    return prefix + found + ", expected " + exp;
  }

  static String render(JsonNode v) {
    String s = v.isString() ? v.stringValue() : v.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
