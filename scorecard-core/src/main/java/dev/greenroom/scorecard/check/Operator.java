package dev.greenroom.scorecard.check;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The operators of Tech Insights' check validation, plus {@code exists} and {@code notExists}
 * (Greenroom's, for entity fields and facts; they take no value).
 */
public enum Operator {
  /** Equal values (numbers numerically, everything else exactly). */
  EQUAL("equal"),
  /** Not equal. */
  NOT_EQUAL("notEqual"),
  /** Fact below value. */
  LESS_THAN("lessThan"),
  /** Fact at or below value. */
  LESS_THAN_INCLUSIVE("lessThanInclusive"),
  /** Fact above value. */
  GREATER_THAN("greaterThan"),
  /** Fact at or above value. */
  GREATER_THAN_INCLUSIVE("greaterThanInclusive"),
  /** Fact is one of the value array. */
  IN("in"),
  /** Fact is none of the value array. */
  NOT_IN("notIn"),
  /** Fact array includes the value. */
  CONTAINS("contains"),
  /** Fact array does not include the value. */
  DOES_NOT_CONTAIN("doesNotContain"),
  /** The fact or field has a non-null value. */
  EXISTS("exists"),
  /** The fact or field has no value. */
  NOT_EXISTS("notExists");

  private final String jsonName;

  Operator(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name definitions use. */
  public String jsonName() {
    return jsonName;
  }

  /** True for the four ordering operators. */
  public boolean ordering() {
    return this == LESS_THAN || this == LESS_THAN_INCLUSIVE || this == GREATER_THAN || this == GREATER_THAN_INCLUSIVE;
  }

  /** True when the operator takes no value. */
  public boolean unary() {
    return this == EXISTS || this == NOT_EXISTS;
  }

  /** The operator with this name, or null. */
  public static @Nullable Operator of(String name) {
    for (Operator o : values()) {
      if (o.jsonName.equals(name)) {
        return o;
      }
    }
    return null;
  }

  /** All names, comma-separated, for error messages. */
  public static String names() {
    return Arrays.stream(values()).map(Operator::jsonName).collect(Collectors.joining(", "));
  }
}
