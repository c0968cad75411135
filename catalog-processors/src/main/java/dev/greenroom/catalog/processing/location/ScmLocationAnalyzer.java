package dev.greenroom.catalog.processing.location;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the catalog files of a repository on an SCM host, for the catalog's {@code POST
 * /analyze-location} (Backstage's {@code ScmLocationAnalyzer} from {@code plugin-catalog-node}).
 * The catalog-import page sends a repository URL; the first analyzer that {@link #supports} it
 * lists the repository's catalog files, which the catalog then reads in a dry run to answer {@code
 * existingEntityFiles}. When no analyzer supports the URL, or the repository has no catalog file,
 * the catalog proposes a Component instead, annotated with {@link #projectSlugAnnotation()}.
 *
 * <p>Hosts register analyzers with their HTTP API (for Greenroom's own SCM integrations, {@code
 * ScmIntegrations.locationAnalyzers()}). Implementations must be thread-safe and bounded: a
 * repository with thousands of matches answers at most a limit's worth of files.
 */
public interface ScmLocationAnalyzer {

  /**
   * Whether this analyzer answers for {@code url}, typically because its host is this analyzer's
   * integration. Called for every analysis, so it must not do I/O.
   *
   * @param url the absolute URL a user gave
   */
  boolean supports(String url);

  /**
   * The catalog files of the repository {@code url} names, as absolute URLs the catalog can
   * register as {@code url} locations (for GitHub {@code https://host/o/r/blob/<default
   * branch>/<path>}), in a stable order; empty when the repository has none.
   *
   * @param url a URL this analyzer {@link #supports}
   * @param catalogFilename the file name to look for; null for {@code catalog-info.yaml}
   * @return the files' URLs
   * @throws dev.greenroom.catalog.processing.ProcessingException naming the URL and host when the
   *     host cannot be asked (refused credentials, a repository that does not exist, a limit)
   */
  List<String> catalogFiles(String url, @Nullable String catalogFilename);

  /**
   * The annotation that carries {@code <owner>/<repo>} on a Component proposed for a repository of
   * this analyzer's host (Backstage picks it by integration type: {@code github.com/project-slug}
   * for every GitHub host, {@code gitlab.com/project-slug}, {@code dev.azure.com/project-slug},
   * {@code bitbucket.org/project-slug}), or null for none.
   */
  default @Nullable String projectSlugAnnotation() {
    return null;
  }
}
