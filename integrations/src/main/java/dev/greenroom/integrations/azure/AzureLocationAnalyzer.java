package dev.greenroom.integrations.azure;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.ScmLocationAnalyzer;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds an Azure DevOps repository's catalog files for {@code analyze-location}: a glob search
 * ({@code path=/**}{@code /catalog-info.yaml}) of the repository's zip through the integration's
 * {@link AzureUrlReader}, on the branch the URL names or the default branch. Backstage has no Azure
 * analyzer (it proposes a Component); finding the files the repository already has saves writing
 * a second one. A proposed Component gets {@code dev.azure.com/project-slug}, as Backstage gives it.
 */
public final class AzureLocationAnalyzer implements ScmLocationAnalyzer {
  private static final int MAX_FILES = 1_000;

  private final AzureUrlReader reader;

  private AzureLocationAnalyzer(AzureUrlReader reader) {
    this.reader = reader;
  }

  /** The analyzer of one Azure integration, reading with its reader. */
  public static AzureLocationAnalyzer create(AzureUrlReader reader) {
    return new AzureLocationAnalyzer(reader);
  }

  @Override
  public boolean supports(String url) {
    try {
      AzureUrl az = AzureUrl.parse(url);
      return URI.create(az.origin()).getRawAuthority().toLowerCase(Locale.ROOT).equals(reader.host());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public List<String> catalogFiles(String url, @Nullable String catalogFilename) {
    String name = catalogFilename == null ? "catalog-info.yaml" : catalogFilename;
    if (name.isBlank() || name.contains("/") || dev.greenroom.catalog.processing.location.Glob.hasMagic(name)) {
      throw new ProcessingException(ProcessingError.input("Invalid catalog file name '" + name + "'"));
    }
    AzureUrl az;
    try {
      az = AzureUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ProcessingException(ProcessingError.input("Invalid Azure repository URL " + url + ": "
          + e.getMessage()));
    }
    UrlReader.SearchResponse found = reader.search(az.withPath(url, "/**/" + name), null);
    List<String> out = new ArrayList<>();
    for (UrlReader.FoundFile f : found.files()) {
      if (out.size() >= MAX_FILES) {
        break;
      }
      out.add(f.url());
    }
    return out;
  }

  @Override
  public String projectSlugAnnotation() {
    return "dev.azure.com/project-slug";
  }

  @Override
  public String toString() {
    return "AzureLocationAnalyzer{host=" + reader.host() + "}";
  }
}
