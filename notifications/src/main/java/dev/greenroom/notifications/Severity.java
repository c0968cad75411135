package dev.greenroom.notifications;

import java.util.Locale;

/** Backstage's notification severities, from the most to the least severe. */
public enum Severity {
  /** {@code critical} */
  CRITICAL,
  /** {@code high} */
  HIGH,
  /** {@code normal}, the default */
  NORMAL,
  /** {@code low} */
  LOW;

  /** The name Backstage uses: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses Backstage's name (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.wireName().equalsIgnoreCase(text.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + text + "', expected one of critical, high, normal, low");
  }

  /** True when this severity is at least as severe as {@code minimum}. */
  public boolean atLeast(Severity minimum) {
    return ordinal() <= minimum.ordinal();
  }
}
