package dev.greenroom.integrations;

import java.util.Objects;

/**
 * A token, password or private key from the config. Its {@link #toString()} never shows the
 * value, so records that hold one can be logged; only {@link #reveal()} gives it, at the one place
 * that sends it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The value, for the request that needs it; never put it in a message. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Always {@code <secret>}. */
  @Override
  public String toString() {
    return "<secret>";
  }
}
