package dev.greenroom.catalog.msgraph;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Microsoft Graph for tests, written from Graph's v1.0 reference: the Microsoft identity
 * platform's client-credentials token endpoint ({@code /{tenant}/oauth2/v2.0/token}) and {@code
 * /v1.0/users}, {@code /v1.0/groups}, {@code /v1.0/groups/{id}/members} (and its {@code
 * microsoft.graph.user} cast), {@code /v1.0/organization/{id}}, {@code /v1.0/users/{id}/photos}
 * and {@code .../photos/{size}/$value}, over a tenant kept in a JSON file of the test resources.
 * Query options: {@code $select}, {@code $filter} ({@code eq} on strings and booleans, {@code
 * startswith}, joined by {@code and}), {@code $search} (only with {@code ConsistencyLevel:
 * eventual}, as Graph demands), {@code $count}, {@code $top} (at most 999) and {@code
 * $skiptoken} paging through {@code @odata.nextLink}, in pages no larger than {@link #maxPage}.
 * Errors in Graph's JSON shape. Started on 127.0.0.1 by the test. Published in this module's
 * test-jar for hosts' tests.
 */
public final class FakeGraph implements AutoCloseable {
  public static final String TENANT = "a1b2c3d4-0000-4000-8000-000000000001";
  public static final String CLIENT_ID = "7f0e1d2c-3b4a-4958-8675-a1b2c3d4e5f6";
  public static final String CLIENT_SECRET = "Zx8Q~fake.client-secret_value";

  /** A request the fake answered. */
  record Request(String method, String path, Map<String, String> query, String consistencyLevel) {}

  final HttpServer server;
  final ObjectNode tenant;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger tokensIssued = new AtomicInteger();
  final Set<String> tokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
  volatile int maxPage = 1000;
  volatile int failWith;
  /** The next this many Graph requests are throttled: 429 with {@link #retryAfter}. */
  final AtomicInteger throttleNext = new AtomicInteger();
  volatile String retryAfter = "1";
  /** When set, nextLinks point at this origin instead of the fake's own. */
  volatile String nextLinkOrigin;

  /** Starts the fake over the tenant in a test resource ({@code /graph/contoso.json}). */
  public FakeGraph(String resource) throws IOException {
    try (InputStream in = FakeGraph.class.getResourceAsStream(resource)) {
      tenant = (ObjectNode) Json.mapper().readTree(in);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}: the authority; the target is this plus {@code /v1.0}. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A provider config pointing at this fake, with extra YAML lines. */
  MicrosoftGraphProviderConfig config(String id, String extraYaml) {
    return config(id, CLIENT_SECRET, extraYaml);
  }

  MicrosoftGraphProviderConfig config(String id, String secret, String extraYaml) {
    return MicrosoftGraphProviderConfig.read(id, providerNode(secret, extraYaml));
  }

  /** The provider's config object, as app-config.yaml would hold it. */
  JsonNode providerNode(String secret, String extraYaml) {
    String yaml = "target: " + base() + "/v1.0\n"
        + "authority: " + base() + "\n"
        + "tenantId: " + TENANT + "\n"
        + "clientId: " + CLIENT_ID + "\n"
        + "clientSecret: '" + secret + "'\n" + extraYaml;
    return tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(yaml);
  }

  List<Request> requestsTo(String pathPrefix) {
    return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---- routing

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> query = parse(ex.getRequestURI().getRawQuery());
      String consistency = ex.getRequestHeaders().getFirst("ConsistencyLevel");
      requests.add(new Request(ex.getRequestMethod(), path, query,
          consistency == null ? "" : consistency));
      if (path.endsWith("/oauth2/v2.0/token")) {
        token(ex, path);
        return;
      }
      if (!path.startsWith("/v1.0/")) {
        graphError(ex, 400, "BadRequest", "Invalid version: " + path);
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
        graphError(ex, 401, "InvalidAuthenticationToken", auth == null
            ? "Access token is empty." : "Access token validation failure. Invalid audience.");
        return;
      }
      if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ex.getResponseHeaders().set("Retry-After", retryAfter);
        graphError(ex, 429, "TooManyRequests", "Too many requests.");
        return;
      }
      if (failWith != 0) {
        graphError(ex, failWith, "serviceNotAvailable", "The service is temporarily unavailable.");
        return;
      }
      List<String> seg = List.of(path.substring("/v1.0/".length()).split("/"));
      if (seg.size() == 1 && seg.get(0).equals("users")) {
        collection(ex, query, consistency, objects("users"), "users");
      } else if (seg.size() == 1 && seg.get(0).equals("groups")) {
        collection(ex, query, consistency, objects("groups"), "groups");
      } else if (seg.size() == 2 && seg.get(0).equals("organization")) {
        if (!seg.get(1).equals(TENANT)) {
          graphError(ex, 404, "Request_ResourceNotFound", "Resource '" + seg.get(1)
              + "' does not exist or one of its queried reference-property objects are not present.");
          return;
        }
        ObjectNode org = (ObjectNode) tenant.get("organization").deepCopy();
        org.put("@odata.context", base() + "/v1.0/$metadata#organization/$entity");
        send(ex, 200, org);
      } else if (seg.size() >= 3 && seg.get(0).equals("groups") && seg.get(2).equals("members")) {
        JsonNode ids = tenant.path("members").path(seg.get(1));
        if (findById("groups", seg.get(1)) == null) {
          graphError(ex, 404, "Request_ResourceNotFound", "Resource '" + seg.get(1)
              + "' does not exist or one of its queried reference-property objects are not present.");
          return;
        }
        boolean usersOnly = seg.size() == 4 && seg.get(3).equals("microsoft.graph.user");
        List<ObjectNode> members = new ArrayList<>();
        for (JsonNode id : ids) {
          ObjectNode user = findById("users", id.asString());
          ObjectNode group = findById("groups", id.asString());
          if (user != null) {
            ObjectNode m = user.deepCopy();
            m.put("@odata.type", "#microsoft.graph.user");
            members.add(m);
          } else if (group != null && !usersOnly) {
            ObjectNode m = group.deepCopy();
            m.put("@odata.type", "#microsoft.graph.group");
            members.add(m);
          }
        }
        collection(ex, query, consistency, members, "directoryObjects");
      } else if (seg.size() == 3 && seg.get(0).equals("users") && seg.get(2).equals("photos")) {
        if (!tenant.path("photos").has(seg.get(1))) {
          graphError(ex, 404, "ImageNotFound", "Exception of type "
              + "'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.");
          return;
        }
        ObjectNode body = Json.object();
        body.put("@odata.context", base() + "/v1.0/$metadata#users('" + seg.get(1) + "')/photos");
        ArrayNode value = body.putArray("value");
        for (String sizeId : tenant.path("photos").path(seg.get(1)).propertyNames()) {
          int size = Integer.parseInt(sizeId.substring(0, sizeId.indexOf('x')));
          ObjectNode p = value.addObject();
          p.put("@odata.mediaContentType", "image/jpeg");
          p.put("id", sizeId);
          p.put("height", size);
          p.put("width", size);
        }
        send(ex, 200, body);
      } else if (seg.size() == 5 && seg.get(0).equals("users") && seg.get(2).equals("photos")
          && seg.get(4).equals("$value")) {
        String file = tenant.path("photos").path(seg.get(1)).path(seg.get(3)).asString("");
        if (file.isEmpty()) {
          graphError(ex, 404, "ImageNotFound", "The photo wasn't found.");
          return;
        }
        byte[] bytes;
        try (InputStream in = FakeGraph.class.getResourceAsStream("/graph/" + file)) {
          bytes = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Type", "image/jpeg");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
      } else {
        graphError(ex, 400, "BadRequest", "Resource not found for the segment '" + seg.get(0)
            + "'.");
      }
    } catch (RuntimeException e) {
      graphError(ex, 500, "InternalServerError", e.toString());
    }
  }

  // ---- identity platform

  private void token(HttpExchange ex, String path) throws IOException {
    Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(),
        StandardCharsets.UTF_8));
    String tenantId = path.split("/")[1];
    if (!ex.getRequestMethod().equals("POST")) {
      tokenError(ex, 405, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.");
    } else if (!tenantId.equals(TENANT)) {
      tokenError(ex, 400, "invalid_request", "AADSTS90002: Tenant '" + tenantId + "' not found.");
    } else if (!"client_credentials".equals(form.get("grant_type"))) {
      tokenError(ex, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported"
          + " grant type.");
    } else if (!CLIENT_ID.equals(form.get("client_id"))) {
      tokenError(ex, 400, "unauthorized_client", "AADSTS700016: Application with identifier '"
          + form.get("client_id") + "' was not found in the directory.");
    } else if (!CLIENT_SECRET.equals(form.get("client_secret"))) {
      tokenError(ex, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided."
          + " Ensure the secret being sent in the request is the client secret value, not the"
          + " client secret ID, for a secret added to app '" + CLIENT_ID + "'.\r\nTrace ID: "
          + UUID.randomUUID());
    } else if (form.get("scope") == null || !form.get("scope").endsWith("/.default")) {
      tokenError(ex, 400, "invalid_scope", "AADSTS1002012: The provided value for scope "
          + form.get("scope") + " is not valid. Client credential flows must have a scope value"
          + " with /.default suffixed to the resource identifier (application ID URI).");
    } else {
      String token = "eyJ0eXAiOiJKV1Qi." + UUID.randomUUID();
      tokens.add(token);
      tokensIssued.incrementAndGet();
      ObjectNode body = Json.object();
      body.put("token_type", "Bearer");
      body.put("expires_in", 3599);
      body.put("ext_expires_in", 3599);
      body.put("access_token", token);
      send(ex, 200, body);
    }
  }

  private void tokenError(HttpExchange ex, int status, String error, String description)
      throws IOException {
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put("error_description", description);
    body.putArray("error_codes").add(Integer.parseInt(
        description.substring("AADSTS".length(), description.indexOf(':'))));
    body.put("trace_id", UUID.randomUUID().toString());
    body.put("correlation_id", UUID.randomUUID().toString());
    send(ex, status, body);
  }

  // ---- collections

  private List<ObjectNode> objects(String kind) {
    List<ObjectNode> out = new ArrayList<>();
    tenant.path(kind).forEach(n -> out.add((ObjectNode) n));
    return out;
  }

  private ObjectNode findById(String kind, String id) {
    for (JsonNode n : tenant.path(kind)) {
      if (n.path("id").asString("").equals(id)) {
        return (ObjectNode) n;
      }
    }
    return null;
  }

  private void collection(HttpExchange ex, Map<String, String> q, String consistency,
      List<ObjectNode> all, String entitySet) throws IOException {
    boolean eventual = "eventual".equalsIgnoreCase(consistency);
    if (q.containsKey("$search") && !eventual) {
      graphError(ex, 400, "Request_UnsupportedQuery", "Request with $search query parameter only"
          + " works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
      return;
    }
    if (q.containsKey("$count") && !eventual) {
      graphError(ex, 400, "Request_BadRequest", "$count is not currently supported.");
      return;
    }
    int top = 100;
    if (q.containsKey("$top")) {
      top = Integer.parseInt(q.get("$top"));
      if (top < 1 || top > 999) {
        graphError(ex, 400, "Request_UnsupportedQuery", "Invalid page size specified: '" + top
            + "'. Must be between 1 and 999 inclusive.");
        return;
      }
    }
    Predicate<JsonNode> match = o -> true;
    if (q.containsKey("$filter")) {
      match = filter(q.get("$filter"));
      if (match == null) {
        graphError(ex, 400, "Request_UnsupportedQuery", "Unsupported Query.");
        return;
      }
    }
    if (q.containsKey("$search")) {
      match = match.and(search(q.get("$search")));
    }
    List<ObjectNode> hits = all.stream().filter(match).toList();
    int offset = q.containsKey("$skiptoken") ? Integer.parseInt(new String(
        Base64.getUrlDecoder().decode(q.get("$skiptoken")), StandardCharsets.UTF_8)) : 0;
    int size = Math.min(top, maxPage);
    List<ObjectNode> page = hits.subList(Math.min(offset, hits.size()),
        Math.min(offset + size, hits.size()));
    ObjectNode body = Json.object();
    body.put("@odata.context", base() + "/v1.0/$metadata#" + entitySet);
    if ("true".equals(q.get("$count"))) {
      body.put("@odata.count", hits.size());
    }
    ArrayNode value = body.putArray("value");
    List<String> select = q.containsKey("$select")
        ? List.of(q.get("$select").split(",")) : List.of();
    for (ObjectNode o : page) {
      if (select.isEmpty()) {
        value.add(o.deepCopy());
      } else {
        ObjectNode p = value.addObject();
        if (o.has("@odata.type")) {
          p.set("@odata.type", o.get("@odata.type"));
        }
        for (String s : select) {
          if (o.has(s.trim())) {
            p.set(s.trim(), o.get(s.trim()));
          }
        }
      }
    }
    if (offset + size < hits.size()) {
      StringBuilder next = new StringBuilder(nextLinkOrigin != null ? nextLinkOrigin : base())
          .append(ex.getRequestURI().getRawPath());
      char sep = '?';
      for (Map.Entry<String, String> e : q.entrySet()) {
        if (!e.getKey().equals("$skiptoken")) {
          next.append(sep).append(e.getKey()).append('=').append(enc(e.getValue()));
          sep = '&';
        }
      }
      next.append(sep).append("$skiptoken=").append(Base64.getUrlEncoder().withoutPadding()
          .encodeToString(String.valueOf(offset + size).getBytes(StandardCharsets.UTF_8)));
      body.put("@odata.nextLink", next.toString());
    }
    send(ex, 200, body);
  }

  private static final Pattern EQ_STRING = Pattern.compile("(\\w+) eq '((?:[^']|'')*)'");
  private static final Pattern EQ_BOOL = Pattern.compile("(\\w+) eq (true|false)");
  private static final Pattern STARTS = Pattern.compile("startswith\\((\\w+), ?'((?:[^']|'')*)'\\)");

  /** The filters this fake understands; null for anything else. */
  static Predicate<JsonNode> filter(String f) {
    Predicate<JsonNode> all = o -> true;
    for (String term : f.split("(?i) and ")) {
      term = term.trim();
      Matcher m;
      if ((m = EQ_STRING.matcher(term)).matches()) {
        String field = m.group(1);
        String v = m.group(2).replace("''", "'");
        all = all.and(o -> o.path(field).asString("").equalsIgnoreCase(v));
      } else if ((m = EQ_BOOL.matcher(term)).matches()) {
        String field = m.group(1);
        boolean v = Boolean.parseBoolean(m.group(2));
        all = all.and(o -> o.path(field).isBoolean() && o.path(field).asBoolean() == v);
      } else if ((m = STARTS.matcher(term)).matches()) {
        String field = m.group(1);
        String v = m.group(2).replace("''", "'").toLowerCase(Locale.ROOT);
        all = all.and(o -> o.path(field).asString("").toLowerCase(Locale.ROOT).startsWith(v));
      } else {
        return null;
      }
    }
    return all;
  }

  /** {@code "property:term"} clauses joined by OR: a word of the property starts with the term. */
  static Predicate<JsonNode> search(String s) {
    Predicate<JsonNode> any = o -> false;
    for (String clause : s.split(" OR ")) {
      String c = clause.trim().replaceAll("^\"|\"$", "");
      int colon = c.indexOf(':');
      String field = c.substring(0, colon);
      String termValue = c.substring(colon + 1).toLowerCase(Locale.ROOT);
      any = any.or(o -> {
        for (String word : o.path(field).asString("").toLowerCase(Locale.ROOT).split("\\W+")) {
          if (word.startsWith(termValue)) {
            return true;
          }
        }
        return false;
      });
    }
    return any;
  }

  // ---- helpers

  private void graphError(HttpExchange ex, int status, String code, String message)
      throws IOException {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    ObjectNode inner = error.putObject("innerError");
    inner.put("date", "2026-12-07T12:00:00");
    inner.put("request-id", UUID.randomUUID().toString());
    send(ex, status, body);
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json;odata.metadata=minimal");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static Map<String, String> parse(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
