package dev.greenroom.scaffolder.action;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where built-in actions may connect or write outside the workspace: the remotes {@code
 * publish:git} pushes to, the URLs {@code fetch:*} reads. A template names these, so without this
 * check a template author could make the server push into a repository on its own disk ({@code
 * file:///srv/repo.git}) or talk to addresses only the server can reach ({@code
 * http://127.0.0.1:8080/}, the cloud metadata address).
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>Local targets ({@code file:} URLs and plain paths) are refused unless they lie inside an
 *       allowed file root ({@link Builder#allowFileRoot}), symbolic links resolved.
 *   <li>A host is resolved and <em>every</em> address it has must be public: loopback,
 *       link-local, private (RFC 1918, unique local IPv6), carrier-grade NAT, unspecified,
 *       multicast and reserved addresses are refused, unless the host is named in the allow-list
 *       ({@link Builder#allowHost}) exactly, as {@code host} or {@code host:port}. A wildcard entry
 *       ({@code *.example.com}) is not enough to reach a private address: a name under it that
 *       resolves to one is still refused. A host that cannot be resolved is refused.
 * </ul>
 *
 * <p>Errors are {@link ActionException}s naming the action and the host (or path) and saying how
 * to allow it. Resolution happens again when the connection is made, so a name whose DNS answer
 * changes in between (DNS rebinding) is not fully covered; hosts that matter should be allowed by
 * name and reached over TLS.
 */
public final class RemoteTargets {
  /** Resolves a host name to its addresses (the system resolver by default; tests pass their own). */
  @FunctionalInterface
  public interface Resolver {
    /**
     * Every address of {@code host}.
     *
     * @throws UnknownHostException when the host cannot be resolved
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final RemoteTargets PUBLIC_ONLY = builder().build();

  private final List<HostRule> hosts;
  private final List<Path> fileRoots;
  private final Resolver resolver;

  private RemoteTargets(Builder b) {
    this.hosts = List.copyOf(b.hosts);
    this.fileRoots = List.copyOf(b.fileRoots);
    this.resolver = b.resolver;
  }

  /** Public hosts only; no local paths. The default for every action. */
  public static RemoteTargets publicOnly() {
    return PUBLIC_ONLY;
  }

  /** A builder; nothing beyond public hosts is allowed until added. */
  public static Builder builder() {
    return new Builder();
  }

  /** The host allow-list, in {@link Builder#allowHost} form. */
  public List<String> allowedHosts() {
    return hosts.stream().map(HostRule::toString).toList();
  }

  /** The folders local targets may lie in. */
  public List<Path> allowedFileRoots() {
    return fileRoots;
  }

  /**
   * Checks that {@code action} may connect to {@code host} on {@code port}.
   *
   * @param action the action id, for the message
   * @param host a host name or IP literal (IPv6 with or without brackets)
   * @param port the port, or -1 when unknown (then only a port-less allow-list entry exempts)
   * @throws ActionException when the host resolves to a non-public address and is not allowed,
   *     or cannot be resolved
   */
  public void checkHost(String action, String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.isEmpty()) {
      throw new ActionException(action + ": the target has no host");
    }
    for (HostRule r : hosts) {
      if (!r.wildcard() && r.matches(h, port)) {
        return;
      }
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(h);
    } catch (UnknownHostException | SecurityException e) {
      throw new ActionException(action + ": cannot resolve host " + h + "; refusing to connect");
    }
    if (addresses == null || addresses.length == 0) {
      throw new ActionException(action + ": host " + h + " has no address; refusing to connect");
    }
    for (InetAddress a : addresses) {
      String why = nonPublic(a);
      if (why != null) {
        throw new ActionException(action + ": host " + h + (port < 0 ? "" : ":" + port)
            + " resolves to " + a.getHostAddress() + ", " + why + " address; refusing to connect."
            + " A deployer who means it adds the host to the action's allowed hosts");
      }
    }
  }

  /**
   * Checks that {@code action} may use the local path {@code path} (a {@code file:} target).
   *
   * @return the real path (symbolic links resolved as far as the path exists)
   * @throws ActionException when no file root is allowed or the path lies outside them
   */
  public Path checkFile(String action, String path) {
    Path p;
    try {
      p = Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ActionException(action + ": invalid local path " + path);
    }
    if (fileRoots.isEmpty()) {
      throw new ActionException(action + ": local target " + p + " is not allowed: templates may not"
          + " write to the server's disk unless the deployer allows a file root");
    }
    Path real = real(p);
    for (Path root : fileRoots) {
      if (real.startsWith(real(root))) {
        return real;
      }
    }
    throw new ActionException(action + ": local target " + p + " is outside the allowed file roots");
  }

  /** Why {@code a} is not a public address ("a loopback"), or null when it is public. */
  public static @Nullable String nonPublic(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return "a loopback";
    }
    if (a.isAnyLocalAddress()) {
      return "an unspecified";
    }
    if (a.isLinkLocalAddress()) {
      return "a link-local";
    }
    if (a.isSiteLocalAddress()) {
      return "a private";
    }
    if (a.isMulticastAddress()) {
      return "a multicast";
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) {
        return "a unique local (private)";
      }
      if (b0 == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return "a site-local";
      }
      boolean embedsV4 = true; // ::a.b.c.d (IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64)
      boolean nat64 = b0 == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b;
      for (int i = nat64 ? 4 : 0; i < 12; i++) {
        if (b[i] != 0) {
          embedsV4 = false;
          break;
        }
      }
      if (embedsV4) {
        try {
          InetAddress v4 = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
          String why = nonPublic(v4);
          return why == null ? null : why + " (embedded IPv4)";
        } catch (UnknownHostException e) {
          return "an unusable";
        }
      }
      return null;
    }
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 0) {
        return "a this-network";
      }
      if (b0 == 100 && (b1 & 0xc0) == 64) {
        return "a carrier-grade NAT (private)";
      }
      if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) {
        return "an IETF protocol";
      }
      if (b0 == 198 && (b1 == 18 || b1 == 19)) {
        return "a benchmarking";
      }
      if (b0 >= 240) {
        return "a reserved";
      }
    }
    return null;
  }

  private static Path real(Path p) {
    Path existing = p;
    @Nullable Path rest = null;
    while (existing != null) {
      try {
        Path r = existing.toRealPath();
        return rest == null ? r : r.resolve(rest).normalize();
      } catch (IOException | SecurityException e) {
        Path name = existing.getFileName();
        rest = name == null ? rest : rest == null ? name : name.resolve(rest);
        existing = existing.getParent();
      }
    }
    return p;
  }

  /** One allow-list entry: a host or {@code *.domain}, and an optional port. */
  private record HostRule(String host, int port, boolean wildcard) {
    static HostRule parse(String spec) {
      String s = spec.trim().toLowerCase(Locale.ROOT);
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty host in the allow-list");
      }
      int port = -1;
      String host = s;
      if (s.startsWith("[")) { // [::1]:port
        int close = s.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("bad allowed host " + spec);
        }
        host = s.substring(1, close);
        if (close + 1 < s.length()) {
          port = port(spec, s.substring(close + 1));
        }
      } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
        int c = s.indexOf(':');
        host = s.substring(0, c);
        port = port(spec, s.substring(c));
      }
      boolean wildcard = host.startsWith("*.");
      if (host.contains("/") || host.isEmpty() || host.substring(wildcard ? 2 : 0).contains("*")) {
        throw new IllegalArgumentException("bad allowed host " + spec
            + ": expected host, host:port or *.domain");
      }
      return new HostRule(host, port, wildcard);
    }

    private static int port(String spec, String colonPort) {
      if (!colonPort.startsWith(":")) {
        throw new IllegalArgumentException("bad allowed host " + spec);
      }
      try {
        int p = Integer.parseInt(colonPort.substring(1));
        if (p < 1 || p > 65535) {
          throw new IllegalArgumentException("bad port in allowed host " + spec);
        }
        return p;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in allowed host " + spec, e);
      }
    }

    boolean matches(String h, int p) {
      boolean hostOk = wildcard ? h.endsWith(host.substring(1)) : h.equals(host);
      return hostOk && (port < 0 || port == p);
    }

    @Override
    public String toString() {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return port < 0 ? h : h + ":" + port;
    }
  }

  /** Configures {@link RemoteTargets}. */
  public static final class Builder {
    private final List<HostRule> hosts = new ArrayList<>();
    private final List<Path> fileRoots = new ArrayList<>();
    private Resolver resolver = InetAddress::getAllByName;

    private Builder() {}

    /**
     * Allows a host even when it resolves to a loopback, link-local or private address: {@code
     * git.internal}, {@code git.internal:8443}, {@code 127.0.0.1:3000}, {@code [::1]:3000}. A
     * {@code *.domain} entry is accepted (so that {@code backend.reading.allow} lists map over)
     * but exempts no name from the address check.
     *
     * @throws IllegalArgumentException for a malformed entry
     */
    public Builder allowHost(String hostSpec) {
      hosts.add(HostRule.parse(Objects.requireNonNull(hostSpec, "hostSpec")));
      return this;
    }

    /** Allows every host in {@code hostSpecs}; see {@link #allowHost}. */
    public Builder allowHosts(List<String> hostSpecs) {
      hostSpecs.forEach(this::allowHost);
      return this;
    }

    /** Allows local targets ({@code file:} URLs, plain paths) inside {@code root}. */
    public Builder allowFileRoot(Path root) {
      fileRoots.add(Objects.requireNonNull(root, "root").toAbsolutePath().normalize());
      return this;
    }

    /** The resolver host names go through (default: the system's). */
    public Builder resolver(Resolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The policy. */
    public RemoteTargets build() {
      return new RemoteTargets(this);
    }
  }
}
