package dev.greenroom.scaffolder.action;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Backstage's {@code resolveSafeChildPath}: a relative path resolved inside a base directory,
 * refusing absolute paths, {@code ../} escapes and symbolic links that lead outside.
 */
public final class SafePaths {
  private SafePaths() {}

  /**
   * Resolves {@code relative} inside {@code base}.
   *
   * @param base the directory paths must stay in
   * @param relative a relative path ({@code ""} and {@code .} mean the base itself)
   * @param what what the path is, for the message (e.g. {@code targetPath})
   * @return the normalised absolute path
   * @throws ActionException naming the path when it is absolute or leaves {@code base}
   */
  public static Path resolve(Path base, String relative, String what) {
    Path root = base.toAbsolutePath().normalize();
    if (relative.indexOf('\0') >= 0) {
      throw new ActionException(what + " \"" + relative.replace("\0", "\\0")
          + "\" contains a NUL character");
    }
    Path rel;
    try {
      rel = Path.of(relative);
    } catch (InvalidPathException e) {
      throw new ActionException(what + " \"" + relative + "\" is not a valid path", e);
    }
    if (rel.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
      throw new ActionException(ActionException.Kind.NOT_ALLOWED, what + " \"" + relative
          + "\" must be relative to the workspace; absolute paths are not allowed");
    }
    Path p = root.resolve(rel).normalize();
    if (!p.startsWith(root)) {
      throw new ActionException(ActionException.Kind.NOT_ALLOWED, what + " \"" + relative
          + "\": relative path is not allowed to refer to a directory outside its parent");
    }
    // a symbolic link inside the workspace must not lead out of it
    Path existing = p;
    while (existing != null && !existing.equals(root)
        && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null && !existing.equals(root)) {
      try {
        Path realRoot = root.toRealPath();
        if (!existing.toRealPath().startsWith(realRoot)) {
          throw new ActionException(ActionException.Kind.NOT_ALLOWED, what + " \"" + relative
              + "\" leads outside the workspace through a symbolic link");
        }
      } catch (IOException e) {
        throw new ActionException(what + " \"" + relative + "\" cannot be resolved: "
            + e.getMessage(), e);
      }
    }
    return p;
  }
}
