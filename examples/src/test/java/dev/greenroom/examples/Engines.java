package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Small helpers for the example tests. */
final class Engines {
  private Engines() {}

  /** Starts the engine and waits until it has processed everything. */
  static CatalogEngine started(CatalogEngine engine) {
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
    return engine;
  }

  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String component(String name, String ownerLine) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
        + "\nspec:\n  type: service\n  lifecycle: production\n" + ownerLine;
  }
}
