package dev.greenroom.catalog.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.FakeGithub;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** GitHub Apps, dead hosts and oversized answers. */
class GithubProviderFailuresTest {
  static final long APP_ID = 4242;
  static KeyPair keys;
  FakeGithub github;
  GithubFixture.Recording connection = new GithubFixture.Recording();

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
  }

  @BeforeEach
  void start() throws Exception {
    github = GithubFixture.acme();
  }

  @AfterEach
  void stop() {
    github.close();
  }

  static String pkcs8Pem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  ScmIntegrations appIntegration() {
    ObjectNode app = Json.object();
    app.put("appId", APP_ID);
    app.put("privateKey", pkcs8Pem());
    app.put("clientId", "Iv1.test");
    app.put("clientSecret", "client-secret-value");
    app.put("webhookSecret", "webhook-secret-value");
    ObjectNode gh = Json.object();
    gh.put("host", github.host());
    gh.put("apiBaseUrl", github.apiBaseUrl());
    gh.putArray("apps").add(app);
    ObjectNode root = Json.object();
    root.putArray("github").add(gh);
    return ScmIntegrations.builder().config(root).build();
  }

  GithubProviders providers(ScmIntegrations scm, GithubProviders.Builder extra) {
    return extra.config(Json.parse("""
        {"github": {"organization": "acme", "host": "%s"},
         "githubOrg": {"id": "org", "githubUrl": "https://%s", "orgs": ["acme"],
           "schedule": {"frequency": "PT1H", "timeout": "PT1M"}}}
        """.formatted(github.host(), github.host()))).integrations(scm).build();
  }

  @Test
  void aGithubAppReadsWithInstallationTokensAndSeesNoEmails() throws Exception {
    github.app(APP_ID, (RSAPublicKey) keys.getPublic(), "acme", Duration.ofHours(1),
        Clock.systemUTC());
    GithubProviders p = providers(appIntegration(), GithubProviders.builder());
    GithubOrgEntityProvider org = p.orgProviders().get(0);
    org.connect(connection);
    org.refresh();
    EntityMutation.Full full = (EntityMutation.Full) connection.last();
    assertThat(full.entities()).hasSize(6);
    // GitHub shows emails to tokens only: Backstage asks for them only with a token
    assertThat(full.entities()).allSatisfy(d -> assertThat(
        d.entity().toJson().path("spec").path("profile").has("email")).isFalse());
    assertThat(github.requests()).filteredOn(r -> r.path().equals("/api/graphql"))
        .allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer ghs_installation"));
  }

  @Test
  void withAnAppInsteadOfOrganisationsTheAppsInstallationsAreRead() throws Exception {
    github.app(APP_ID, (RSAPublicKey) keys.getPublic(), "acme", Duration.ofHours(1),
        Clock.systemUTC());
    GithubProviders p = GithubProviders.builder().config(Json.parse("""
        {"github": {"host": "%s", "app": %d},
         "githubOrg": {"id": "all", "githubUrl": "https://%s",
           "schedule": {"frequency": "PT1H", "timeout": "PT1M"}}}
        """.formatted(github.host(), APP_ID, github.host())))
        .integrations(appIntegration()).build();
    GithubEntityProvider discovery = p.discoveryProviders().get(0);
    discovery.connect(connection);
    discovery.refresh();
    // the installation in someone-else's user account is not an organisation
    assertThat(((EntityMutation.Full) connection.last()).entities()).hasSize(6)
        .allSatisfy(d -> assertThat(d.entity().specString("target")).contains("/acme/"));
    GithubOrgEntityProvider org = p.orgProviders().get(0);
    org.connect(connection);
    org.refresh();
    // read as several organisations: groups in the organisation's namespace, as Backstage
    assertThat(((EntityMutation.Full) connection.last()).entities())
        .extracting(d -> d.entity().ref().toString()).contains("group:acme/infra", "user:default/bob");
    GithubEntityProvider unknownApp = GithubProviders.builder().config(Json.parse(
        "{\"github\": {\"host\": \"" + github.host() + "\", \"app\": 99}}"))
        .integrations(appIntegration()).build().discoveryProviders().get(0);
    unknownApp.connect(connection);
    assertThatThrownBy(unknownApp::refresh).isInstanceOf(GithubProviderException.class)
        .hasMessageContaining("no App with appId 99").hasMessageContaining(github.host());
  }

  @Test
  void anAppKeyGithubRefusesNamesTheAppAndHostNeverTheKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    github.app(APP_ID, (RSAPublicKey) g.generateKeyPair().getPublic(), "acme",
        Duration.ofHours(1), Clock.systemUTC());
    GithubProviders p = providers(appIntegration(), GithubProviders.builder());
    GithubEntityProvider discovery = p.discoveryProviders().get(0);
    discovery.connect(connection);
    String key = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    assertThatThrownBy(discovery::refresh).isInstanceOf(GithubProviderException.class)
        .satisfies(e -> {
          assertThat(((GithubProviderException) e).kind())
              .isEqualTo(GithubProviderException.Kind.CREDENTIALS);
          assertThat(e.getMessage()).contains("GitHub App " + APP_ID).contains(github.host())
              .contains("401");
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          assertThat(trace.toString()).doesNotContain("PRIVATE KEY")
              .doesNotContain(key.substring(40, 80)).doesNotContain("client-secret-value");
        });
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void aHostThatNeverAnswersTimesOut() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (Exception e) {
          // closed
        }
      });
      accept.setDaemon(true);
      accept.start();
      String host = "127.0.0.1:" + silent.getLocalPort();
      ScmIntegrations scm = ScmIntegrations.builder().config(Json.parse("{\"github\": [{\"host\": \""
          + host + "\", \"apiBaseUrl\": \"http://" + host + "/api/v3\", \"token\": \""
          + GithubFixture.TOKEN + "\"}]}")).build();
      GithubEntityProvider p = GithubProviders.builder()
          .config(Json.parse("{\"github\": {\"organization\": \"acme\", \"host\": \"" + host
              + "\"}}"))
          .integrations(scm).timeout(Duration.ofMillis(500)).build()
          .discoveryProviders().get(0);
      p.connect(connection);
      assertThatThrownBy(p::refresh).isInstanceOf(GithubProviderException.class)
          .hasMessageContaining("timed out").hasMessageContaining(host)
          .satisfies(e -> assertThat(((GithubProviderException) e).kind())
              .isEqualTo(GithubProviderException.Kind.UNAVAILABLE))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(GithubFixture.TOKEN));
      assertThat(connection.mutations).isEmpty();
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void anAnswerLargerThanTheLimitIsRefused() {
    GithubProviders p = providers(GithubFixture.integrations(github, GithubFixture.TOKEN),
        GithubProviders.builder().maxBytes(1024));
    GithubEntityProvider discovery = p.discoveryProviders().get(0);
    discovery.connect(connection);
    assertThatThrownBy(discovery::refresh).hasMessageContaining("larger than the limit of 1024");
    assertThat(connection.mutations).isEmpty();
  }
}
