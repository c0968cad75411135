package dev.greenroom.scaffolder.run.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces secret values with {@code ***} in text (Backstage's step logger redaction): every
 * secret, and its trimmed form, of at least two characters; longest first, so that a secret
 * containing another is masked whole. Values derived from secrets can be added while the run
 * goes on.
 */
public final class SecretMasker {
  /** What a secret becomes. */
  public static final String MASK = "***";

  private final List<String> secrets = new CopyOnWriteArrayList<>();

  /** A masker for the values of {@code secrets}. */
  public SecretMasker(Map<String, String> secrets) {
    for (String v : secrets.values()) {
      add(v);
    }
  }

  /** Adds a value to mask (ignored when shorter than two characters after trimming). */
  public synchronized void add(String value) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value);
    forms.add(value.strip());
    for (String f : forms) {
      if (f.strip().length() >= 2 && !secrets.contains(f)) {
        secrets.add(f);
      }
    }
    List<String> sorted = new ArrayList<>(secrets);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    secrets.clear();
    secrets.addAll(sorted);
  }

  /** {@code text} with every secret replaced by {@code ***}. */
  public String mask(String text) {
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /** True when there is nothing to mask. */
  public boolean isEmpty() {
    return secrets.isEmpty();
  }
}
