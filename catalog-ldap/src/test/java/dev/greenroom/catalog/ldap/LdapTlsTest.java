package dev.greenroom.catalog.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ldaps://} targets: an LDAP server with a self-signed certificate. */
class LdapTlsTest {
  static InMemoryDirectoryServer server;

  @BeforeAll
  static void start() throws Exception {
    ObjectPair<File, char[]> keystore =
        SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate("LdapTlsTest", "PKCS12");
    SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(keystore.getFirst(),
        keystore.getSecond(), "PKCS12", null), new TrustAllTrustManager());
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("ldaps",
        InetAddress.getLoopbackAddress(), 0, serverSsl.createSSLServerSocketFactory(), null));
    config.setSchema(null);
    server = new InMemoryDirectoryServer(config);
    try (InputStream in = LdapTlsTest.class.getResourceAsStream("/ldap/org.ldif")) {
      server.importFromLDIF(true, new LDIFReader(in));
    }
    server.startListening();
  }

  @AfterAll
  static void stop() {
    server.shutDown(true);
  }

  static LdapProviderConfig config(String tls) {
    return LdapProviderConfig.read("secure", TestDirectory.yaml("""
        target: ldaps://127.0.0.1:%d
        %s
        users: { dn: 'ou=people,dc=example,dc=com' }
        """.formatted(server.getListenPort(), tls)));
  }

  @Test
  void rejectUnauthorizedFalseReadsOverTlsFromAServerWithASelfSignedCertificate() {
    LdapOrg org = LdapOrgEntityProvider.builder(config("tls: { rejectUnauthorized: false }"))
        .build().readOrg();
    assertThat(org.users()).hasSize(7);
  }

  @Test
  void byDefaultAnUntrustedCertificateIsRefusedWithTheTargetNamed() {
    assertThatThrownBy(() -> LdapOrgEntityProvider.builder(config("")).build().readOrg())
        .isInstanceOf(LdapOrgException.class)
        .hasMessageContaining("ldaps://127.0.0.1:" + server.getListenPort())
        .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("certificate"));
  }
}
