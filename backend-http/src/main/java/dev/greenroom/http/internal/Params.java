package dev.greenroom.http.internal;

import dev.greenroom.http.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Query parameter parsing. */
public final class Params {
  private Params() {}

  /**
   * An integer parameter within bounds, or null when absent.
   *
   * @param message the 400 message for values below {@code min} or not integers
   */
  public static @Nullable Integer integer(
      @Nullable String value, String name, int min, int max, String message) {
    if (value == null) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.input(message);
    }
    if (v < min) {
      throw ApiException.input(message);
    }
    if (v > max) {
      throw ApiException.input("Invalid " + name + ", must be at most " + max);
    }
    return (int) v;
  }

  /** Form-encodes a query component as {@code URLSearchParams} does. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
