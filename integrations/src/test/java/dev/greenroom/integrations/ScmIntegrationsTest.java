package dev.greenroom.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ScmIntegrationsTest {

  @Test
  void urlsOfHostsWithoutAnIntegrationGoToTheFallback() {
    List<String> seen = new ArrayList<>();
    UrlReader fallback = new UrlReader() {
      @Override
      public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
        seen.add(url);
        return ReadResponse.of(new byte[] {1}, null);
      }
    };
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(IntegrationsConfigTest.json(
            "{'github': [{'host': 'ghe.example.com:8443', 'apiBaseUrl': 'https://ghe.example.com:8443/api/v3'}]}"))
        .fallback(fallback)
        .build();
    // Backstage's anonymous public-host defaults have readers too: github.com, gitlab.com,
    // bitbucket.org and dev.azure.com
    assertThat(scm.readableHosts()).contains("ghe.example.com:8443", "github.com", "gitlab.com",
            "bitbucket.org", "dev.azure.com")
        .doesNotContain("files.example.com", "ghe.example.com");
    assertThat(scm.readerFor("GHE.example.com:8443")).isPresent();
    scm.urlReader().read("https://files.example.com/catalog-info.yaml");
    scm.urlReader().read("https://ghe.example.com/o/r/blob/main/x.yaml"); // another port: not the integration
    assertThat(seen).containsExactly("https://files.example.com/catalog-info.yaml",
        "https://ghe.example.com/o/r/blob/main/x.yaml");
  }

  @Test
  void withoutAFallbackOnlyIntegrationHostsAreReadable() {
    ScmIntegrations scm = ScmIntegrations.builder().build();
    assertThatThrownBy(() -> scm.urlReader().read("https://files.example.com/a.yaml"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("is not allowed")
        .hasMessageContaining("configure an integration");
  }

  @Test
  void readTreeOnAReaderWithoutTreesIsRefusedClearly() {
    ScmIntegrations scm = ScmIntegrations.builder()
        .fallback(HttpUrlReader.builder().allow("files.example.com").build()).build();
    assertThatThrownBy(() -> scm.urlReader().readTree("https://files.example.com/docs", null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("https://files.example.com/docs")
        .hasMessageContaining("not supported by this reader (HttpUrlReader)");
  }
}
