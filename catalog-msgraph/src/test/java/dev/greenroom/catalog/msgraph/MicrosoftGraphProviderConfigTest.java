package dev.greenroom.catalog.msgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class MicrosoftGraphProviderConfigTest {
  static JsonNode yaml(String text) {
    return YAMLMapper.builder().build().readTree(text);
  }

  @Test
  void readsBackstagesKeysAndDefaults() {
    List<MicrosoftGraphProviderConfig> all = MicrosoftGraphProviderConfig.readAll(yaml("""
        catalog:
          providers:
            microsoftGraphOrg:
              primary:
                tenantId: tenant-1
                clientId: client-1
                clientSecret: very-secret-value
                user: { filter: accountEnabled eq true, select: [id, mail] }
                group: { search: '"displayName:Eng"', includeSubGroups: true }
                schedule: { frequency: { hours: 1 }, timeout: { minutes: 50 } }
        """));
    MicrosoftGraphProviderConfig c = all.get(0);
    assertThat(c.id()).isEqualTo("primary");
    assertThat(c.target()).isEqualTo("https://graph.microsoft.com/v1.0");
    assertThat(c.authority()).isEqualTo("https://login.microsoftonline.com");
    assertThat(c.userPath()).isEqualTo("users");
    assertThat(c.groupPath()).isEqualTo("groups");
    assertThat(c.loadUserPhotos()).isTrue();
    assertThat(c.userSelect()).containsExactly("id", "mail");
    assertThat(c.groupIncludeSubGroups()).isTrue();
    assertThat(c.schedule().frequency()).isEqualTo(Duration.ofHours(1));
    assertThat(c.toString()).contains("client-1").doesNotContain("very-secret-value");
  }

  @Test
  void aSingleProviderWithClientIdIsTheDefaultOne() {
    List<MicrosoftGraphProviderConfig> all = MicrosoftGraphProviderConfig.readAll(yaml("""
        catalog:
          providers:
            microsoftGraphOrg:
              target: https://graph.microsoft.com/v1.0/
              tenantId: t
              clientId: c
              clientSecret: s
        """));
    assertThat(all).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("default");
      assertThat(c.target()).isEqualTo("https://graph.microsoft.com/v1.0");
    });
  }

  @Test
  void conflictsAndGapsAreNamed() {
    assertThatThrownBy(() -> MicrosoftGraphProviderConfig.read("x", yaml("clientId: c\nclientSecret: s")))
        .hasMessage("catalog.providers.microsoftGraphOrg.x.tenantId is required");
    assertThatThrownBy(() -> MicrosoftGraphProviderConfig.read("x", yaml("tenantId: t\nclientId: c")))
        .hasMessageContaining("clientSecret must be provided when clientId is defined");
    assertThatThrownBy(() -> MicrosoftGraphProviderConfig.read("x", yaml("tenantId: t")))
        .hasMessageContaining("client-credentials grant only");
    assertThatThrownBy(() -> MicrosoftGraphProviderConfig.read("x", yaml("""
        tenantId: t
        clientId: c
        clientSecret: s
        user: { filter: a }
        userGroupMember: { filter: b }
        """))).hasMessageContaining("mutually exclusive");
    assertThatThrownBy(() -> MicrosoftGraphProviderConfig.read("x", yaml("""
        tenantId: t
        clientId: c
        clientSecret: s
        queryMode: fast
        """))).hasMessageContaining("queryMode must be one of: basic, advanced");
    assertThatThrownBy(() -> MicrosoftGraphProviderConfig.read("x", yaml("""
        tenantId: t
        clientId: c
        clientSecret: s
        user: { select: id }
        """))).hasMessageContaining("catalog.providers.microsoftGraphOrg.x.user.select must be a list");
  }
}
