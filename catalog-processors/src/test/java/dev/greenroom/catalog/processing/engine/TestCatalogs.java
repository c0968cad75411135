package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityPredicate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: copy test resources into a folder, list a catalog. */
final class TestCatalogs {
  private TestCatalogs() {}

  /** The folder of a test resource. */
  static Path resource(String name) {
    try {
      return Path.of(TestCatalogs.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the test resource folder or file {@code name} to {@code target}. */
  static Path copy(String name, Path target) {
    Path source = resource(name);
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.createDirectories(t.getParent());
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** Every entity of {@code catalog}. */
  static List<Entity> all(Catalog catalog) {
    List<Entity> out = new ArrayList<>();
    catalog.forEach(EntityPredicate.matchAll(), null, out::add);
    return out;
  }

  /** Writes {@code text} to {@code file}, creating folders. */
  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
