package dev.greenroom.scaffolder.render.internal;

import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.UnaryExpression;
import io.pebbletemplates.pebble.operator.Associativity;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.operator.BinaryOperatorImpl;
import io.pebbletemplates.pebble.operator.BinaryOperatorType;
import io.pebbletemplates.pebble.operator.UnaryOperator;
import io.pebbletemplates.pebble.operator.UnaryOperatorImpl;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Operators with JavaScript's meaning, replacing Pebble's where Nunjucks differs: {@code ==} /
 * {@code !=} are JavaScript's loose equality (null equals undefined, {@code '3' == 3}); {@code and} /
 * {@code or} return an operand (not a boolean) by truthiness, {@code not} negates truthiness,
 * {@code +} concatenates when either side is a string, {@code ~} joins printed values, {@code -
 * * / %} convert both sides to numbers (NaN for what is not one: {@code 'a' * 1}) and compute in
 * floating point ({@code 7 / 2} is 3.5, {@code 1 / 0} Infinity), integers kept integral while
 * exact. Strings
 * {@code contains} (what Nunjucks' {@code in} becomes) compares values within the render's budget
 * (Pebble's used Java's {@code equals} and {@code hashCode}, which walk arrays that share parts
 * exponentially, and {@code toString}); strings
 * built by {@code +} and {@code ~} are checked against the render's {@link RenderBudget} before
 * they are built.
 */
final class JsOperators {
  private JsOperators() {}

  static List<BinaryOperator> binary() {
    return List.of(
        new BinaryOperatorImpl("or", 10, Or::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl("and", 15, And::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl("+", 40, Add::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl("==", 30, Eq::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl("equals", 30, Eq::new, BinaryOperatorType.NORMAL,
            Associativity.LEFT),
        new BinaryOperatorImpl("contains", 20, Contains::new, BinaryOperatorType.NORMAL,
            Associativity.LEFT),
        new BinaryOperatorImpl("!=", 30, NotEq::new, BinaryOperatorType.NORMAL,
            Associativity.LEFT),
        new BinaryOperatorImpl("~", 110, Concat::new, BinaryOperatorType.NORMAL,
            Associativity.LEFT),
        new BinaryOperatorImpl("-", 40, Sub::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl("*", 60, Mul::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl("/", 60, Div::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl("%", 60, Mod::new, BinaryOperatorType.NORMAL, Associativity.LEFT));
  }

  static List<UnaryOperator> unary() {
    return List.of(new UnaryOperatorImpl("not", 500, Not.class));
  }

  /** {@code a - b}, {@code a * b}, {@code a / b}, {@code a % b} on JavaScript numbers. */
  private abstract static class Arithmetic extends BinaryExpression<Object> {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      Object l = getLeftExpression().evaluate(self, context);
      Object r = getRightExpression().evaluate(self, context);
      if ((l instanceof Long || l instanceof Integer) && (r instanceof Long || r instanceof Integer)) {
        Long exact = exact(((Number) l).longValue(), ((Number) r).longValue());
        if (exact != null && Math.abs(exact) <= MAX_SAFE_INTEGER) {
          return exact;
        }
      }
      return apply(number(l), number(r));
    }

    /** The integer result when it is exact, else null (the double result is used). */
    abstract @Nullable Long exact(long a, long b);

    abstract double apply(double a, double b);

    private static double number(@Nullable Object v) {
      Object p = v instanceof Collection<?> ? JsValues.jsString(v, true) : v; // [5] * 2 is 10
      Double d = p == null ? null : JsValues.toNumber(p);
      return d == null ? Double.NaN : d;
    }
  }

  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  static final class Sub extends Arithmetic {
    @Override
    @Nullable Long exact(long a, long b) {
      try {
        return Math.subtractExact(a, b);
      } catch (ArithmeticException e) {
        return null;
      }
    }

    @Override
    double apply(double a, double b) {
      return a - b;
    }
  }

  static final class Mul extends Arithmetic {
    @Override
    @Nullable Long exact(long a, long b) {
      if ((a == 0 && b < 0) || (b == 0 && a < 0)) {
        return null; // -0
      }
      try {
        return Math.multiplyExact(a, b);
      } catch (ArithmeticException e) {
        return null;
      }
    }

    @Override
    double apply(double a, double b) {
      return a * b;
    }
  }

  static final class Div extends Arithmetic {
    @Override
    @Nullable Long exact(long a, long b) {
      return b != 0 && a % b == 0 && !(a == 0 && b < 0) ? a / b : null;
    }

    @Override
    double apply(double a, double b) {
      return a / b;
    }
  }

  static final class Mod extends Arithmetic {
    @Override
    @Nullable Long exact(long a, long b) {
      return b != 0 && !(a % b == 0 && a < 0) ? a % b : null; // -4 % 2 is -0
    }

    @Override
    double apply(double a, double b) {
      return a % b;
    }
  }

  static final class Or extends BinaryExpression<Object> {
    @Override
    public @Nullable Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      Object l = getLeftExpression().evaluate(self, context);
      return JsValues.truthy(l) ? l : getRightExpression().evaluate(self, context);
    }
  }

  static final class And extends BinaryExpression<Object> {
    @Override
    public @Nullable Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      Object l = getLeftExpression().evaluate(self, context);
      return JsValues.truthy(l) ? getRightExpression().evaluate(self, context) : l;
    }
  }

  static final class Add extends BinaryExpression<Object> {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      Object l = getLeftExpression().evaluate(self, context);
      Object r = getRightExpression().evaluate(self, context);
      boolean numeric = (l == null || l == JsNull.INSTANCE || l instanceof Number
          || l instanceof Boolean)
          && (r == null || r == JsNull.INSTANCE || r instanceof Number || r instanceof Boolean);
      if (!numeric) {
        return RenderBudget.current().concat(JsValues.jsString(l, true), JsValues.jsString(r, true),
            "string built by +");
      }
      if ((l instanceof Long || l instanceof Integer) && (r instanceof Long || r instanceof Integer)) {
        long a = ((Number) l).longValue();
        long b = ((Number) r).longValue();
        long s = a + b;
        if (((a ^ s) & (b ^ s)) >= 0) {
          return s;
        }
      }
      Double a = JsValues.toNumber(l);
      Double b = JsValues.toNumber(r);
      if (l == null || r == null || a == null || b == null) {
        return Double.NaN; // undefined + 1
      }
      return JsValues.narrow(a + b);
    }
  }

  static final class Eq extends BinaryExpression<Object> {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      return JsValues.looseEquals(getLeftExpression().evaluate(self, context),
          getRightExpression().evaluate(self, context));
    }
  }

  static final class NotEq extends BinaryExpression<Object> {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      return !JsValues.looseEquals(getLeftExpression().evaluate(self, context),
          getRightExpression().evaluate(self, context));
    }
  }

  static final class Concat extends BinaryExpression<Object> {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      Object l = getLeftExpression().evaluate(self, context);
      Object r = getRightExpression().evaluate(self, context);
      return RenderBudget.current().concat(JsValues.print(l), JsValues.print(r),
          "string built by ~");
    }
  }

  /**
   * {@code a contains b}: an array holds {@code b} (every item of {@code b} when it is an array),
   * an object has the key {@code b}, a string holds {@code b} printed.
   */
  static final class Contains extends BinaryExpression<Object> {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      Object l = getLeftExpression().evaluate(self, context);
      if (l == null) {
        return false;
      }
      Object r = getRightExpression().evaluate(self, context);
      RenderBudget budget = RenderBudget.current();
      if (l instanceof Collection<?> c) {
        if (r instanceof Collection<?> wanted) {
          for (Object w : wanted) {
            if (!holds(c, w, budget)) {
              return false;
            }
          }
          return true;
        }
        return holds(c, r, budget);
      }
      if (l instanceof Map<?, ?> m) {
        boolean scalar = r instanceof String || r instanceof Number || r instanceof Boolean;
        return scalar && m.containsKey(r) || m.containsKey(JsValues.print(r));
      }
      if (l instanceof String s) {
        return s.contains(JsValues.print(r));
      }
      if (l == JsNull.INSTANCE) {
        return false;
      }
      throw new io.pebbletemplates.pebble.error.PebbleException(null,
          "'in' needs an array, an object or a string on its right", getLineNumber(),
          self.getName());
    }

    private static boolean holds(Collection<?> c, @Nullable Object x, RenderBudget budget) {
      for (Object e : c) {
        if (same(e, x, budget)) {
          return true;
        }
      }
      return false;
    }

    /** Structural equality, charged node by node. */
    private static boolean same(@Nullable Object a, @Nullable Object b, RenderBudget budget) {
      budget.charge(RenderBudget.ELEMENT_COST);
      if (a == b) {
        return true;
      }
      if (a == null || b == null) {
        return false;
      }
      if (a instanceof Number x && b instanceof Number y) {
        return x.doubleValue() == y.doubleValue();
      }
      if (a instanceof List<?> x && b instanceof List<?> y) {
        if (x.size() != y.size()) {
          return false;
        }
        for (int i = 0; i < x.size(); i++) {
          if (!same(x.get(i), y.get(i), budget)) {
            return false;
          }
        }
        return true;
      }
      if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
        if (x.size() != y.size()) {
          return false;
        }
        for (Map.Entry<?, ?> e : x.entrySet()) {
          if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()), budget)) {
            return false;
          }
        }
        return true;
      }
      if (a instanceof String || a instanceof Boolean || a == JsNull.INSTANCE) {
        return a.equals(b);
      }
      return false;
    }
  }

  /** Public with a no-argument constructor: Pebble instantiates unary nodes reflectively. */
  public static final class Not extends UnaryExpression {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      return !JsValues.truthy(getChildExpression().evaluate(self, context));
    }
  }
}
