package dev.greenroom.catalog.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldif.LDIFReader;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A real LDAP server for a test: UnboundID's in-memory directory server on 127.0.0.1, loaded from
 * an LDIF file in the test resources, recording the searches it answers.
 */
final class TestDirectory implements AutoCloseable {
  static final String BIND_DN = "cn=reader,dc=example,dc=com";
  static final String BIND_SECRET = "s3cret-reader-pw";

  /** One search the server answered: base DN and whether it asked for a page. */
  record Search(String base, boolean paged) {}

  final InMemoryDirectoryServer server;
  private final List<Search> searches;

  private TestDirectory(InMemoryDirectoryServer server, List<Search> searches) {
    this.server = server;
    this.searches = searches;
  }

  static TestDirectory start(String ldifResource) throws Exception {
    return start(ldifResource, List.of());
  }

  static TestDirectory start(String ldifResource, List<Attribute> rootDse) throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
        InetAddress.getLoopbackAddress(), 0, null));
    config.addAdditionalBindCredentials(BIND_DN, BIND_SECRET);
    config.setSchema(null); // memberOf is not in the standard schema; directories add it
    if (!rootDse.isEmpty()) {
      config.setCustomRootDSEAttributes(new ArrayList<>(rootDse));
    }
    List<Search> searches = new CopyOnWriteArrayList<>();
    config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
      @Override
      public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
        searches.add(new Search(request.getRequest().getBaseDN(),
            request.getRequest().hasControl(SimplePagedResultsControl.PAGED_RESULTS_OID)));
      }
    });
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    try (InputStream in = TestDirectory.class.getResourceAsStream(ldifResource)) {
      server.importFromLDIF(true, new LDIFReader(in));
    }
    server.startListening();
    return new TestDirectory(server, searches);
  }

  /** The searches answered so far. */
  List<Search> searches() {
    return searches;
  }

  String target() {
    return "ldap://127.0.0.1:" + server.getListenPort();
  }

  /** A provider config from YAML text, with {@code TARGET} replaced by this server's URL. */
  LdapProviderConfig config(String id, String yaml) {
    return LdapProviderConfig.read(id, yaml(yaml.replace("TARGET", target())));
  }

  static JsonNode yaml(String text) {
    return YAMLMapper.builder().build().readTree(text);
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
