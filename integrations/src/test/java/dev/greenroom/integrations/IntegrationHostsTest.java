package dev.greenroom.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IntegrationHostsTest {
  @Test
  void hostsListsEveryConfiguredHostWithGerritsGitilesHost() throws Exception {
    IntegrationsConfig c = IntegrationsConfig.parse(JsonMapper.builder().build().readTree("""
        {"github": [{"host": "GHE.example.com", "apiBaseUrl": "https://ghe.example.com/api/v3"}],
         "azure": [{"host": "tfs.example.com:8443"}],
         "gerrit": [{"host": "review.example.com", "gitilesBaseUrl": "https://git.example.com:9000/g"}],
         "gitea": [{"host": "gitea.example.com"}]}
        """), false);
    assertThat(c.hosts()).containsExactly("ghe.example.com", "tfs.example.com:8443",
        "review.example.com", "git.example.com:9000", "gitea.example.com");
  }
}
