package dev.greenroom.techdocs.source;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keys of a {@code mkdocs.yml} that Greenroom's generator uses; everything else stays in {@link
 * #raw()}.
 *
 * @param file the config file, relative to the docs source folder (for messages)
 * @param siteName {@code site_name}
 * @param siteDescription {@code site_description}, or null
 * @param docsDir {@code docs_dir}, normalised, relative to the config's folder (default {@code docs})
 * @param nav {@code nav}, or null when the page list comes from the docs folder
 * @param repoUrl {@code repo_url}, or null
 * @param editUri {@code edit_uri}, or null
 * @param plugins plugin names in order ({@code techdocs-core}, {@code monorepo}, ...)
 * @param raw the whole document, custom tags read as their plain values
 */
public record MkDocsConfig(
    String file,
    String siteName,
    @Nullable String siteDescription,
    String docsDir,
    @Nullable List<NavItem> nav,
    @Nullable String repoUrl,
    @Nullable String editUri,
    List<String> plugins,
    ObjectNode raw) {

  public MkDocsConfig {
    plugins = List.copyOf(plugins);
    nav = nav == null ? null : List.copyOf(nav);
  }

  /** True when the {@code techdocs-core} plugin is listed. */
  public boolean usesTechdocsCore() {
    return plugins.contains("techdocs-core");
  }

  /** The same config with another {@code repo_url}. */
  public MkDocsConfig withRepoUrl(@Nullable String url) {
    return new MkDocsConfig(file, siteName, siteDescription, docsDir, nav, url, editUri, plugins, raw);
  }
}
