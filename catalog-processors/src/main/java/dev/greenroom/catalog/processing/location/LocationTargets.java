package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.processing.LocationSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves the targets of a {@code Location} entity against the location the entity itself was
 * read from, as the engine's location step does before calling {@code readLocation} (Backstage's
 * {@code toAbsoluteUrl}).
 */
public final class LocationTargets {
  private LocationTargets() {}

  /**
   * The absolute form of {@code target}, with {@link ScmUrls#defaults()}.
   *
   * @see #resolve(LocationSpec, String, String, ScmUrls)
   */
  public static String resolve(LocationSpec base, String type, String target) {
    return resolve(base, type, target, ScmUrls.defaults());
  }

  /**
   * The absolute form of {@code target} of type {@code type}, read from a {@code Location} entity
   * found at {@code base}.
   *
   * <ul>
   *   <li>{@code file}: a target starting with {@code .} is joined to the folder of {@code base}'s
   *       target and normalised ({@code ./a/../b.yaml} → {@code <dir>/b.yaml}); glob characters
   *       are kept.
   *   <li>{@code url}: resolved against {@code base}'s URL with {@link ScmUrls#resolveUrl} (for
   *       GitHub, {@code ./x.yaml} next to {@code .../blob/main/catalog-info.yaml} becomes {@code
   *       .../tree/main/x.yaml}).
   *   <li>Any other type, and absolute targets, are returned unchanged.
   * </ul>
   *
   * @throws IllegalArgumentException when the target is relative but {@code base} is of another
   *     type (a relative {@code file} target under a {@code url} location cannot be resolved), or
   *     the base URL is not absolute
   */
  public static String resolve(LocationSpec base, String type, String target, ScmUrls scm) {
    boolean relative = isRelative(type, target);
    if (!relative) {
      return target;
    }
    if (!base.type().equals(type)) {
      throw new IllegalArgumentException(
          "Cannot resolve the relative "
              + type
              + " target "
              + target
              + " against the "
              + base.type()
              + " location "
              + base.target()
              + "; use an absolute target");
    }
    if (type.equals("file")) {
      if (!target.startsWith(".")) {
        // Backstage resolves only ./ and ../ targets; others are relative to the working folder
        return target;
      }
      Path parent = Path.of(base.target()).toAbsolutePath().getParent();
      String dir = parent == null ? "/" : parent.toString();
      return normalizeFile(dir, target);
    }
    return scm.resolveUrl(target, base.target());
  }

  /** True if a target of this type needs a base: a relative path or a URL without a scheme. */
  public static boolean isRelative(String type, String target) {
    if (type.equals("file")) {
      try {
        return !Path.of(target).isAbsolute();
      } catch (InvalidPathException e) {
        return !target.startsWith("/");
      }
    }
    if (type.equals("url")) {
      return !ScmUrls.isAbsoluteUrl(target);
    }
    return false;
  }

  private static String normalizeFile(String dir, String target) {
    String sep = dir.endsWith("/") || dir.endsWith("\\") ? "" : "/";
    String joined = (dir + sep + target).replace('\\', '/');
    // Path.normalize would choke on glob characters on some systems; normalise the segments here.
    String[] parts = joined.split("/");
    java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
    for (String p : parts) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
        continue;
      }
      out.addLast(p);
    }
    String prefix = joined.startsWith("/") ? "/" : "";
    String result = prefix + String.join("/", out);
    return java.io.File.separatorChar == '/' ? result : result.replace('/', java.io.File.separatorChar);
  }
}
