package dev.greenroom.scorecard.fact;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The types of fact fields, with Tech Insights' names. */
public enum FactType {
  /** A whole number. */
  INTEGER,
  /** Any number. */
  FLOAT,
  /** Text. */
  STRING,
  /** True or false. */
  BOOLEAN,
  /** An ISO-8601 instant, stored as text. */
  DATETIME,
  /** An array of values. */
  SET,
  /** A JSON object. */
  OBJECT;

  /** The lower-case name used in schemas ({@code integer}, {@code datetime}...). */
  public String schemaName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a schema type name.
   *
   * @throws IllegalArgumentException naming the accepted types
   */
  public static FactType parse(String name) {
    for (FactType t : values()) {
      if (t.schemaName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown fact type '" + name + "' (expected integer, float, string, boolean, datetime, set or object)");
  }

  /** True for the numeric and datetime types, which the ordering operators accept. */
  public boolean ordered() {
    return this == INTEGER || this == FLOAT || this == DATETIME;
  }

  /** Null when {@code value} fits this type, else a short description of the mismatch. */
  public @Nullable String mismatch(JsonNode value) {
    switch (this) {
      case INTEGER:
        return value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))
            ? null
            : "expected an integer but found " + describe(value);
      case FLOAT:
        return value.isNumber() ? null : "expected a number but found " + describe(value);
      case STRING:
        return value.isString() ? null : "expected a string but found " + describe(value);
      case BOOLEAN:
        return value.isBoolean() ? null : "expected a boolean but found " + describe(value);
      case DATETIME:
        if (!value.isString()) {
          return "expected an ISO-8601 datetime string but found " + describe(value);
        }
        return parseInstant(value.stringValue()) == null
            ? "expected an ISO-8601 datetime but found '" + value.stringValue() + "'"
            : null;
      case SET:
        return value.isArray() ? null : "expected an array but found " + describe(value);
      default:
        return value.isObject() ? null : "expected an object but found " + describe(value);
    }
  }

  /** An ISO-8601 instant ({@code 2026-01-02T03:04:05Z}, offsets accepted), or null. */
  public static @Nullable Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static String describe(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isString()) {
      return "string '" + v.stringValue() + "'";
    }
    if (v.isBoolean()) {
      return "boolean " + v.asBoolean();
    }
    if (v.isNumber()) {
      return "number " + v;
    }
    return v.isArray() ? "an array" : "an object";
  }
}
