package dev.greenroom.scaffolder.action;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The services built-in actions use, given by the host through {@link
 * dev.greenroom.scaffolder.Scaffolder.Builder} (Backstage's {@code createBuiltinActions({catalog,
 * reader, config})}).
 *
 * @param engine the catalog engine {@code catalog:register} registers locations with, or null
 * @param catalog the catalog {@code catalog:fetch} reads, or null
 * @param urlReader reads http(s) URLs for {@code fetch:*}, or null (then only {@code file:} URLs)
 * @param renderer the template engine {@code fetch:template} renders skeletons with
 * @param limits size limits for fetched files
 * @param defaultAuthorName commit author for {@code publish:git} when the input names none
 * @param defaultAuthorEmail commit e-mail for {@code publish:git} when the input names none
 * @param defaultCommitMessage commit message for {@code publish:git} when the input names none
 * @param fetchTargets where {@code fetch:*} may read absolute URLs from ({@link
 *     RemoteTargets#publicOnly()} unless the host allows more)
 * @param publishTargets where {@code publish:git} may push ({@link RemoteTargets#publicOnly()}
 *     unless the host allows more: an internal git server, a local bare repository)
 */
public record ActionEnvironment(
    @Nullable CatalogEngine engine,
    @Nullable Catalog catalog,
    @Nullable UrlReader urlReader,
    TemplateRenderer renderer,
    Limits limits,
    String defaultAuthorName,
    String defaultAuthorEmail,
    String defaultCommitMessage,
    RemoteTargets fetchTargets,
    RemoteTargets publishTargets) {
  public ActionEnvironment {
    Objects.requireNonNull(renderer, "renderer");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(defaultAuthorName, "defaultAuthorName");
    Objects.requireNonNull(defaultAuthorEmail, "defaultAuthorEmail");
    Objects.requireNonNull(defaultCommitMessage, "defaultCommitMessage");
    Objects.requireNonNull(fetchTargets, "fetchTargets");
    Objects.requireNonNull(publishTargets, "publishTargets");
  }

  /**
   * No catalog, no URL reader ({@code file:} URLs only), the default renderer and limits; pushes
   * only to public hosts.
   */
  public static ActionEnvironment minimal() {
    return new ActionEnvironment(null, null, null, TemplateRenderer.builder().build(),
        Limits.defaults(), "Scaffolder", "scaffolder@backstage.io", "initial commit",
        RemoteTargets.publicOnly(), RemoteTargets.publicOnly());
  }

  /**
   * Size limits for what actions read and write.
   *
   * @param maxFiles most files one fetch may bring into the workspace
   * @param maxFileBytes largest single fetched file
   * @param maxTotalBytes most bytes one fetch may bring in
   */
  public record Limits(int maxFiles, long maxFileBytes, long maxTotalBytes) {
    public Limits {
      if (maxFiles < 1 || maxFileBytes < 1 || maxTotalBytes < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }

    /** 5,000 files, 10 MiB per file, 100 MiB per fetch. */
    public static Limits defaults() {
      return new Limits(5_000, 10L * 1024 * 1024, 100L * 1024 * 1024);
    }
  }
}
