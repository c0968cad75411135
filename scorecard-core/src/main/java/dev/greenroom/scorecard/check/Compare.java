package dev.greenroom.scorecard.check;

import dev.greenroom.scorecard.fact.FactType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The operators' semantics on JSON values. */
final class Compare {
  private Compare() {}

  /** Null when the comparison does not apply to these value types. */
  static @Nullable Boolean test(Operator op, JsonNode actual, @Nullable JsonNode value, Instant now) {
    switch (op) {
      case EQUAL:
        return same(actual, value, now);
      case NOT_EQUAL:
        return !same(actual, value, now);
      case LESS_THAN:
      case LESS_THAN_INCLUSIVE:
      case GREATER_THAN:
      case GREATER_THAN_INCLUSIVE:
        {
          Integer c = order(actual, value, now);
          if (c == null) {
            return null;
          }
          return op == Operator.LESS_THAN
              ? c < 0
              : op == Operator.LESS_THAN_INCLUSIVE ? c <= 0 : op == Operator.GREATER_THAN ? c > 0 : c >= 0;
        }
      case IN:
      case NOT_IN:
        {
          if (value == null || !value.isArray()) {
            return null;
          }
          boolean found = false;
          for (JsonNode v : value) {
            if (same(actual, v, now)) {
              found = true;
              break;
            }
          }
          return op == Operator.IN ? found : !found;
        }
      case CONTAINS:
      case DOES_NOT_CONTAIN:
        {
          if (!actual.isArray()) {
            return null;
          }
          boolean found = false;
          for (JsonNode v : actual) {
            if (same(v, value, now)) {
              found = true;
              break;
            }
          }
          return op == Operator.CONTAINS ? found : !found;
        }
      case EXISTS:
        return !actual.isNull();
      default:
        return actual.isNull();
    }
  }

  static boolean same(JsonNode a, @Nullable JsonNode b, Instant now) {
    if (b == null) {
      return false;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.asDouble() == b.asDouble();
    }
    if (a.isString() && b.isString() && isRelative(b.stringValue())) {
      Instant x = FactType.parseInstant(a.stringValue());
      Instant y = instant(b, now);
      return x != null && x.equals(y);
    }
    return a.equals(b);
  }

  static @Nullable Integer order(JsonNode a, @Nullable JsonNode b, Instant now) {
    if (b == null) {
      return null;
    }
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.asDouble(), b.asDouble());
    }
    if (a.isString() && b.isString()) {
      Instant x = FactType.parseInstant(a.stringValue());
      Instant y = instant(b, now);
      if (x != null && y != null) {
        return x.compareTo(y);
      }
    }
    return null;
  }

  static boolean isRelative(String s) {
    return s.startsWith("now");
  }

  /** An instant value: ISO-8601, or {@code now}, {@code now-P30D}, {@code now+PT1H}. */
  static @Nullable Instant instant(JsonNode v, Instant now) {
    if (!v.isString()) {
      return null;
    }
    String s = v.stringValue();
    if (!isRelative(s)) {
      return FactType.parseInstant(s);
    }
    if (s.equals("now")) {
      return now;
    }
    if (s.length() < 5 || (s.charAt(3) != '-' && s.charAt(3) != '+')) {
      return null;
    }
    try {
      Duration d = Duration.parse(s.substring(4));
      return s.charAt(3) == '-' ? now.minus(d) : now.plus(d);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
