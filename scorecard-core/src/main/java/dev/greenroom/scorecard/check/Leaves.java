package dev.greenroom.scorecard.check;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** The comparison shared by fact and entity leaves. */
final class Leaves {
  private Leaves() {}

  static Verdict compare(
      Condition.Leaf leaf, @Nullable JsonNode actual, EvaluationInput in, boolean negated, List<LeafOutcome> sink) {
    Operator op = leaf.operator();
    Verdict v;
    String problem = null;
    if (actual == null) {
      v =
          Verdict.of(
              op == Operator.NOT_EXISTS
                  || op == Operator.NOT_EQUAL
                  || op == Operator.NOT_IN
                  || op == Operator.DOES_NOT_CONTAIN);
    } else {
      Boolean r = Compare.test(op, actual, leaf.value(), in.now());
      if (r == null) {
        v = Verdict.FAIL;
        problem =
            leaf.subject()
                + " is "
                + LeafOutcome.render(actual)
                + ", which "
                + op.jsonName()
                + (leaf.value() == null ? "" : " " + LeafOutcome.render(leaf.value()))
                + " cannot compare (wrong type)";
      } else {
        v = Verdict.of(r);
      }
    }
    sink.add(new LeafOutcome(leaf.subject(), op, leaf.value(), actual, v, negated, problem));
    return v;
  }

  static JsonNode nullNode() {
    return NullNode.getInstance();
  }
}
