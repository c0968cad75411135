package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * The whole {@code integrations} section, read as Backstage reads it: the defaults it inserts
 * (anonymous {@code github.com}, {@code gitlab.com}, {@code bitbucket.org} and {@code
 * dev.azure.com} entries) are added here too. Two entries of one type for one host are an error.
 *
 * @param github {@code integrations.github}
 * @param gitlab {@code integrations.gitlab}
 * @param bitbucketCloud {@code integrations.bitbucketCloud}
 * @param bitbucketServer {@code integrations.bitbucketServer}
 * @param azure {@code integrations.azure}
 * @param gerrit {@code integrations.gerrit}
 * @param gitea {@code integrations.gitea}
 */
public record IntegrationsConfig(
    List<GithubIntegrationConfig> github,
    List<GitlabIntegrationConfig> gitlab,
    List<BitbucketCloudIntegrationConfig> bitbucketCloud,
    List<BitbucketServerIntegrationConfig> bitbucketServer,
    List<AzureIntegrationConfig> azure,
    List<GerritIntegrationConfig> gerrit,
    List<GiteaIntegrationConfig> gitea) {
  /** The config key this section lives under. */
  public static final String KEY = "integrations";

  public IntegrationsConfig {
    github = List.copyOf(github);
    gitlab = List.copyOf(gitlab);
    bitbucketCloud = List.copyOf(bitbucketCloud);
    bitbucketServer = List.copyOf(bitbucketServer);
    azure = List.copyOf(azure);
    gerrit = List.copyOf(gerrit);
    gitea = List.copyOf(gitea);
  }

  /** Backstage's defaults only: anonymous public hosts. */
  public static IntegrationsConfig defaults() {
    return parse(tools.jackson.databind.node.JsonNodeFactory.instance.missingNode());
  }

  /**
   * Reads the {@code integrations} subtree (missing or null: the defaults).
   *
   * @throws IntegrationException naming the key when a value has the wrong shape
   */
  public static IntegrationsConfig parse(JsonNode integrations) {
    return parse(integrations, true);
  }

  /**
   * Reads the {@code integrations} subtree, with or without Backstage's implicit public-host
   * entries. Without them only the hosts the config names get an integration: a host that wants
   * no request to leave for {@code github.com} unless someone configured it passes false.
   *
   * @throws IntegrationException naming the key when a value has the wrong shape
   */
  public static IntegrationsConfig parse(JsonNode integrations, boolean withDefaults) {
    if (!integrations.isMissingNode() && !integrations.isNull() && !integrations.isObject()) {
      throw invalid(KEY, "must be an object, got " + type(integrations));
    }
    List<GithubIntegrationConfig> github = readAll(integrations, "github", GithubIntegrationConfig::read);
    unique(github.stream().map(GithubIntegrationConfig::host).toList(), "github");
    if (withDefaults
        && github.stream().noneMatch(g -> g.host().equals(GithubIntegrationConfig.GITHUB_HOST))) {
      github.add(GithubIntegrationConfig.publicGithub());
    }
    List<GitlabIntegrationConfig> gitlab = readAll(integrations, "gitlab", GitlabIntegrationConfig::read);
    unique(gitlab.stream().map(GitlabIntegrationConfig::host).toList(), "gitlab");
    if (withDefaults
        && gitlab.stream().noneMatch(g -> g.host().equals(GitlabIntegrationConfig.GITLAB_HOST))) {
      gitlab.add(GitlabIntegrationConfig.publicGitlab());
    }
    List<BitbucketCloudIntegrationConfig> bbc =
        readAll(integrations, "bitbucketCloud", BitbucketCloudIntegrationConfig::read);
    if (withDefaults && bbc.isEmpty()) {
      bbc.add(BitbucketCloudIntegrationConfig.anonymous());
    }
    List<BitbucketServerIntegrationConfig> bbs =
        readAll(integrations, "bitbucketServer", BitbucketServerIntegrationConfig::read);
    unique(bbs.stream().map(BitbucketServerIntegrationConfig::host).toList(), "bitbucketServer");
    List<AzureIntegrationConfig> azure = readAll(integrations, "azure", AzureIntegrationConfig::read);
    if (withDefaults && azure.stream().noneMatch(a -> a.host().equals(AzureIntegrationConfig.AZURE_HOST)
        && a.apiVersion().equals(AzureIntegrationConfig.AZURE_API_VERSION))) {
      azure.add(AzureIntegrationConfig.publicAzure());
    }
    List<GerritIntegrationConfig> gerrit = readAll(integrations, "gerrit", GerritIntegrationConfig::read);
    unique(gerrit.stream().map(GerritIntegrationConfig::host).toList(), "gerrit");
    List<GiteaIntegrationConfig> gitea = readAll(integrations, "gitea", GiteaIntegrationConfig::read);
    unique(gitea.stream().map(GiteaIntegrationConfig::host).toList(), "gitea");
    return new IntegrationsConfig(github, gitlab, bbc, bbs, azure, gerrit, gitea);
  }

  /**
   * The lower-case {@code host[:port]}s of every configured integration, as their URLs name them
   * (for Gerrit also the Gitiles host): the hosts an administrator chose to read from, which a
   * host may exempt from checks meant for URLs from users (the scaffolder's private-address check).
   */
  public Set<String> hosts() {
    Set<String> out = new java.util.LinkedHashSet<>();
    github.forEach(g -> out.add(g.host()));
    gitlab.forEach(g -> out.add(g.host()));
    bitbucketCloud.forEach(b -> out.add(b.host()));
    bitbucketServer.forEach(b -> out.add(b.host()));
    azure.forEach(a -> out.add(a.host()));
    for (GerritIntegrationConfig g : gerrit) {
      out.add(g.host());
      java.net.URI gitiles = java.net.URI.create(g.gitilesBaseUrl());
      if (gitiles.getHost() != null) {
        String h = gitiles.getHost().toLowerCase(java.util.Locale.ROOT);
        out.add(gitiles.getPort() < 0 ? h : h + ":" + gitiles.getPort());
      }
    }
    gitea.forEach(g -> out.add(g.host()));
    return java.util.Collections.unmodifiableSet(out);
  }

  private static <T> List<T> readAll(
      JsonNode integrations, String type, BiFunction<JsonNode, String, T> reader) {
    if (integrations.isMissingNode() || integrations.isNull()) {
      return new ArrayList<>();
    }
    List<JsonNode> nodes = list(integrations, type, KEY);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      out.add(reader.apply(nodes.get(i), KEY + "." + type + "[" + i + "]"));
    }
    return out;
  }

  private static void unique(List<String> hosts, String type) {
    Set<String> seen = new HashSet<>();
    for (String h : hosts) {
      if (!seen.add(h)) {
        throw invalid(KEY + "." + type, "the host '" + h + "' is configured more than once");
      }
    }
  }
}
