package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldif.LDIFReader;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.msgraph.FakeGraph;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} with {@code catalog.providers.ldapOrg}: users and groups from a real LDAP server. */
class OrgProvidersTest {
  @TempDir Path dir;
  private final ScheduledExecutorService scheduler = ServeCommand.scheduler();

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void serveSchedulesTheLdapProviderAndServesItsUsersWithTheirRelations() throws Exception {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
        InetAddress.getLoopbackAddress(), 0, null));
    cfg.addAdditionalBindCredentials("cn=reader,dc=example,dc=com", "cli-reader-secret");
    cfg.setSchema(null);
    InMemoryDirectoryServer ldap = new InMemoryDirectoryServer(cfg);
    try (InputStream in = getClass().getResourceAsStream("/org-providers/org.ldif")) {
      ldap.importFromLDIF(true, new LDIFReader(in));
    }
    ldap.startListening();
    try {
      Path config = Files.writeString(dir.resolve("app-config.yaml"), """
          backend:
            database: { client: better-sqlite3, connection: ':memory:' }
          catalog:
            providers:
              ldapOrg:
                corp:
                  target: ldap://127.0.0.1:%d
                  bind: { dn: 'cn=reader,dc=example,dc=com', secret: cli-reader-secret }
                  users: { dn: 'ou=people,dc=example,dc=com' }
                  groups: { dn: 'ou=groups,dc=example,dc=com' }
                  schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } }
          """.formatted(ldap.getListenPort()));
      CommandLine cl = Greenroom.commandLine();
      ServeCommand serve = (ServeCommand) cl.parseArgs("serve", "--port", "0", "--data",
          dir.resolve("data").toString(), "--config", config.toString())
          .subcommand().commandSpec().userObject();
      try (ServeCommand.Running running = serve.start()) {
        HttpClient http = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + running.port()
            + "/api/catalog/entities/by-name/group/default/team-a";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r;
        do {
          Thread.sleep(100);
          running.engine().awaitIdle(Duration.ofSeconds(5));
          r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
        } while (r.statusCode() == 404 && System.nanoTime() < deadline);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"type\":\"hasMember\"", "\"targetRef\":\"user:default/bob\"",
            "\"type\":\"childOf\"", "\"targetRef\":\"group:default/engineering\"",
            "\"backstage.io/managed-by-location\":\"ldap://corp/cn%3Dteam-a%2Cou%3Dgroups%2Cdc%3Dexample%2Cdc%3Dcom\"");
        assertThat(r.body()).doesNotContain("cli-reader-secret");
      }
    } finally {
      ldap.shutDown(true);
    }
  }

  @Test
  void serveSchedulesTheMicrosoftGraphProviderAndServesTheTenant() throws Exception {
    try (FakeGraph graph = new FakeGraph("/graph/contoso.json")) {
      Path config = Files.writeString(dir.resolve("graph-config.yaml"), """
          backend:
            database: { client: better-sqlite3, connection: ':memory:' }
          catalog:
            providers:
              microsoftGraphOrg:
                contoso:
                  target: %1$s/v1.0
                  authority: %1$s
                  tenantId: %2$s
                  clientId: %3$s
                  clientSecret: ${GRAPH_SECRET}
                  user: { loadPhotos: false }
                  schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } }
          """.formatted(graph.base(), FakeGraph.TENANT, FakeGraph.CLIENT_ID));
      AppConfig app = AppConfig.load(List.of(config),
          name -> name.equals("GRAPH_SECRET") ? FakeGraph.CLIENT_SECRET : null);
      try (OrgProviders providers = OrgProviders.fromConfig(app, scheduler)) {
        assertThat(providers.providers()).extracting(p -> p.name())
            .containsExactly("MicrosoftGraphOrgEntityProvider:contoso");
        try (var engine = CatalogSetup.engine(app, CatalogSetup.store(app.database(), dir),
            CatalogSetup.urlReader(app), providers.providers())) {
          engine.start(); // connects the provider: its schedule reads at once
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (engine.catalog().entity(EntityRef.parse("group:default/mark8projectteam"))
              .isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            engine.awaitIdle(Duration.ofSeconds(5));
          }
          assertThat(engine.catalog().entity(EntityRef.parse("group:default/mark8projectteam")))
              .hasValueSatisfying(g -> assertThat(g.relations())
                  .extracting(r -> r.type() + " " + r.targetRef())
                  .contains("hasMember user:default/meganb_contoso.com",
                      "childOf group:default/engineering"));
        }
      }
    }
  }

  @Test
  void aProviderWithoutScheduleOrWithABadKeyIsRefusedAtStart() throws Exception {
    Path missing = Files.writeString(dir.resolve("a.yaml"), """
        catalog:
          providers:
            microsoftGraphOrg:
              contoso: { tenantId: t, clientId: c, clientSecret: s }
        """);
    assertThatThrownBy(
        () -> OrgProviders.fromConfig(AppConfig.load(List.of(missing)), scheduler))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.providers.microsoftGraphOrg.contoso.schedule is required");
    Path bad = Files.writeString(dir.resolve("b.yaml"), """
        catalog:
          providers:
            ldapOrg:
              corp: { target: 'http://ds.example.net', schedule: { frequency: PT1H, timeout: PT1M } }
        """);
    assertThatThrownBy(() -> OrgProviders.fromConfig(AppConfig.load(List.of(bad)), scheduler))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.providers.ldapOrg.corp.target must be an ldap://");
    try (OrgProviders none = OrgProviders.fromConfig(AppConfig.load(List.of(
        Files.writeString(dir.resolve("c.yaml"), "catalog: {}\n"))), scheduler)) {
      assertThat(none.providers()).isEmpty();
    }
  }
}
