package dev.greenroom.techdocs.source;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/** Forward-slash relative paths: normalisation and resolution that never leave the root. */
public final class Paths2 {
  private Paths2() {}

  /**
   * Normalises a relative path ({@code a/./b/../c} to {@code a/c}; empty for the root).
   *
   * @return the normalised path, or null when it is absolute or climbs above its root
   */
  public static @Nullable String normalize(String path) {
    if (path.startsWith("/") || path.indexOf('\0') >= 0) {
      return null;
    }
    Deque<String> out = new ArrayDeque<>();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (out.isEmpty()) {
          return null;
        }
        out.removeLast();
      } else {
        out.addLast(seg);
      }
    }
    return String.join("/", out);
  }

  /**
   * Resolves {@code rel} against the folder {@code dir} (both relative to one root).
   *
   * @return the normalised result, or null when it leaves the root
   */
  public static @Nullable String resolve(String dir, String rel) {
    if (rel.startsWith("/")) {
      return normalize(rel.substring(1));
    }
    return normalize(dir.isEmpty() ? rel : dir + "/" + rel);
  }

  /** The folder part of a relative path ({@code a/b.md} to {@code a}; empty for top level). */
  public static String parent(String path) {
    int s = path.lastIndexOf('/');
    return s < 0 ? "" : path.substring(0, s);
  }

  /**
   * The relative URL from the folder {@code fromDir} to {@code to} (both relative to one root):
   * {@code relative("a/b", "c/d")} is {@code ../../c/d}.
   */
  public static String relative(String fromDir, String to) {
    String[] from = fromDir.isEmpty() ? new String[0] : fromDir.split("/");
    String[] target = to.isEmpty() ? new String[0] : to.split("/", -1);
    int common = 0;
    while (common < from.length && common < target.length - 1 && from[common].equals(target[common])) {
      common++;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = common; i < from.length; i++) {
      sb.append("../");
    }
    for (int i = common; i < target.length; i++) {
      sb.append(target[i]);
      if (i < target.length - 1) {
        sb.append('/');
      }
    }
    return sb.length() == 0 ? "./" : sb.toString();
  }
}
