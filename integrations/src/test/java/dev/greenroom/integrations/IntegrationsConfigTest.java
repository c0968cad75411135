package dev.greenroom.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IntegrationsConfigTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void defaultsAreBackstagesPublicHosts() {
    IntegrationsConfig c = IntegrationsConfig.defaults();
    assertThat(c.github()).containsExactly(GithubIntegrationConfig.publicGithub());
    assertThat(c.github().get(0).apiBaseUrl()).isEqualTo("https://api.github.com");
    assertThat(c.github().get(0).rawBaseUrl()).isEqualTo("https://raw.githubusercontent.com");
    assertThat(c.gitlab()).extracting(GitlabIntegrationConfig::apiBaseUrl).containsExactly("https://gitlab.com/api/v4");
    assertThat(c.bitbucketCloud()).extracting(BitbucketCloudIntegrationConfig::apiBaseUrl)
        .containsExactly("https://api.bitbucket.org/2.0");
    assertThat(c.azure()).extracting(AzureIntegrationConfig::host).containsExactly("dev.azure.com");
    assertThat(c.bitbucketServer()).isEmpty();
    assertThat(c.gerrit()).isEmpty();
    assertThat(c.gitea()).isEmpty();
  }

  @Test
  void readsEveryHostTypeWithBackstagesKeysAndDefaults() {
    IntegrationsConfig c = IntegrationsConfig.parse(json("""
        {'github': [
           {'host': 'github.com', 'token': 'ghp_one'},
           {'host': 'ghe.example.com', 'apiBaseUrl': 'https://ghe.example.com/api/v3/',
            'apps': [{'appId': 7, 'privateKey': 'pem', 'clientId': 'Iv1.x', 'clientSecret': 'cs',
                      'webhookSecret': 'ws', 'allowedInstallationOwners': ['acme']}]}],
         'gitlab': [{'host': 'gitlab.example.com', 'apiBaseUrl': 'https://gitlab.example.com/api/v4', 'token': 'glpat'}],
         'bitbucketCloud': [{'username': 'me', 'appPassword': 'pw'}],
         'bitbucketServer': [{'host': 'bitbucket.example.com', 'token': 't'}],
         'azure': [{'host': 'dev.azure.com', 'credentials': [{'personalAccessToken': 'pat', 'organizations': ['org']}]}],
         'gerrit': [{'host': 'gerrit.example.com', 'baseUrl': 'https://gerrit.example.com/gerrit/'}],
         'gitea': [{'host': 'gitea.example.com'}]}
        """));
    assertThat(c.github()).hasSize(2);
    GithubIntegrationConfig ghe = c.github().get(1);
    assertThat(ghe.host()).isEqualTo("ghe.example.com");
    assertThat(ghe.apiBaseUrl()).isEqualTo("https://ghe.example.com/api/v3");
    assertThat(ghe.rawBaseUrl()).isNull();
    assertThat(ghe.apps()).singleElement().satisfies(a -> {
      assertThat(a.appId()).isEqualTo(7);
      assertThat(a.privateKey().reveal()).isEqualTo("pem");
      assertThat(a.allowedInstallationOwners()).containsExactly("acme");
    });
    assertThat(c.github().get(0).token().reveal()).isEqualTo("ghp_one");
    assertThat(c.gitlab()).extracting(GitlabIntegrationConfig::host)
        .containsExactly("gitlab.example.com", "gitlab.com");
    assertThat(c.gitlab().get(0).baseUrl()).isEqualTo("https://gitlab.example.com");
    assertThat(c.bitbucketCloud()).singleElement().satisfies(b -> assertThat(b.username()).isEqualTo("me"));
    assertThat(c.bitbucketServer().get(0).apiBaseUrl()).isEqualTo("https://bitbucket.example.com/rest/api/1.0");
    assertThat(c.azure()).singleElement().satisfies(a -> {
      assertThat(a.apiVersion()).isEqualTo("6.0");
      assertThat(a.credentials()).singleElement().satisfies(cr ->
          assertThat(cr.kind()).isEqualTo(AzureIntegrationConfig.Kind.PersonalAccessToken));
    });
    assertThat(c.gerrit().get(0).baseUrl()).isEqualTo("https://gerrit.example.com/gerrit");
    assertThat(c.gerrit().get(0).cloneUrl()).isEqualTo("https://gerrit.example.com/gerrit");
    assertThat(c.gerrit().get(0).gitilesBaseUrl()).isEqualTo("https://gerrit.example.com");
    assertThat(c.gitea().get(0).baseUrl()).isEqualTo("https://gitea.example.com");
    // secrets never print
    assertThat(c.toString()).doesNotContain("ghp_one", "glpat", "pem", "'cs'", "pat'", "=pw");
    assertThat(c.toString()).contains("<secret>");
  }

  @Test
  void errorsNameTheKeyAndNeverTheSecret() {
    assertThatThrownBy(() -> IntegrationsConfig.parse(json("{'github': {'host': 'x'}}")))
        .isInstanceOf(IntegrationException.class).hasMessageContaining("integrations.github").hasMessageContaining("list");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json("{'github': [{'host': 'github.com', 'apiBaseUrl': 'ftp://x'}]}")))
        .hasMessageContaining("integrations.github[0].apiBaseUrl");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json("{'github': [{'host': 'bad host/'}]}")))
        .hasMessageContaining("integrations.github[0].host").hasMessageContaining("not a valid host");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json("{'github': [{'token': ['ghp_x']}]}")))
        .hasMessageContaining("integrations.github[0].token").hasMessageNotContaining("ghp_x");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json(
        "{'github': [{'apps': [{'appId': 'seven', 'privateKey': 'k'}]}]}")))
        .hasMessageContaining("integrations.github[0].apps[0].appId");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json(
        "{'github': [{'apps': [{'appId': 7, 'privateKey': 'k', 'clientId': 'c', 'clientSecret': 's'}]}]}")))
        .hasMessageContaining("integrations.github[0].apps[0].webhookSecret").hasMessageContaining("required");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json("{'gitlab': [{'host': 'gitlab.example.com'}]}")))
        .hasMessageContaining("integrations.gitlab[0].apiBaseUrl");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json("{'bitbucketCloud': [{'username': 'me'}]}")))
        .hasMessageContaining("integrations.bitbucketCloud[0]").hasMessageContaining("token or appPassword");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json("{'azure': [{'token': 't', 'credentials': []}]}")))
        .hasMessageContaining("'token' and 'credentials' cannot be used together");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json(
        "{'azure': [{'host': 'azure.example.com', 'credentials': [{'clientId': 'c'}]}]}")))
        .hasMessageContaining("only personal access tokens");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json(
        "{'github': [{'host': 'ghe.example.com', 'apiBaseUrl': 'https://a'}, {'host': 'GHE.example.com', 'apiBaseUrl': 'https://b'}]}")))
        .hasMessageContaining("configured more than once");
    assertThatThrownBy(() -> IntegrationsConfig.parse(json(
        "{'github': [{'host': 'github.com', 'apiBaseUrl': 'https://user:ghp_inurl@api.github.com'}]}")))
        .hasMessageNotContaining("ghp_inurl");
  }

  @Test
  void anEnterpriseHostWithoutApiOrRawBaseUrlCannotBeRead() {
    IntegrationsConfig c = IntegrationsConfig.parse(json("{'github': [{'host': 'ghe.example.com', 'token': 't'}]}"));
    assertThatThrownBy(() -> ScmIntegrations.builder().config(c).build())
        .isInstanceOf(IntegrationException.class)
        .hasMessageContaining("ghe.example.com").hasMessageContaining("apiBaseUrl");
  }

  @Test
  void secretsNeverPrint() {
    assertThat(Secret.of("hunter2").toString()).isEqualTo("<secret>");
    assertThat(new GithubAppConfig(1, Secret.of("KEY"), "c", Secret.of("CS"), Secret.of("WS"), List.of())
        .toString()).doesNotContain("KEY", "CS", "WS");
  }
}
