package dev.greenroom.scorecard.check;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The comparison shared by fact and entity leaves. */
final class Leaves {
  private Leaves() {}

  static Verdict compare(
      Condition.Leaf leaf, @Nullable JsonNode actual, EvaluationInput in, boolean negated, @Nullable List<LeafOutcome> sink) {
    Operator op = leaf.operator();
    Verdict v;
    Boolean r = null;
    if (actual == null) {
      v =
          Verdict.of(
              op == Operator.NOT_EXISTS
                  || op == Operator.NOT_EQUAL
                  || op == Operator.NOT_IN
                  || op == Operator.DOES_NOT_CONTAIN);
    } else {
      r = Compare.test(op, actual, leaf.value(), in.now());
      v = r == null ? Verdict.FAIL : Verdict.of(r);
    }
    if (sink != null) {
      String problem = null;
      if (actual != null && r == null) {
        problem =
            leaf.subject()
                + " is "
                + LeafOutcome.render(actual)
                + ", which "
                + op.jsonName()
                + (leaf.value() == null ? "" : " " + LeafOutcome.render(leaf.value()))
                + " cannot compare (wrong type)";
      }
      sink.add(new LeafOutcome(leaf.subject(), op, leaf.value(), actual, v, negated, problem));
    }
    return v;
  }
}
