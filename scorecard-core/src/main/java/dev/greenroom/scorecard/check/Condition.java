package dev.greenroom.scorecard.check;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.internal.EntityFields;
import dev.greenroom.scorecard.internal.JsonPath;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A json-rules-engine condition tree: {@code all}, {@code any}, {@code not} and leaves on facts or
 * on entity fields. Build them with {@link CheckLoader}, which validates them against the fact
 * schemas.
 *
 * <p>Three-valued: a leaf whose fact has no value is {@link Verdict#MISSING}. {@code all} fails if
 * any child fails, else is missing if any child is missing; {@code any} passes if any child passes,
 * else is missing if any child is missing; {@code not} swaps pass and fail.
 */
public sealed interface Condition {
  /**
   * Evaluates the condition; every leaf evaluated adds its outcome to {@code sink}.
   *
   * @param negated true under an odd number of enclosing {@code not}s
   * @param sink where leaf outcomes go, or null to compute the verdict only
   */
  Verdict evaluate(EvaluationInput in, boolean negated, @Nullable List<LeafOutcome> sink);

  /** Visits every leaf. */
  void leaves(Consumer<Leaf> visitor);

  /** Every child must pass. */
  record All(List<Condition> conditions) implements Condition {
    /** Copies the list. */
    public All {
      conditions = List.copyOf(conditions);
    }

    @Override
    public Verdict evaluate(EvaluationInput in, boolean negated, @Nullable List<LeafOutcome> sink) {
      boolean missing = false;
      boolean failed = false;
      for (Condition c : conditions) {
        Verdict v = c.evaluate(in, negated, sink);
        if (v == Verdict.FAIL) {
          failed = true;
        } else if (v == Verdict.MISSING) {
          missing = true;
        }
      }
      return failed ? Verdict.FAIL : missing ? Verdict.MISSING : Verdict.PASS;
    }

    @Override
    public void leaves(Consumer<Leaf> visitor) {
      conditions.forEach(c -> c.leaves(visitor));
    }
  }

  /** One child must pass. */
  record Any(List<Condition> conditions) implements Condition {
    /** Copies the list. */
    public Any {
      conditions = List.copyOf(conditions);
    }

    @Override
    public Verdict evaluate(EvaluationInput in, boolean negated, @Nullable List<LeafOutcome> sink) {
      boolean missing = false;
      boolean passed = false;
      for (Condition c : conditions) {
        Verdict v = c.evaluate(in, negated, sink);
        if (v == Verdict.PASS) {
          passed = true;
        } else if (v == Verdict.MISSING) {
          missing = true;
        }
      }
      return passed ? Verdict.PASS : missing ? Verdict.MISSING : Verdict.FAIL;
    }

    @Override
    public void leaves(Consumer<Leaf> visitor) {
      conditions.forEach(c -> c.leaves(visitor));
    }
  }

  /** The child must fail. */
  record Not(Condition condition) implements Condition {
    /** Validates the child. */
    public Not {
      Objects.requireNonNull(condition);
    }

    @Override
    public Verdict evaluate(EvaluationInput in, boolean negated, @Nullable List<LeafOutcome> sink) {
      return condition.evaluate(in, !negated, sink).negate();
    }

    @Override
    public void leaves(Consumer<Leaf> visitor) {
      condition.leaves(visitor);
    }
  }

  /** A comparison of one value. */
  sealed interface Leaf extends Condition {
    /** The fact name or the entity field path. */
    String subject();

    /** The operator. */
    Operator operator();

    /** The value compared against, or null for unary operators. */
    @Nullable JsonNode value();
  }

  /**
   * A comparison of a fact (Tech Insights' leaf {@code { fact, operator, value, path? }}).
   *
   * @param retrieverId the retriever whose latest facts hold the fact (resolved from the check's
   *     {@code factIds} at load)
   * @param fact the fact name
   * @param path a path into an object fact, or null
   * @param operator the operator
   * @param value the value, or null for unary operators
   */
  record FactLeaf(
      String retrieverId, String fact, @Nullable JsonPath path, Operator operator, @Nullable JsonNode value)
      implements Leaf {
    @Override
    public String subject() {
      return path == null ? fact : fact + " " + path.text();
    }

    @Override
    public Verdict evaluate(EvaluationInput in, boolean negated, @Nullable List<LeafOutcome> sink) {
      Fact f = in.facts().get(retrieverId);
      JsonNode actual = f == null ? null : f.values().get(fact);
      if (actual != null && path != null && !actual.isNull()) {
        actual = path.read(actual);
      }
      boolean absent = actual == null || actual.isNull();
      if (absent && (f == null || !operator.unary())) {
        if (sink != null) {
          sink.add(new LeafOutcome(subject(), operator, value, null, Verdict.MISSING, negated, "fact " + fact + " missing"));
        }
        return Verdict.MISSING;
      }
      return Leaves.compare(this, absent ? null : actual, in, negated, sink);
    }

    @Override
    public void leaves(Consumer<Leaf> visitor) {
      visitor.accept(this);
    }
  }

  /**
   * A comparison of a field of the entity itself, for example {@code
   * metadata.annotations['pagerduty.com/integration-key']} with {@code exists}. A missing field is
   * compared as absent (it fails every operator but {@code notExists}, {@code notEqual}, {@code
   * notIn}, {@code doesNotContain}); an entity the catalog does not know is missing.
   *
   * @param field the path into the entity's JSON
   * @param operator the operator
   * @param value the value, or null for unary operators
   */
  record EntityLeaf(JsonPath field, Operator operator, @Nullable JsonNode value) implements Leaf {
    @Override
    public String subject() {
      return field.text();
    }

    @Override
    public Verdict evaluate(EvaluationInput in, boolean negated, @Nullable List<LeafOutcome> sink) {
      Entity e = in.entity();
      if (e == null) {
        if (sink != null) {
          sink.add(
              new LeafOutcome(
                  subject(), operator, value, null, Verdict.MISSING, negated, "entity " + in.ref() + " not in the catalog"));
        }
        return Verdict.MISSING;
      }
      JsonNode actual = EntityFields.read(e, field);
      return Leaves.compare(this, actual == null || actual.isNull() ? null : actual, in, negated, sink);
    }

    @Override
    public void leaves(Consumer<Leaf> visitor) {
      visitor.accept(this);
    }
  }
}
