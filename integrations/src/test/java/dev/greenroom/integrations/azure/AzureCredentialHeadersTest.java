package dev.greenroom.integrations.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.AzureIntegrationConfig;
import dev.greenroom.integrations.AzureIntegrationConfig.Credential;
import dev.greenroom.integrations.AzureIntegrationConfig.Kind;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AzureUrlReader#credentialHeaders}: the Authorization header an organisation's credential
 * gives other Azure DevOps APIs (the catalog's code search), picked as Backstage's credentials
 * provider picks it.
 */
class AzureCredentialHeadersTest {
  @TempDir Path dir;

  @Test
  void theOrganisationsCredentialElseTheDefaultOneElseNone() {
    Credential acme = new Credential(Kind.PersonalAccessToken, List.of("acme"), Secret.of("acme-pat"),
        null, null, null);
    Credential fallback = new Credential(Kind.PersonalAccessToken, List.of(), Secret.of("default-pat"),
        null, null, null);
    AzureUrlReader reader = AzureUrlReader.create(new AzureIntegrationConfig("dev.azure.com", "6.0",
        List.of(acme, fallback)), ReadLimits.DEFAULTS, null);
    assertThat(reader.credentialHeaders("acme", "search")).containsExactly(
        java.util.Map.entry("Authorization", "Basic " + basic(":acme-pat")));
    assertThat(reader.credentialHeaders("other", "search")).containsExactly(
        java.util.Map.entry("Authorization", "Basic " + basic(":default-pat")));
    AzureUrlReader anonymous = AzureUrlReader.create(AzureIntegrationConfig.publicAzure(),
        ReadLimits.DEFAULTS, null);
    assertThat(anonymous.credentialHeaders("acme", "search")).isEmpty();
  }

  @Test
  void aClientSecretGivesAnEntraBearerTokenAndAManagedIdentityIsRefused() throws Exception {
    Files.writeString(dir.resolve("catalog-info.yaml"), "kind: Component\n");
    try (FakeAzure azure = new FakeAzure(dir)) {
      azure.entraApp("tenant-1", "client-1", "entra-s3cret-never-shown");
      Credential sp = new Credential(Kind.ClientSecret, List.of("acme"), null, "tenant-1", "client-1",
          Secret.of("entra-s3cret-never-shown"));
      Credential mi = new Credential(Kind.ManagedIdentity, List.of("other"), null, null, "mi-client", null);
      AzureUrlReader reader = AzureUrlReader.create(new AzureIntegrationConfig(azure.host(), "6.0",
          List.of(sp, mi)), ReadLimits.DEFAULTS, Clock.systemUTC(), azure.authority(), null);
      assertThat(reader.credentialHeaders("acme", "search").get("Authorization")).startsWith("Bearer eyJ");
      assertThat(azure.tokenRequests()).isEqualTo(1);
      assertThatThrownBy(() -> reader.credentialHeaders("other", "code search"))
          .isInstanceOf(ProcessingException.class)
          .hasMessageContaining("ManagedIdentity credential")
          .hasMessageContaining("organization 'other'");
    }
  }

  private static String basic(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
