package dev.greenroom.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.GithubAppConfig;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.IntegrationException;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.Secret;
import dev.greenroom.testsupport.SettableClock;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GithubAppTokensTest {
  static final long APP_ID = 123456;
  static KeyPair keys;

  FakeGithub github;
  Path fixture;
  SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"));

  @BeforeAll
  static void keys() throws NoSuchAlgorithmException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
  }

  /** The private key as GitHub hands it out: PKCS#1 PEM. */
  static String pkcs1Pem() {
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length); // a 2048-bit key's PrivateKeyInfo header
    return "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1)
        + "\n-----END RSA PRIVATE KEY-----\n";
  }

  @BeforeEach
  void start() throws IOException, URISyntaxException {
    fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    github = new FakeGithub(fixture)
        .app(APP_ID, (RSAPublicKey) keys.getPublic(), FakeGithub.OWNER, Duration.ofHours(1), clock);
  }

  @AfterEach
  void stop() {
    github.close();
  }

  GithubUrlReader reader(@Nullable List<String> allowedOwners, @Nullable String token) {
    GithubAppConfig app = new GithubAppConfig(APP_ID, Secret.of(pkcs1Pem()), "Iv1.client",
        Secret.of("client-secret"), Secret.of("webhook-secret"), allowedOwners);
    return GithubUrlReader.create(new GithubIntegrationConfig(github.host(), github.apiBaseUrl(), null,
        token == null ? null : Secret.of(token), List.of(app)), ReadLimits.DEFAULTS, clock, null);
  }

  @Test
  void readsWithAnInstallationTokenFetchedWithASignedAppJwtAndCachedUntilShortlyBeforeExpiry()
      throws IOException {
    GithubUrlReader reader = reader(null, null);
    String url = github.webUrl("blob/main/components/searcher/catalog-info.yaml");

    UrlReader.ReadResponse r = reader.read(url, null, Long.MAX_VALUE);

    assertThat(r.content()).isEqualTo(Files.readAllBytes(fixture.resolve("components/searcher/catalog-info.yaml")));
    assertThat(github.accessTokenCalls()).isEqualTo(1);
    String issued = github.issuedTokens().iterator().next();
    assertThat(github.requests()).extracting(FakeGithub.Request::path).containsExactly(
        "/api/v3/app/installations",
        "/api/v3/app/installations/42/access_tokens",
        "/api/v3/repos/acme/catalog/contents/components/searcher/catalog-info.yaml");
    assertThat(github.requests().get(2).authorization()).isEqualTo("Bearer " + issued);

    // cached: a search reuses the token
    assertThat(reader.search(github.webUrl("blob/main/**/catalog-info.yaml"), null).files()).hasSize(3);
    assertThat(github.accessTokenCalls()).isEqualTo(1);

    // 51 minutes later the token expires within 10 minutes: a new one is fetched
    clock.advance(Duration.ofMinutes(51));
    reader.read(url, null, Long.MAX_VALUE);
    assertThat(github.accessTokenCalls()).isEqualTo(2);
    assertThat(github.issuedTokens()).hasSize(2);
  }

  @Test
  void ownersOutsideAllowedInstallationOwnersFallBackToTheToken() {
    github.token("ghp_fallbackToken000000000000000000000");
    GithubUrlReader reader = reader(List.of("some-other-org"), "ghp_fallbackToken000000000000000000000");

    reader.read(github.webUrl("blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE);

    assertThat(github.accessTokenCalls()).isZero();
    assertThat(github.requests()).singleElement().satisfies(req ->
        assertThat(req.authorization()).isEqualTo("Bearer ghp_fallbackToken000000000000000000000"));
  }

  @Test
  void anOwnerWithoutAnInstallationFallsBackToAnonymous() {
    github.app(APP_ID, (RSAPublicKey) keys.getPublic(), "not-acme", Duration.ofHours(1), clock).publicRepo();
    reader(null, null).read(github.webUrl("blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE);
    assertThat(github.accessTokenCalls()).isZero();
    assertThat(github.requests().get(github.requests().size() - 1).authorization()).isEmpty();
  }

  @Test
  void theOrganisationsAnAppIsInstalledInAreListedAndKeptTenMinutes() {
    GithubCredentialsProvider credentials = reader(null, null).credentials();
    // the installation in a user account is not an organisation
    assertThat(credentials.organizationInstallations(null)).containsExactly(FakeGithub.OWNER);
    assertThat(credentials.organizationInstallations(APP_ID)).containsExactly(FakeGithub.OWNER);
    assertThat(github.requests()).filteredOn(r -> r.path().equals("/api/v3/app/installations"))
        .hasSize(1);
    clock.advance(Duration.ofMinutes(11));
    credentials.organizationInstallations(null);
    assertThat(github.requests()).filteredOn(r -> r.path().equals("/api/v3/app/installations"))
        .hasSize(2);
    assertThatThrownBy(() -> credentials.organizationInstallations(7L))
        .isInstanceOf(IntegrationException.class).hasMessageContaining("no App with appId 7")
        .hasMessageContaining(github.host());
  }

  @Test
  void aKeyGitHubDoesNotKnowFailsNamingTheAppAndHostButNotTheKey() throws NoSuchAlgorithmException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair other = g.generateKeyPair();
    github.app(APP_ID, (RSAPublicKey) other.getPublic(), FakeGithub.OWNER, Duration.ofHours(1), clock);
    assertThatThrownBy(() -> reader(null, null)
        .read(github.webUrl("blob/main/acme/team-a-group.yaml"), null, Long.MAX_VALUE))
        .hasMessageContaining("401")
        .hasMessageContaining("GitHub App " + APP_ID + " of the integration for " + github.host())
        .satisfies(e -> assertThat(GithubUrlReaderTest.stackText(e)).doesNotContain("PRIVATE KEY"));
  }

  @Test
  void aPrivateKeyThatIsNotRsaIsAConfigErrorWithoutTheKey() {
    GithubAppConfig app = new GithubAppConfig(APP_ID, Secret.of("-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----"),
        "Iv1.client", Secret.of("s"), Secret.of("w"), null);
    assertThatThrownBy(() -> GithubUrlReader.create(new GithubIntegrationConfig(github.host(),
        github.apiBaseUrl(), null, null, List.of(app)), ReadLimits.DEFAULTS, clock, null))
        .isInstanceOf(IntegrationException.class)
        .hasMessageContaining("GitHub App " + APP_ID)
        .hasMessageContaining(github.host())
        .hasMessageNotContaining("bm90IGEga2V5");
  }

}
