package dev.greenroom.catalog.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldif.LDIFReader;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.testsupport.NodeConformance;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The provider against OpenLDAP: Debian's {@code slapd}, started by the test on 127.0.0.1 with an
 * MDB database, the memberOf overlay (so users and nested groups carry memberOf, as production
 * OpenLDAP directories do) and a size limit of 3 entries that only paged searches get past.
 * Skipped when {@code /usr/sbin/slapd} is not installed ({@code apt-get install slapd}).
 */
class SlapdTest {
  static final Path SLAPD = Path.of("/usr/sbin/slapd");
  static final String READER = "cn=reader,dc=example,dc=com";
  static final String READER_SECRET = "reader-secret-77";
  @TempDir static Path dir;
  static Process slapd;
  static int port;

  @BeforeAll
  static void startSlapd() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(SLAPD), "slapd is not installed");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir.resolve("db"));
    Path conf = Files.writeString(dir.resolve("slapd.conf"), """
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        moduleload memberof
        pidfile %1$s/slapd.pid
        database mdb
        maxsize 10485760
        suffix "dc=example,dc=com"
        rootdn "cn=admin,dc=example,dc=com"
        rootpw admin-secret
        directory %1$s/db
        limits * size.soft=3 size.hard=3 size.pr=unlimited size.prtotal=unlimited
        overlay memberof
        """.formatted(dir));
    slapd = new ProcessBuilder(SLAPD.toString(), "-f", conf.toString(),
        "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
        .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException e) {
        if (!slapd.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("slapd did not start: "
              + Files.readString(dir.resolve("slapd.log")));
        }
        Thread.sleep(50);
      }
    }
    // entries go in over LDAP, so that the memberOf overlay writes memberOf
    try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port,
            "cn=admin,dc=example,dc=com", "admin-secret");
         InputStream in = SlapdTest.class.getResourceAsStream("/ldap/openldap-org.ldif")) {
      LDIFReader reader = new LDIFReader(in);
      Entry e;
      while ((e = reader.readEntry()) != null) {
        admin.add(e);
      }
    }
  }

  @AfterAll
  static void stopSlapd() throws InterruptedException {
    if (slapd != null) {
      slapd.destroy();
      if (!slapd.waitFor(10, TimeUnit.SECONDS)) {
        slapd.destroyForcibly();
      }
    }
  }

  static LdapProviderConfig config(String secret, String userOptions) {
    return LdapProviderConfig.read("openldap", TestDirectory.yaml("""
        target: ldap://127.0.0.1:%d
        bind: { dn: '%s', secret: '%s' }
        users: { dn: 'ou=people,dc=example,dc=com', options: %s }
        groups: { dn: 'ou=groups,dc=example,dc=com', options: { paged: { pageSize: 3 } } }
        """.formatted(port, READER, secret, userOptions)));
  }

  @Test
  void pagedReadsGetUsersGroupsAndTheOverlaysMemberships() {
    LdapOrg org = LdapOrgEntityProvider.builder(config(READER_SECRET, "{ paged: { pageSize: 2 } }"))
        .build().readOrg();
    assertThat(org.users()).extracting(e -> e.ref().name())
        .containsExactly("alice", "bob", "carol", "dave", "erin", "frank", "grace");
    Map<String, Entity> all = new HashMap<>();
    org.users().forEach(e -> all.put(e.ref().toString(), e));
    org.groups().forEach(e -> all.put(e.ref().toString(), e));
    Entity alice = all.get("user:default/alice");
    // OpenLDAP's operational attributes, asked for with '+'
    assertThat(alice.metadata().annotation("backstage.io/ldap-dn"))
        .isEqualTo("uid=alice,ou=people,dc=example,dc=com");
    assertThat(alice.metadata().annotation("backstage.io/ldap-uuid"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(LdapOrgEntityProviderTest.strings(alice, "memberOf"))
        .containsExactly("group:default/team-a");
    assertThat(LdapOrgEntityProviderTest.strings(all.get("user:default/dave"), "memberOf"))
        .containsExactly("group:default/team-b");
    assertThat(LdapOrgEntityProviderTest.strings(all.get("group:default/engineering"), "children"))
        .containsExactly("group:default/platform", "group:default/team-a", "group:default/team-b");
    assertThat(all.get("group:default/platform").spec().path("parent").asString())
        .isEqualTo("group:default/engineering");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void backstagesProviderAppliesTheSameEntitiesFromOpenLdap() throws Exception {
    Path nodeDir = NodeConformance.install("ldap-conformance.mjs");
    String provider = """
        target: ldap://127.0.0.1:%d
        bind: { dn: '%s', secret: '%s' }
        users: { dn: 'ou=people,dc=example,dc=com', options: { paged: { pageSize: 2 } } }
        groups: { dn: 'ou=groups,dc=example,dc=com', options: { paged: { pageSize: 3 } } }
        """.formatted(port, READER, READER_SECRET);
    ObjectNode appConfig = Json.object();
    appConfig.putObject("catalog").putObject("providers").putObject("ldapOrg")
        .set("openldap", TestDirectory.yaml(provider));
    NodeConformance.Result r = NodeConformance.run(List.of("node", "ldap-conformance.mjs",
        Json.write(appConfig)), nodeDir, Duration.ofMinutes(1));
    assertThat(r.exitCode()).as("Backstage's provider: %s", r.stderr()).isZero();
    Map<String, JsonNode> backstage = LdapBackstageConformanceTest.byRef(
        (ArrayNode) Json.parse(r.stdout()));

    LdapOrgEntityProviderTest.Recorder recorder = new LdapOrgEntityProviderTest.Recorder();
    LdapOrgEntityProvider ours = LdapOrgEntityProvider.builder(
        LdapProviderConfig.read("openldap", TestDirectory.yaml(provider))).build();
    ours.connect(recorder);
    ours.read();
    ArrayNode applied = Json.nodes().arrayNode();
    for (var d : ((EntityMutation.Full) recorder.mutations.get(0))
        .entities()) {
      var o = applied.addObject();
      o.put("locationKey", d.locationKey());
      o.set("entity", d.entity().toJson());
    }
    Map<String, JsonNode> greenroom = LdapBackstageConformanceTest.byRef(applied);
    assertThat(greenroom.keySet()).isEqualTo(backstage.keySet()).hasSize(11);
    for (String ref : backstage.keySet()) {
      assertThat(greenroom.get(ref)).as(ref).isEqualTo(backstage.get(ref));
    }
  }

  @Test
  void withoutPagesTheServersSizeLimitStopsTheRead() {
    assertThatThrownBy(() -> LdapOrgEntityProvider.builder(config(READER_SECRET, "{}")).build()
        .readOrg())
        .isInstanceOf(LdapOrgException.class)
        .hasMessageContaining("search at DN \"ou=people,dc=example,dc=com\"")
        .hasMessageContaining("size limit exceeded");
  }

  @Test
  void aWrongPasswordIsRefusedWithTheBindDnNamed() {
    assertThatThrownBy(() -> LdapOrgEntityProvider.builder(config("wrong-77-pass", "{}")).build()
        .readOrg())
        .hasMessageContaining("LDAP bind failed for " + READER + " at ldap://127.0.0.1:" + port)
        .hasMessageContaining("invalid credentials")
        .satisfies(e -> assertThat(LdapOrgEntityProviderTest.stackText(e))
            .doesNotContain("wrong-77-pass"));
  }
}
