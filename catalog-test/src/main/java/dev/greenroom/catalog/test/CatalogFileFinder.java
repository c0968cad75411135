package dev.greenroom.catalog.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Finds catalog files: a file as given, a folder's {@code .yaml}/{@code .yml} files recursively,
 * or a glob such as {@code catalog/**}{@code /*.yaml} (the part before the first segment with a
 * glob character is the folder walked). Hidden folders and {@code node_modules} are not entered.
 * Results are sorted and free of duplicates.
 *
 * <p>A path that exists as written is always taken literally, even when it holds glob characters:
 * templated skeleton paths such as {@code skeleton/${{values.name}}/catalog-info.yaml} are files,
 * not patterns. Likewise, leading folders of a glob that exist as written are walked as folders.
 */
public final class CatalogFileFinder {
  private CatalogFileFinder() {}

  /** True when {@code pattern} holds a glob character: {@code *}, {@code ?}, {@code [} or <code>&#123;</code>. */
  public static boolean isGlob(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /**
   * The files {@code patterns} name, relative patterns resolved against {@code base}.
   *
   * @throws IllegalArgumentException when a plain path does not exist or a glob matches nothing
   */
  public static List<Path> find(Path base, List<String> patterns) {
    TreeSet<Path> out = new TreeSet<>();
    for (String pattern : patterns) {
      List<Path> found = findOne(base, pattern);
      if (found.isEmpty()) {
        throw new IllegalArgumentException(isGlob(pattern)
            ? "no file matches " + pattern + " (in " + base.toAbsolutePath().normalize() + ")"
            : "no YAML file in " + pattern);
      }
      out.addAll(found);
    }
    return List.copyOf(out);
  }

  /**
   * The path {@code pattern} names when read literally against {@code base}, if it exists (a file
   * or a folder); such a path is never read as a glob.
   */
  public static @Nullable Path existing(Path base, String pattern) {
    Path p;
    try {
      p = base.resolve(pattern);
    } catch (InvalidPathException e) {
      return null;
    }
    return Files.isRegularFile(p) || Files.isDirectory(p) ? p : null;
  }

  private static List<Path> findOne(Path base, String pattern) {
    Path literal = existing(base, pattern);
    if (literal != null) {
      return Files.isRegularFile(literal) ? List.of(literal) : walk(literal, null);
    }
    if (!isGlob(pattern)) {
      throw new IllegalArgumentException("no such file or folder: " + base.resolve(pattern));
    }
    String norm = pattern.replace('\\', '/');
    String[] parts = norm.split("/", -1);
    StringBuilder dir = new StringBuilder();
    int i = 0;
    for (; i < parts.length - 1
        && (!isGlob(parts[i]) || existing(base, dir + parts[i]) != null); i++) {
      dir.append(parts[i]).append('/');
    }
    String rest = String.join("/", List.of(parts).subList(i, parts.length));
    Path root = dir.length() == 0 ? base : base.resolve(dir.toString());
    if (norm.startsWith("/") && dir.length() == 0) {
      root = Path.of("/");
    }
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    PathMatcher m;
    PathMatcher top;
    try {
      m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
      // "**/*.yaml" should also match files directly in the folder, as in most glob tools
      top = rest.startsWith("**/")
          ? FileSystems.getDefault().getPathMatcher("glob:" + rest.substring(3))
          : m;
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "no such file or folder, and not a valid glob: " + pattern + " (" + e.getDescription() + ")");
    }
    Path r = root;
    return walk(root, p -> {
      Path rel = r.relativize(p);
      return m.matches(rel) || top.matches(rel);
    });
  }

  private static List<Path> walk(Path dir, @Nullable Predicate<Path> match) {
    List<Path> out = new ArrayList<>();
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          String n = d.getFileName() == null ? "" : d.getFileName().toString();
          boolean hidden = !d.equals(dir) && n.startsWith(".") && !n.equals(".") && !n.equals("..");
          return hidden || n.equals("node_modules") ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && (match != null ? match.test(f) : isYaml(f))) {
            out.add(f);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    out.sort(null);
    return out;
  }

  /** True for {@code .yaml} and {@code .yml} files. */
  public static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".yaml") || n.endsWith(".yml");
  }
}
