package dev.greenroom.cli;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.GithubCredentialsProvider;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.upgrade.GitCredentials;
import dev.greenroom.scaffolder.upgrade.TemplateUpgrades;
import java.net.URI;
import java.util.Optional;

/**
 * {@code serve}'s template upgrades ({@code /api/scaffolder/v2/upgrades}): rendering with the
 * scaffolder's actions and URL reader, old versions from the templates' git history, pushes to the
 * scaffolder's publish targets with the credentials of the configured {@code integrations.github}
 * (a token or a GitHub App installation token, as {@code x-access-token}); on those hosts the
 * pull request is opened too ({@link UpgradePullRequests}), elsewhere the pushed branch is
 * reported.
 */
final class UpgradesSetup {
  private UpgradesSetup() {}

  static TemplateUpgrades create(Scaffolder scaffolder, Catalog catalog, AppConfig config) {
    ScmIntegrations integrations = CatalogSetup.integrations(config);
    return TemplateUpgrades.builder(scaffolder).catalog(catalog)
        .credentials(githubCredentials(integrations))
        .pullRequests(new UpgradePullRequests(integrations, java.time.Duration.ofSeconds(30)))
        .build();
  }

  /** HTTPS pushes to a configured GitHub host use that integration's token for the owner. */
  static GitCredentials githubCredentials(ScmIntegrations integrations) {
    return gitUrl -> {
      URI uri;
      try {
        uri = URI.create(gitUrl);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      if (uri.getHost() == null || !"https".equalsIgnoreCase(uri.getScheme())) {
        return Optional.empty();
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      String owner = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
      Optional<GithubCredentialsProvider> provider = integrations.githubCredentials(uri.getHost());
      if (provider.isEmpty() || owner.isEmpty()) {
        return Optional.empty();
      }
      return provider.get().credentials(owner).map(c -> {
        String auth = c.authorization();
        int space = auth.indexOf(' ');
        return new GitCredentials.Basic("x-access-token",
            space < 0 ? auth : auth.substring(space + 1));
      });
    };
  }
}
