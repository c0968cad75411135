package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: {@code auth.providers.oidc.<env>} as Backstage's OIDC module reads it, an OIDC
 * provider counting as configured auth, and errors that name the key without the secret.
 */
class OidcConfigTest {
  @TempDir Path dir;

  private static @Nullable String env(String name) {
    return name.equals("OIDC_SECRET") ? "the-very-secret-value" : null;
  }

  private AppConfig load(String yaml) throws IOException {
    Path file = dir.resolve("app-config.yaml");
    Files.writeString(file, yaml);
    return AppConfig.load(List.of(file), OidcConfigTest::env);
  }

  @Test
  void theEnvironmentsSectionIsReadWithBackstagesKeys() throws IOException {
    AppConfig c = load("""
        auth:
          environment: production
          providers:
            oidc:
              development: {metadataUrl: "http://localhost:1", clientId: dev, clientSecret: x,
                            signIn: {resolvers: [{resolver: emailMatchingUserEntityProfileEmail}]}}
              production:
                metadataUrl: https://idp.example.com/.well-known/openid-configuration
                clientId: greenroom
                clientSecret: ${OIDC_SECRET}
                callbackUrl: https://greenroom.example.com/api/auth/oidc/handler/frame
                additionalScopes: [groups]
                prompt: auto
                tokenEndpointAuthMethod: client_secret_post
                signIn:
                  resolvers:
                    - resolver: emailLocalPartMatchingUserEntityName
                    - resolver: emailMatchingUserEntityAnnotation
        """);
    AppConfig.Oidc o = c.oidc().orElseThrow();
    assertThat(o.environment()).isEqualTo("production");
    assertThat(o.clientId()).isEqualTo("greenroom");
    assertThat(o.clientSecret()).isEqualTo("the-very-secret-value");
    assertThat(o.scopes()).containsExactly("openid", "profile", "email", "groups");
    assertThat(o.prompt()).isEqualTo("auto");
    assertThat(o.tokenEndpointAuthMethod()).isEqualTo("client_secret_post");
    assertThat(o.resolvers()).containsExactly(
        new AppConfig.Resolver("emailLocalPartMatchingUserEntityName", null),
        new AppConfig.Resolver("emailMatchingUserEntityAnnotation", "backstage.io/email"));
    assertThat(o.toString()).doesNotContain("the-very-secret-value");
    assertThat(c.toString()).doesNotContain("the-very-secret-value");
  }

  @Test
  void anOidcProviderIsAuthConfigured() throws IOException {
    AppConfig c = load("""
        backend: {listen: {host: 0.0.0.0}}
        auth:
          providers:
            oidc:
              development:
                metadataUrl: https://idp.example.com
                clientId: greenroom
                clientSecret: ${OIDC_SECRET}
                scope: openid email
                signIn: {resolvers: [{resolver: emailMatchingUserEntityProfileEmail}]}
        """);
    assertThat(c.oidc().orElseThrow().scopes()).containsExactly("openid", "email");
    Auth.Decision d = Auth.decide(c);
    assertThat(d.mode()).isEqualTo(Auth.Mode.CREDENTIALS);
    assertThat(d.host()).isEqualTo("0.0.0.0");
  }

  @Test
  void badValuesNameTheirKey() throws IOException {
    String base = """
        auth:
          providers:
            oidc:
              development:
                metadataUrl: https://idp.example.com
                clientId: greenroom
                clientSecret: ${OIDC_SECRET}
        """;
    assertThatThrownBy(() -> load(base)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.providers.oidc.development.signIn.resolvers")
        .hasMessageNotContaining("the-very-secret-value");
    assertThatThrownBy(() -> load(base
        + "        signIn: {resolvers: [{resolver: usernameMatchingUserEntityName}]}\n"))
        .hasMessageContaining("auth.providers.oidc.development.signIn.resolvers[0].resolver")
        .hasMessageContaining("usernameMatchingUserEntityName");
    assertThatThrownBy(() -> load(base.replace("https://idp.example.com", "idp")
        + "        signIn: {resolvers: [{resolver: emailMatchingUserEntityProfileEmail}]}\n"))
        .hasMessageContaining("auth.providers.oidc.development.metadataUrl");
    assertThatThrownBy(() -> load(base + "        tokenEndpointAuthMethod: private_key_jwt\n"
        + "        signIn: {resolvers: [{resolver: emailMatchingUserEntityProfileEmail}]}\n"))
        .hasMessageContaining("auth.providers.oidc.development.tokenEndpointAuthMethod")
        .hasMessageNotContaining("the-very-secret-value");
    assertThatThrownBy(() -> load(base.replace("        clientSecret: ${OIDC_SECRET}\n", "")
        + "        signIn: {resolvers: [{resolver: emailMatchingUserEntityProfileEmail}]}\n"))
        .hasMessageContaining("auth.providers.oidc.development.clientSecret");
  }
}
