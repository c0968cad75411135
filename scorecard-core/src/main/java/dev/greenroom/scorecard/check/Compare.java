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
      Instant x = parse(a.stringValue());
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
      Instant x = parse(a.stringValue());
      Instant y = instant(b, now);
      if (x != null && y != null) {
        return x.compareTo(y);
      }
    }
    return null;
  }

  private static final java.util.Map<String, Duration> RELATIVE = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_RELATIVE = 10_000;

  /** Parses an instant, with a fast path for {@code Instant.toString()}'s form {@code 2026-01-02T03:04:05Z}. */
  static @Nullable Instant parse(String s) {
    if (s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
        && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
      int y = digits(s, 0, 4);
      int mo = digits(s, 5, 7);
      int d = digits(s, 8, 10);
      int h = digits(s, 11, 13);
      int mi = digits(s, 14, 16);
      int se = digits(s, 17, 19);
      if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59
          && se >= 0 && se <= 59) {
        try {
          long days = java.time.LocalDate.of(y, mo, d).toEpochDay();
          return Instant.ofEpochSecond(days * 86_400L + h * 3600L + mi * 60L + se);
        } catch (java.time.DateTimeException e) {
          return null; // 2026-02-30: no such day
        }
      }
    }
    return FactType.parseInstant(s);
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
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
      return parse(s);
    }
    if (s.equals("now")) {
      return now;
    }
    if (s.length() < 5 || (s.charAt(3) != '-' && s.charAt(3) != '+')) {
      return null;
    }
    Duration d = RELATIVE.get(s);
    if (d == null) {
      try {
        d = Duration.parse(s.substring(4));
      } catch (DateTimeParseException e) {
        return null;
      }
      if (RELATIVE.size() < MAX_RELATIVE) {
        RELATIVE.put(s, d);
      }
    }
    return s.charAt(3) == '-' ? now.minus(d) : now.plus(d);
  }
}
