package dev.greenroom.catalog.ldap.internal;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.PEMFileKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.greenroom.catalog.ldap.LdapOrgException;
import dev.greenroom.catalog.ldap.LdapProviderConfig;
import dev.greenroom.catalog.ldap.LdapProviderConfig.SearchOptions;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the directory for one read, as Backstage's {@code LdapClient}: connect, bind
 * when configured, detect the vendor from the root DSE, and search (RFC 2696 paged results when the
 * options ask for pages). The connection runs in the SDK's synchronous mode, so it starts no
 * thread: every call runs on the caller's. Messages name the target and the bind DN, never the
 * secret. Not thread-safe; close it after the read.
 */
public final class LdapClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LdapClient.class);

  private final LDAPConnection connection;
  private final String target;
  private final @Nullable String secret;
  private final int maxEntries;

  private LdapClient(LDAPConnection connection, String target, @Nullable String secret,
      int maxEntries) {
    this.connection = connection;
    this.target = target;
    this.secret = secret;
    this.maxEntries = maxEntries;
  }

  /**
   * Connects to the provider's target and binds.
   *
   * @param timeout the connect timeout and the limit on each response
   * @param maxEntries the most entries one search may return
   * @param maxMessageBytes the largest LDAP message read
   * @throws LdapOrgException naming the target (and the bind DN when the bind fails)
   */
  public static LdapClient connect(LdapProviderConfig config, Duration timeout, int maxEntries,
      int maxMessageBytes) {
    LDAPURL url;
    try {
      url = new LDAPURL(config.target());
    } catch (LDAPException e) {
      throw new LdapOrgException("target " + config.target() + " is not an LDAP URL: "
          + e.getMessage(), e);
    }
    boolean secure = url.getScheme().equalsIgnoreCase("ldaps");
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setUseSynchronousMode(true);
    options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    options.setResponseTimeoutMillis(timeout.toMillis());
    options.setMaxMessageSize(maxMessageBytes);
    options.setFollowReferrals(false);
    LdapProviderConfig.Tls tls = config.tls();
    boolean trustAll = tls != null && Boolean.FALSE.equals(tls.rejectUnauthorized());
    SocketFactory sockets = null;
    if (secure) {
      try {
        SSLUtil ssl;
        if (tls != null && tls.certs() != null && tls.keys() != null) {
          PEMFileKeyManager keys = new PEMFileKeyManager(tls.certs().toFile(), tls.keys().toFile());
          ssl = trustAll ? new SSLUtil(keys, new TrustAllTrustManager()) : new SSLUtil(keys, null);
        } else {
          ssl = trustAll ? new SSLUtil(new TrustAllTrustManager()) : new SSLUtil();
        }
        sockets = ssl.createSSLSocketFactory();
      } catch (Exception e) {
        throw new LdapOrgException("cannot set up TLS for " + config.target() + ": "
            + e.getMessage(), e);
      }
      if (!trustAll) {
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
      }
    }
    int port = url.getPort();
    String bindSecret = config.bind() == null ? null : config.bind().secret();
    LDAPConnection c;
    try {
      c = new LDAPConnection(sockets, options, url.getHost(), port);
    } catch (LDAPException e) {
      throw new LdapOrgException(scrub("cannot connect to " + config.target() + ": "
          + connectReason(e), bindSecret), e);
    }
    LdapClient client = new LdapClient(c, config.target(), bindSecret, maxEntries);
    if (config.bind() != null) {
      try {
        c.bind(config.bind().dn(), config.bind().secret());
      } catch (LDAPException e) {
        c.close();
        throw new LdapOrgException(scrub("LDAP bind failed for " + config.bind().dn() + " at "
            + config.target() + ": " + e.getResultCode() + describe(e), bindSecret));
      }
    }
    return client;
  }

  /** The vendor the root DSE reveals, as Backstage's {@code getVendor}. */
  public LdapVendor vendor() {
    SearchResult r;
    try {
      r = connection.search(new SearchRequest("", SearchScope.BASE,
          Filter.createPresenceFilter("objectClass"), "*", "+"));
    } catch (LDAPSearchException e) {
      throw failure("reading the root DSE", e);
    }
    if (r.getEntryCount() != 1) {
      return LdapVendor.DEFAULT;
    }
    SearchResultEntry root = r.getSearchEntries().get(0);
    if (root.hasAttribute("forestFunctionality")) {
      return LdapVendor.ACTIVE_DIRECTORY;
    }
    if (root.hasAttribute("ipaDomainLevel")) {
      return LdapVendor.FREE_IPA;
    }
    if (root.hasAttribute("aeRoot")) {
      return LdapVendor.AE_DIR;
    }
    if (!root.hasAttribute("namingContexts") && !root.hasAttribute("supportedControl")
        && !root.hasAttribute("vendorName") && !root.hasAttribute("vendorVersion")
        && "cn=subschema".equals(root.getAttributeValue("subschemaSubentry"))) {
      return LdapVendor.GOOGLE;
    }
    if ("LLDAP".equals(root.getAttributeValue("vendorName"))) {
      return LdapVendor.LLDAP;
    }
    return LdapVendor.DEFAULT;
  }

  /**
   * Searches under {@code baseDn} and hands each entry to {@code sink}, page by page when the
   * options set a page size.
   *
   * @throws LdapOrgException naming the base DN and the target when the search fails or returns
   *     more than the entry limit
   */
  public void search(String baseDn, SearchOptions options, Consumer<SearchResultEntry> sink) {
    Filter filter;
    try {
      filter = options.filter() == null ? Filter.createPresenceFilter("objectClass")
          : Filter.create(options.filter());
    } catch (LDAPException e) {
      throw new LdapOrgException("LDAP search at DN \"" + baseDn + "\" on " + target
          + ": filter '" + options.filter() + "' is not an LDAP filter: " + e.getMessage(), e);
    }
    SearchRequest request = new SearchRequest(baseDn, scope(options.scope()), filter,
        options.attributes().toArray(String[]::new));
    if (options.sizeLimit() != null) {
      request.setSizeLimit(options.sizeLimit());
    }
    if (options.timeLimitSeconds() != null) {
      request.setTimeLimitSeconds(options.timeLimitSeconds());
    }
    if (options.derefAliases() != null) {
      request.setDerefPolicy(DereferencePolicy.valueOf(options.derefAliases()));
    }
    long seen = 0;
    ASN1OctetString cookie = null;
    int pages = 0;
    do {
      if (Thread.currentThread().isInterrupted()) {
        throw new LdapOrgException("LDAP search at DN \"" + baseDn + "\" on " + target
            + " was interrupted");
      }
      if (options.pageSize() != null) {
        // not critical: a server without paged results answers everything at once (within its
        // size limit, whose error then names the search)
        request.setControls(new SimplePagedResultsControl(options.pageSize(), cookie, false));
      }
      SearchResult result;
      try {
        result = connection.search(request);
      } catch (LDAPSearchException e) {
        throw failure("search at DN \"" + baseDn + "\"", e);
      }
      pages++;
      for (SearchResultEntry entry : result.getSearchEntries()) {
        if (++seen > maxEntries) {
          throw new LdapOrgException("LDAP search at DN \"" + baseDn + "\" on " + target
              + " returned more than " + maxEntries + " entries (the provider's limit)");
        }
        sink.accept(entry);
      }
      if (result.getReferenceCount() > 0) {
        LOG.warn("LDAP search at DN \"{}\" on {}: {} search referral(s) not followed", baseDn,
            target, result.getReferenceCount());
      }
      cookie = null;
      if (options.pageSize() != null) {
        try {
          SimplePagedResultsControl page = SimplePagedResultsControl.get(result);
          if (page != null && page.moreResultsToReturn()) {
            cookie = page.getCookie();
          }
        } catch (LDAPException e) {
          throw failure("search at DN \"" + baseDn + "\" (paged results control)", e);
        }
      }
    } while (cookie != null);
    LOG.debug("LDAP search at DN \"{}\" on {}: {} entries in {} page(s)", baseDn, target, seen,
        pages);
  }

  /** The cause of a failed connect in a few words: TLS, refused, timed out, or the SDK's text. */
  private static String connectReason(LDAPException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof javax.net.ssl.SSLException) {
        return "TLS handshake failed: " + t.getMessage() + " (is the server's certificate signed"
            + " by a CA in the JVM's trust store? tls.rejectUnauthorized: false skips the check,"
            + " for tests only)";
      }
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
    }
    String diag = e.getDiagnosticMessage();
    return e.getResultCode() + (diag == null || diag.isBlank() ? "" : " (" + diag + ")");
  }

  private static SearchScope scope(String s) {
    return switch (s) {
      case "base" -> SearchScope.BASE;
      case "sub" -> SearchScope.SUB;
      case "children" -> SearchScope.SUBORDINATE_SUBTREE;
      default -> SearchScope.ONE;
    };
  }

  private LdapOrgException failure(String what, LDAPException e) {
    String reason = e.getResultCode() == ResultCode.SERVER_DOWN
        || e.getResultCode() == ResultCode.CONNECT_ERROR ? "the server is unreachable ("
        + e.getResultCode() + ")" : e.getResultCode() + describe(e);
    return new LdapOrgException(scrub("LDAP " + what + " on " + target + " failed: " + reason,
        secret), e);
  }

  private static String describe(LDAPException e) {
    String diag = e.getDiagnosticMessage();
    return diag == null || diag.isBlank() ? "" : " (" + diag + ")";
  }

  /** Removes a secret from a message, should a server ever echo it. */
  static String scrub(String message, @Nullable String secret) {
    return secret == null || secret.isEmpty() ? message : message.replace(secret, "<secret>");
  }

  @Override
  public void close() {
    connection.close();
  }
}
