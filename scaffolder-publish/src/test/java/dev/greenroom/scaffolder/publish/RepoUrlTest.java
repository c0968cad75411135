package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.scaffolder.action.ActionException;
import org.junit.jupiter.api.Test;

/** {@link RepoUrl}: Backstage's {@code parseRepoUrl} rules per integration type. */
class RepoUrlTest {
  static final IntegrationsConfig CONFIG = IntegrationsConfig.parse(Json.parse("""
      {"github":[{"host":"github.com","token":"t"}],
       "gitlab":[{"host":"gitlab.acme.com","apiBaseUrl":"https://gitlab.acme.com/api/v4"}],
       "bitbucketServer":[{"host":"git.acme.com","token":"t"}],
       "bitbucketCloud":[{"username":"u","appPassword":"p"}],
       "gitea":[{"host":"gitea.acme.com"}],
       "gerrit":[{"host":"gerrit.acme.com"}],
       "azure":[{"host":"dev.azure.com"}]}"""), false);

  @Test
  void readsTheParametersAndTrimsSlashes() {
    RepoUrl u = RepoUrl.parse("a", "GitHub.com?owner=/acme/&repo=app%20one", CONFIG);
    assertThat(u).isEqualTo(new RepoUrl("github.com", "github", "acme", "app one", null, null,
        null));
    assertThat(RepoUrl.parse("a", "bitbucket.org?workspace=w&project=P&repo=r", CONFIG).type())
        .isEqualTo("bitbucketCloud");
    assertThat(RepoUrl.parse("a", "gitlab.acme.com?project=42", CONFIG).project()).isEqualTo("42");
    assertThat(RepoUrl.parse("a", "gerrit.acme.com?repo=r", CONFIG).owner()).isNull();
  }

  @Test
  void eachTypeRequiresItsParameters() {
    assertThatThrownBy(() -> RepoUrl.parse("publish:github", "github.com?repo=app", CONFIG))
        .isInstanceOf(ActionException.class)
        .hasMessage("publish:github: invalid repo URL passed to publisher: github.com?repo=app,"
            + " missing owner");
    assertThatThrownBy(() -> RepoUrl.parse("a", "bitbucket.org?project=P&repo=r", CONFIG))
        .hasMessageEndingWith("missing workspace");
    assertThatThrownBy(() -> RepoUrl.parse("a", "git.acme.com?repo=r", CONFIG))
        .hasMessageEndingWith("missing project");
    assertThatThrownBy(() -> RepoUrl.parse("a", "dev.azure.com?project=p", CONFIG))
        .hasMessageEndingWith("missing repo");
    assertThatThrownBy(() -> RepoUrl.parse("a", "gitlab.acme.com?owner=g", CONFIG))
        .hasMessageEndingWith("missing repo");
  }

  @Test
  void unknownHostsAndMalformedUrlsAreRefused() {
    assertThatThrownBy(() -> RepoUrl.parse("a", "example.com?owner=o&repo=r", CONFIG))
        .hasMessageContaining("no matching integration configuration for host example.com");
    assertThatThrownBy(() -> RepoUrl.parse("a", "user:pw@github.com?owner=o&repo=r", CONFIG))
        .hasMessageContaining("invalid repo URL");
    assertThatThrownBy(() -> RepoUrl.parse("a", "github.com?owner=o&repo=" + "r".repeat(3000),
        CONFIG)).hasMessageContaining("longer than 2048");
    assertThatThrownBy(() -> RepoUrl.parse("a", "git hub.com?owner=o", CONFIG))
        .hasMessageContaining("invalid repo URL passed to publisher, got git hub.com?owner=o");
  }
}
