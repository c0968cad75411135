package dev.greenroom.catalog.processing.builtin;

import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.location.FileLocations;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** The built-in processor sets: Backstage's defaults, and discovery of third-party processors. */
public final class Processors {
  private Processors() {}

  /**
   * Backstage's default processors, in its order: placeholders, the built-in kinds, the
   * scaffolder's Template kind, the file reader, the URL reader (only with a {@code urlReader}),
   * and the location annotations of url entities.
   *
   * @param files where file locations and file placeholders may read
   * @param urlReader reads url locations and placeholders; null to read none
   */
  public static List<CatalogProcessor> defaults(FileLocations files, @Nullable UrlReader urlReader) {
    PlaceholderProcessor.Builder placeholders = PlaceholderProcessor.builder().files(files);
    if (urlReader != null) {
      placeholders.urlReader(urlReader);
    }
    List<CatalogProcessor> out = new ArrayList<>();
    out.add(placeholders.build());
    out.add(new BuiltinKindsProcessor());
    out.add(new TemplateKindProcessor());
    out.add(new FileReaderProcessor(files));
    if (urlReader != null) {
      out.add(new UrlReaderProcessor(urlReader));
    }
    out.add(new AnnotateLocationProcessor());
    return out;
  }

  /**
   * Every {@link CatalogProcessor} that {@link ServiceLoader} finds on the class path of {@code
   * loader} (listed in {@code META-INF/services/dev.greenroom.catalog.processing.CatalogProcessor}),
   * each built with its public no-argument constructor.
   */
  public static List<CatalogProcessor> discover(ClassLoader loader) {
    List<CatalogProcessor> out = new ArrayList<>();
    ServiceLoader.load(CatalogProcessor.class, loader).forEach(out::add);
    return out;
  }
}
