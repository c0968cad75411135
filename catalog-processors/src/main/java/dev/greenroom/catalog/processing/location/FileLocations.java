package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which local files the catalog may read, and glob matching over them.
 *
 * <p>A value holds the allowed root folders; an empty list allows any path the process can read
 * (Backstage's behaviour, fit for development). Every path is canonicalised before it is checked:
 * normalised ({@code ..} resolved) and, where it exists, resolved to its real path, so neither
 * {@code ../} nor a symbolic link leads out of the roots. Refused paths raise a {@code
 * NotAllowedError} naming the target and the roots.
 *
 * <p>Glob targets ({@code ./plugins/**}{@code /catalog-info.yaml}, {@code *.yaml}, {@code
 * {a,b}.yaml}) follow node's {@code glob}: the walk starts at the folder made of the segments
 * before the first wildcard, does not follow symbolic links to folders, skips nothing but
 * unreadable folders, and returns matches sorted. Wildcards do not match names starting with a dot
 * unless the pattern spells the dot. At most {@link #maxMatches()} files may match (default
 * 10,000).
 *
 * <p>Immutable and thread-safe.
 */
public final class FileLocations {
  /** Default most files one glob may match. */
  public static final int DEFAULT_MAX_MATCHES = 10_000;

  private final List<Path> roots;
  private final int maxMatches;

  private FileLocations(List<Path> roots, int maxMatches) {
    this.roots = roots;
    this.maxMatches = maxMatches;
  }

  /** Any readable path is allowed. */
  public static FileLocations allowAny() {
    return new FileLocations(List.of(), DEFAULT_MAX_MATCHES);
  }

  /** Only paths inside one of {@code roots}; no roots at all allows any path. */
  public static FileLocations within(Path... roots) {
    return within(List.of(roots));
  }

  /** Only paths inside one of {@code roots}; an empty list allows any path. */
  public static FileLocations within(List<Path> roots) {
    List<Path> canonical = new ArrayList<>();
    for (Path r : roots) {
      canonical.add(canonical(r));
    }
    return new FileLocations(List.copyOf(canonical), DEFAULT_MAX_MATCHES);
  }

  /** Same as {@link #within(List)}: only paths inside {@code roots}; empty allows any path. */
  public static FileLocations of(List<Path> roots) {
    return within(roots);
  }

  /** The same roots with another limit on the files one glob may match. */
  public FileLocations withMaxMatches(int maxMatches) {
    if (maxMatches <= 0) {
      throw new IllegalArgumentException("maxMatches must be positive, got " + maxMatches);
    }
    return new FileLocations(roots, maxMatches);
  }

  /** The canonical allowed roots; empty when any path is allowed. */
  public List<Path> roots() {
    return roots;
  }

  /** True when there are no roots, so that any path is allowed. */
  public boolean allowsAny() {
    return roots.isEmpty();
  }

  /** The most files one glob may match. */
  public int maxMatches() {
    return maxMatches;
  }

  /**
   * The absolute, normalised form of {@code path} (resolved against the working directory), and
   * its real path when it exists; for a path that does not exist, its nearest existing ancestor's
   * real path followed by the rest.
   */
  public static Path canonical(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    Path existing = abs;
    Path rest = null;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      Path name = existing.getFileName();
      rest = rest == null ? name : (name == null ? rest : name.resolve(rest));
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      Path real = existing.toRealPath();
      return rest == null ? real : real.resolve(rest).normalize();
    } catch (IOException e) {
      return abs;
    }
  }

  /** True if {@code path}, canonicalised, lies inside a root (or any path is allowed). */
  public boolean isAllowed(Path path) {
    return isInsideRoots(canonical(path));
  }

  /** True if {@code path} lies inside a root (or any path is allowed). */
  public boolean isAllowed(String path) {
    try {
      return isAllowed(Path.of(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private boolean isInsideRoots(Path canonical) {
    if (roots.isEmpty()) {
      return true;
    }
    for (Path r : roots) {
      if (canonical.startsWith(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks that {@code path} may be read.
   *
   * @return the absolute, normalised path (not the real path: entities keep the name they were
   *     found under)
   * @throws ProcessingException with a {@code NotAllowedError} naming the path and the roots
   */
  public Path confine(Path path) {
    if (!isAllowed(path)) {
      throw notAllowed(path.toString());
    }
    return path.toAbsolutePath().normalize();
  }

  private ProcessingException notAllowed(String target) {
    return new ProcessingException(
        ProcessingError.notAllowed(
            "Reading file "
                + target
                + " is not allowed: it is outside the allowed file roots "
                + roots
                + "; add its folder to the allowed roots to read it"));
  }

  /**
   * The files a target names: the target itself when it holds no wildcard (if it exists and is not
   * a folder), else every file matching the glob, sorted. Relative targets are resolved against
   * the working directory.
   *
   * @throws ProcessingException {@code NotAllowedError} when the target (or the folder a glob
   *     starts from) is outside the roots, {@code InputError} for a bad glob or a folder target,
   *     {@code Error} when more than {@link #maxMatches()} files match
   */
  public List<Path> glob(String target) {
    String pattern = target.replace('\\', '/');
    if (!Glob.hasMagic(pattern)) {
      Path p;
      try {
        p = Path.of(target);
      } catch (InvalidPathException e) {
        throw new ProcessingException(
            ProcessingError.input("Invalid file path " + target + ": " + e.getMessage()));
      }
      Path file = confine(p);
      if (Files.isDirectory(file)) {
        throw new ProcessingException(
            ProcessingError.input(
                "File location "
                    + target
                    + " is a folder; name a file or a glob such as "
                    + target.replaceAll("/+$", "")
                    + "/catalog-info.yaml"));
      }
      return Files.exists(file) ? List.of(file) : List.of();
    }
    // Split off the folder the walk starts from: the segments before the first wildcard.
    String[] segments = pattern.split("/", -1);
    int firstMagic = 0;
    while (firstMagic < segments.length && !Glob.hasMagic(segments[firstMagic])) {
      firstMagic++;
    }
    String prefix = String.join("/", List.of(segments).subList(0, firstMagic));
    Path base;
    try {
      base = (prefix.isEmpty() && !pattern.startsWith("/") ? Path.of("") : Path.of(prefix.isEmpty() ? "/" : prefix))
          .toAbsolutePath()
          .normalize();
    } catch (InvalidPathException e) {
      throw new ProcessingException(
          ProcessingError.input("Invalid file glob " + target + ": " + e.getMessage()));
    }
    if (!isAllowed(base)) {
      throw notAllowed(target);
    }
    List<String> rest = List.of(segments).subList(firstMagic, segments.length);
    String basePattern = escape(base.toString().replace('\\', '/'));
    String full =
        (basePattern.endsWith("/") ? basePattern : basePattern + "/") + String.join("/", rest);
    Pattern regex;
    try {
      regex = Glob.compile(full, false, false);
    } catch (RuntimeException e) {
      throw new ProcessingException(
          ProcessingError.input("Invalid file glob " + target + ": " + e.getMessage()));
    }
    int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.size();
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    boolean dotFolders = rest.stream().anyMatch(r -> r.startsWith("."));
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          base,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          depth,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isDirectory()) {
                return FileVisitResult.CONTINUE;
              }
              Path abs = file.toAbsolutePath().normalize();
              if (!regex.matcher(abs.toString().replace('\\', '/')).matches()) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.isSymbolicLink()
                  && !(Files.isRegularFile(abs) && isAllowed(abs))) {
                return FileVisitResult.CONTINUE;
              }
              if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                return FileVisitResult.CONTINUE;
              }
              found.add(abs);
              if (found.size() > maxMatches) {
                throw new ProcessingException(
                    ProcessingError.general(
                        "More than " + maxMatches + " files match " + target
                            + "; narrow the glob or raise the limit"));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              Path name = dir.getFileName();
              if (!dir.equals(base) && !dotFolders && name != null
                  && name.toString().startsWith(".")) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new ProcessingException(
          ProcessingError.general("Unable to search files for " + target + ", " + e));
    }
    Collections.sort(found);
    return List.copyOf(found);
  }

  private static String escape(String literal) {
    StringBuilder sb = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if ("*?[]{}\\".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /**
   * Reads a file after checking that it is allowed and at most {@code maxBytes} long; the size is
   * enforced while reading too.
   *
   * @throws ProcessingException {@code NotAllowedError} outside the roots, {@code NotFoundError}
   *     when the file does not exist, {@code InputError} when it is too large or a folder, {@code
   *     Error} when it cannot be read
   */
  public byte[] read(Path path, long maxBytes) {
    Path file = confine(path);
    if (Files.isDirectory(file)) {
      throw new ProcessingException(
          ProcessingError.input("File " + file + " is a folder, not a file"));
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (data.length > maxBytes) {
        long size = Files.size(file);
        throw new ProcessingException(
            ProcessingError.input(
                "File " + file + " is " + size + " bytes, larger than the limit of " + maxBytes));
      }
      return data;
    } catch (NoSuchFileException e) {
      throw new ProcessingException(ProcessingError.notFound("File " + file + " does not exist"));
    } catch (IOException e) {
      throw new ProcessingException(
          ProcessingError.general("Unable to read file " + file + ", " + e), e);
    }
  }
}
