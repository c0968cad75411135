package dev.greenroom.scaffolder.run.internal;

import java.util.Map;

/** Lets tests in other packages use the runner's masker. */
public final class SecretMaskerAccess {
  private SecretMaskerAccess() {}

  /** {@code text} masked for one secret. */
  public static String mask(String secret, String text) {
    return new SecretMasker(Map.of("s", secret)).mask(text);
  }
}
