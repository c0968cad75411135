package dev.greenroom.techdocs.publish;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.techdocs.TechDocsException;
import dev.greenroom.techdocs.build.GeneratedSite;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Publishes sites into a local folder, {@code <root>/<namespace>/<kind>/<name>/} lower-cased
 * (Backstage's {@code techdocs.publisher.local.publishDirectory}). A site is written to a fresh
 * folder beside the old one and swapped in with renames, so readers see the old or the new site.
 * Reads never leave the entity's folder and never follow symbolic links out of it.
 */
public final class LocalPublisher implements Publisher {
  private final Path root;

  /** A publisher writing under {@code root} (created when missing). */
  public LocalPublisher(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new TechDocsException("Cannot create publish folder " + root + ": " + e.getMessage(), null, null, e);
    }
  }

  /** The root folder. */
  public Path root() {
    return root;
  }

  /** The folder of an entity's site. */
  public Path siteDir(EntityRef entity) {
    return root.resolve(Publisher.triplet(entity));
  }

  @Override
  public void publish(EntityRef entity, GeneratedSite site) {
    Path target = siteDir(entity);
    Path parent = target.getParent();
    String name = target.getFileName().toString();
    Path fresh = parent.resolve("." + name + ".new-" + System.nanoTime());
    Path old = parent.resolve("." + name + ".old-" + System.nanoTime());
    try {
      Files.createDirectories(fresh);
      for (Map.Entry<String, byte[]> f : site.files().entrySet()) {
        String safe = Publisher.safePath(f.getKey());
        if (safe == null || !safe.equals(f.getKey())) {
          throw new TechDocsException("Refusing to publish unsafe path " + f.getKey(), entity.toString(), f.getKey(), null);
        }
        Path p = fresh.resolve(safe);
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      boolean hadOld = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      if (hadOld) {
        move(target, old);
      }
      move(fresh, target);
      if (hadOld) {
        deleteTree(old);
      }
    } catch (IOException e) {
      deleteQuietly(fresh);
      throw new TechDocsException(
          "Cannot publish the site of " + entity + " to " + target + ": " + e.getMessage(), entity.toString(), null, e);
    }
  }

  @Override
  public Optional<byte[]> read(EntityRef entity, String path) {
    String safe = Publisher.safePath(path);
    if (safe == null) {
      return Optional.empty();
    }
    Path dir = siteDir(entity);
    Path file = dir.resolve(safe).normalize();
    if (!file.startsWith(dir)) {
      return Optional.empty();
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      Path real = file.toRealPath();
      if (!real.startsWith(dir.toRealPath())) {
        return Optional.empty();
      }
      return Optional.of(Files.readAllBytes(real));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TechDocsException("Cannot read " + path + " of " + entity + ": " + e.getMessage(), entity.toString(), path, e);
    }
  }

  /** True when {@code path} names a folder of the entity's site (for redirects to {@code path/}). */
  public boolean isFolder(EntityRef entity, String path) {
    String safe = Publisher.safePath(path);
    if (safe == null) {
      return false;
    }
    Path dir = siteDir(entity);
    Path p = dir.resolve(safe).normalize();
    return p.startsWith(dir) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException ignored) {
      // best effort after a failed publish
    }
  }
}
