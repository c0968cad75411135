package dev.greenroom.catalog.processing;

/**
 * Turns the bytes of a catalog file into results: one {@link ProcessingResult.EntityResult} per
 * YAML document, or an {@link ProcessingResult.ErrorResult} naming the file and document. Readers
 * call it from {@link CatalogProcessor#readLocation}; the default one is Backstage's multi-document
 * YAML reading, with the size, depth and alias limits of {@code EntityYamlReader}.
 */
@FunctionalInterface
public interface EntityParser {
  /**
   * Parses {@code data}, read from {@code location}, and emits what it holds.
   *
   * @param location the file's location (each entity's {@code managed-by-location})
   * @param data the file's bytes
   * @param emit receives the results
   */
  void parse(LocationSpec location, byte[] data, Emitter emit);
}
