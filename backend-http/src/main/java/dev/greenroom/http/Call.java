package dev.greenroom.http;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpHeaders;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One routed request with its response: decoded path and query parameters, the caller and its
 * permissions, the JSON body (size-limited), and the ways to answer.
 */
public final class Call {
  /** The content type of every JSON answer. */
  public static final String JSON = "application/json; charset=utf-8";

  /** How much of a too-large body is read and dropped before it is refused. */
  private static final long MAX_DRAIN = 16L * 1024 * 1024;

  private static final Pattern JSON_TYPE = Pattern.compile("^application/json($|;)");

  private final ApiRequest request;
  private final ApiResponse response;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> query;
  private final Principal principal;
  private final PermissionPolicy policy;
  private final long maxBody;
  private int status;

  Call(
      ApiRequest request,
      ApiResponse response,
      Map<String, String> pathParams,
      Map<String, List<String>> query,
      Principal principal,
      PermissionPolicy policy,
      long maxBody) {
    this.request = request;
    this.response = response;
    this.pathParams = pathParams;
    this.query = query;
    this.principal = principal;
    this.policy = policy;
    this.maxBody = maxBody;
  }

  /** The request method. */
  public String method() {
    return request.method();
  }

  /** The original request URL: encoded path plus query, as Backstage's error bodies show it. */
  public String url() {
    String q = request.rawQuery();
    return q == null ? request.rawPath() : request.rawPath() + "?" + q;
  }

  /** The request headers. */
  public HttpHeaders headers() {
    return request.headers();
  }

  /** A decoded path parameter of the route template. */
  public String path(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no path parameter " + name);
    }
    return v;
  }

  /** Every value of a query parameter, decoded, in order; empty when absent. */
  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The first value of a query parameter, or null. */
  public @Nullable String query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The decoded query parameters, in order of first appearance. */
  public Map<String, List<String>> queryParams() {
    return query;
  }

  /** The authenticated caller. */
  public Principal principal() {
    return principal;
  }

  /**
   * The permission policy's decision for the caller; a conditional decision on a permission that
   * does not concern entities counts as a denial.
   */
  public PermissionDecision decide(Permission permission) {
    PermissionDecision d = policy.decide(principal, permission);
    if (d instanceof PermissionDecision.Conditional && !permission.entityResource()) {
      return PermissionDecision.deny();
    }
    return d;
  }

  /**
   * True when the caller may read {@code entity}: {@link Permission#ENTITY_READ} allowed, or
   * conditional with a filter the entity matches. Plugins that show entities (TechDocs, the
   * scaffolder's templates) answer 404 for one the caller may not read, as the catalog does.
   */
  public boolean mayRead(Entity entity) {
    PermissionDecision d = decide(Permission.ENTITY_READ);
    if (d instanceof PermissionDecision.Deny) {
      return false;
    }
    if (d instanceof PermissionDecision.Conditional c) {
      return EntityFilters.matches(c.filter(), EntityFilters.indexOf(SearchIndex.rows(entity)));
    }
    return true;
  }

  /** Throws 403 unless the caller has {@code permission} unconditionally. */
  public void require(Permission permission) {
    if (!(decide(permission) instanceof PermissionDecision.Allow)) {
      throw ApiException.notAllowed("You are not allowed to perform this action (" + permission.backstageName() + ")");
    }
  }

  /** True when the request declares a JSON body ({@code ^application/json($|;)}). */
  public boolean hasJsonContentType() {
    Optional<String> ct = request.headers().firstValue("content-type");
    return ct.isPresent() && JSON_TYPE.matcher(ct.get().trim().toLowerCase(java.util.Locale.ROOT)).find();
  }

  /** The raw body, at most the configured limit (413 beyond). */
  public byte[] bodyBytes() throws IOException {
    return bodyBytes(maxBody);
  }

  /**
   * The raw body, at most {@code limit} bytes (413 beyond): for the few routes whose bodies are
   * larger by nature than the server's limit, such as a dry run's template files.
   */
  public byte[] bodyBytes(long limit) throws IOException {
    if (limit <= 0) {
      throw new IllegalArgumentException("body limit must be positive");
    }
    OptionalLong declared = contentLength();
    try (InputStream in = request.body()) {
      if (declared.present && declared.value > limit) {
        throw drainThenRefuse(in, limit, buf());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = buf();
      long total = 0;
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > limit) {
          throw drainThenRefuse(in, limit, buf);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static byte[] buf() {
    return new byte[8192];
  }

  /**
   * Reads and drops what is left of a body that is too large, up to {@link #MAX_DRAIN} bytes, so
   * the client (still sending) reads the 413 instead of a reset connection; a larger body is cut.
   */
  private static ApiException drainThenRefuse(InputStream in, long limit, byte[] buf) {
    try {
      long drained = 0;
      int n;
      while (drained < MAX_DRAIN && (n = in.read(buf)) != -1) {
        drained += n;
      }
    } catch (IOException e) {
      // the client went away; the answer goes nowhere either
    }
    return tooLarge(limit);
  }

  private static ApiException tooLarge(long limit) {
    return ApiException.tooLarge("Request body is larger than the limit of " + limit + " bytes");
  }

  private record OptionalLong(boolean present, long value) {}

  private OptionalLong contentLength() {
    Optional<String> cl = request.headers().firstValue("content-length");
    if (cl.isEmpty()) {
      return new OptionalLong(false, 0);
    }
    try {
      return new OptionalLong(true, Long.parseLong(cl.get().trim()));
    } catch (NumberFormatException e) {
      throw ApiException.input("Invalid Content-Length header");
    }
  }

  /**
   * The JSON body the way {@code express.json()} reads it: without a JSON content type, or when
   * empty, an empty object; malformed JSON answers 400.
   */
  public JsonNode jsonBody() throws IOException {
    return jsonBody(maxBody);
  }

  /** As {@link #jsonBody()}, with a body limit of {@code limit} bytes for this route. */
  public JsonNode jsonBody(long limit) throws IOException {
    byte[] bytes = bodyBytes(limit);
    if (!hasJsonContentType() || isBlank(bytes)) {
      return Json.object();
    }
    return parse(bytes);
  }

  /**
   * The JSON body with Backstage's strict checks ({@code POST /locations}, {@code
   * /analyze-location}): content type present and JSON, a non-empty object.
   *
   * @throws ApiException 400 with Backstage's texts
   */
  public JsonNode strictJsonBody() throws IOException {
    Optional<String> ct = request.headers().firstValue("content-type");
    if (ct.isEmpty()) {
      throw ApiException.input("Content-Type missing");
    }
    if (!hasJsonContentType()) {
      throw ApiException.input("Illegal Content-Type");
    }
    return strictJsonBody(jsonBody());
  }

  /**
   * Backstage's strict checks on a body already read with {@link #jsonBody()}: content type
   * present and JSON, a non-empty object. For routes that must tell a body that is not JSON (the
   * standard error body) from one of the wrong shape.
   *
   * @throws ApiException 400 with Backstage's texts
   */
  public JsonNode strictJsonBody(JsonNode parsed) {
    Optional<String> ct = request.headers().firstValue("content-type");
    if (ct.isEmpty()) {
      throw ApiException.input("Content-Type missing");
    }
    if (!hasJsonContentType()) {
      throw ApiException.input("Illegal Content-Type");
    }
    if (!parsed.isObject()) {
      throw ApiException.input("Expected body to be a JSON object");
    }
    if (parsed.isEmpty()) {
      throw ApiException.input("Empty request body");
    }
    return parsed;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      JsonNode n = Json.mapper().readTree(bytes);
      if (n == null || n.isMissingNode()) {
        return Json.object();
      }
      return n;
    } catch (JacksonException e) {
      throw ApiException.input("Malformed JSON body: " + firstLine(e.getOriginalMessage()));
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "could not be parsed";
    }
    int nl = s.indexOf('\n');
    String t = nl < 0 ? s : s.substring(0, nl);
    return t.length() > 200 ? t.substring(0, 200) : t;
  }

  /** Sets a response header. */
  public void header(String name, String value) {
    response.setHeader(name, value);
  }

  /** Adds a response header beside others of the same name (several {@code Set-Cookie}s). */
  public void addHeader(String name, String value) {
    response.addHeader(name, value);
  }

  /**
   * The value of the request cookie {@code name} ({@code Cookie} headers, RFC 6265 pairs), or null
   * when absent. The value is returned as sent, surrounding double quotes removed.
   */
  public @Nullable String cookie(String name) {
    for (String header : request.headers().allValues("cookie")) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          String v = pair.substring(eq + 1).trim();
          if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
          }
          return v;
        }
      }
    }
    return null;
  }

  /** Answers with a JSON document. */
  public void json(int status, JsonNode body) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    bytes(status, JSON, bytes);
  }

  /** Answers with bytes of a content type. */
  public void bytes(int status, String contentType, byte[] body) throws IOException {
    this.status = status;
    response.setHeader("Content-Type", contentType);
    try (OutputStream out = response.commit(status, body.length)) {
      out.write(body);
    }
  }

  /** Answers with a status and no body ({@code 204}, or Backstage's empty {@code 200}). */
  public void empty(int status) throws IOException {
    this.status = status;
    response.commitEmpty(status);
  }

  /**
   * Starts a streamed JSON answer; the caller writes the document and closes the stream. Nothing
   * is buffered beyond the stream's own buffer.
   */
  public OutputStream stream(int status) throws IOException {
    return stream(status, JSON);
  }

  /**
   * Starts a streamed answer of any content type, for example {@code text/event-stream} for
   * server-sent events. Each {@code flush()} of the returned stream sends what was written so far
   * to the client as one chunk; closing it ends the response.
   */
  public OutputStream stream(int status, String contentType) throws IOException {
    this.status = status;
    response.setHeader("Content-Type", contentType);
    return response.commit(status, -1);
  }

  int status() {
    return status;
  }

  boolean committed() {
    return response.committed();
  }
}
