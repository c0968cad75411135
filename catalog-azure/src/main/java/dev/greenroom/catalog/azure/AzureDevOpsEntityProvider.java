package dev.greenroom.catalog.azure;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.azure.AzureUrlReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discovers catalog files in Azure DevOps repositories as Backstage's {@code
 * AzureDevOpsEntityProvider} does: Azure DevOps code search ({@code POST
 * <search>/<organization>/_apis/search/codesearchresults?api-version=6.0-preview.1}, where the
 * search service is {@code https://almsearch.dev.azure.com} for {@code dev.azure.com} and {@code
 * *.visualstudio.com}, {@code https://<host>} for Azure DevOps Server) with the search text {@code
 * path:<path> repo:<repository> proj:<project>}, ordered by path, 1000 results a page, the {@code
 * Branch} filter when a branch is configured. Each file found becomes a {@code Location} entity
 * targeting {@code https://<host>/<organization>/<project>/_git/<repository>?path=<path>} (plus
 * {@code &version=GB<branch>} with a branch), URI-encoded as JavaScript's {@code encodeURI},
 * {@code presence: required}, duplicates dropped.
 *
 * <p>Each run replaces the provider's whole set; a run that fails (credentials refused, which
 * Azure answers with 401 or a 203 sign-in page, 5xx, 429, a timeout, a limit) changes nothing, so
 * the last good entities stay. Errors name the provider, the integration and its host, never the
 * credential. Thread-safe.
 */
public final class AzureDevOpsEntityProvider implements EntityProvider {
  private static final Logger LOG = LoggerFactory.getLogger(AzureDevOpsEntityProvider.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Results asked a page, as Backstage asks. */
  static final int PAGE_SIZE = 1000;
  /** The code search API version Backstage asks for. */
  static final String API_VERSION = "6.0-preview.1";

  private final AzureDevOpsProviderConfig config;
  private final AzureUrlReader credentials;
  private final HttpClient client;
  private final ReadLimits limits;
  private final int maxLocations;
  private final String integration;
  private volatile @Nullable EntityProviderConnection connection;

  AzureDevOpsEntityProvider(AzureDevOpsProviderConfig config, AzureUrlReader credentials,
      HttpClient client, ReadLimits limits, int maxLocations) {
    this.config = config;
    this.credentials = credentials;
    this.client = client;
    this.limits = limits;
    this.maxLocations = maxLocations;
    this.integration = "Azure integration for " + config.host();
  }

  /** {@code AzureDevOpsEntityProvider:<id>}, as Backstage names it. */
  @Override
  public String name() {
    return "AzureDevOpsEntityProvider:" + config.id();
  }

  /** The provider's config. */
  public AzureDevOpsProviderConfig config() {
    return config;
  }

  @Override
  public void connect(EntityProviderConnection connection) {
    this.connection = connection;
  }

  /**
   * Runs discovery once and replaces the provider's entities with the Locations found.
   *
   * @return how many Locations were committed
   * @throws IllegalStateException before {@link #connect}
   * @throws ProcessingException when code search fails (nothing is changed then)
   */
  public int refresh() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to an engine");
    }
    LOG.info("{}: discovering Azure DevOps catalog files", name());
    List<DeferredEntity> entities = new ArrayList<>();
    for (Entity e : discover()) {
      entities.add(new DeferredEntity(e, name()));
    }
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: committed {} locations for Azure DevOps catalog files", name(), entities.size());
    return entities.size();
  }

  /** The Location entities a run would commit now. */
  List<Entity> discover() {
    Set<String> targets = new LinkedHashSet<>();
    for (JsonNode file : search()) {
      targets.add(target(file));
    }
    List<Entity> out = new ArrayList<>();
    for (String t : targets) {
      out.add(LocationEntities.url(t, "required"));
    }
    return out;
  }

  /** The search service's base URL, as Backstage picks it. */
  String searchBaseUrl() {
    if (config.searchBaseUrl() != null) {
      return config.searchBaseUrl();
    }
    String host = config.host();
    boolean cloud = host.equals("dev.azure.com") || host.endsWith(".visualstudio.com");
    return cloud ? "https://almsearch.dev.azure.com" : "https://" + host;
  }

  /** Every search result, page by page. */
  private List<JsonNode> search() {
    URI uri = URI.create(searchBaseUrl() + "/" + pathSegment(config.organization())
        + "/_apis/search/codesearchresults?api-version=" + API_VERSION);
    String what = "code search " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; ; page++) {
      ObjectNode body = JSON.createObjectNode();
      body.put("searchText", "path:" + config.path() + " repo:" + config.repository()
          + " proj:" + config.project());
      ObjectNode order = body.putArray("$orderBy").addObject();
      order.put("field", "path");
      order.put("sortOrder", "ASC");
      body.put("$skip", items.size());
      body.put("$top", PAGE_SIZE);
      if (config.branch() != null) {
        body.putObject("filters").putArray("Branch").add(config.branch());
      }
      JsonNode answer = post(uri, body, what);
      JsonNode results = answer.path("results");
      if (!results.isArray() || !answer.path("count").isNumber()) {
        throw failure("answered " + what + " without count and results");
      }
      results.forEach(items::add);
      if (items.size() > maxLocations) {
        throw new ProcessingException(ProcessingError.input(name() + ": " + what + " on the "
            + integration + " found more than " + maxLocations + " catalog files, the limit"));
      }
      long count = answer.path("count").asLong();
      if (count <= items.size()) {
        return items;
      }
      if (results.isEmpty()) {
        throw failure("answered " + what + " with count " + count + " but no results after "
            + items.size());
      }
    }
  }

  private JsonNode post(URI uri, JsonNode body, String what) {
    Map<String, String> headers = credentials.credentialHeaders(config.organization(), what);
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(limits.timeout())
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    headers.forEach(rb::header);
    HttpResponse<InputStream> r;
    try {
      r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new ProcessingException(ProcessingError.general(name() + ": " + what + " on the "
          + integration + " did not answer within " + limits.timeout()), e);
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(name() + ": " + what + " on the "
          + integration + " failed: " + e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessingException(ProcessingError.general(name() + ": interrupted"), e);
    }
    try (InputStream in = r.body()) {
      int status = r.statusCode();
      if (status == 401 || status == 403 || status == 203) {
        // Azure answers a refused token on Services with 203 and a sign-in page
        throw new ProcessingException(ProcessingError.notAllowed(name() + ": " + what
            + " answered " + status + ": the credentials of the " + integration
            + " were refused or are missing"));
      }
      if (status != 200) {
        throw failure("answered " + what + " with status " + status
            + " (Azure DevOps search failed with response status " + status + ")");
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
      if (bytes.length > limits.maxBytes()) {
        throw new ProcessingException(ProcessingError.input(name() + ": the " + integration
            + " answered " + what + " with more than " + limits.maxBytes() + " bytes, the limit"));
      }
      try {
        return JSON.readTree(bytes);
      } catch (RuntimeException e) {
        throw failure("answered " + what + " with invalid JSON");
      }
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(name() + ": reading the answer of "
          + what + " on the " + integration + " failed: " + e.getClass().getSimpleName()), e);
    }
  }

  private ProcessingException failure(String message) {
    return new ProcessingException(ProcessingError.general(name() + ": the " + integration + " "
        + message));
  }

  /** Backstage's {@code createObjectUrl}: the file's browser URL, through {@code encodeURI}. */
  private String target(JsonNode file) {
    String project = file.path("project").path("name").asString("");
    String repo = file.path("repository").path("name").asString("");
    String path = file.path("path").asString("");
    if (project.isEmpty() || repo.isEmpty() || path.isEmpty()) {
      throw failure("answered a code search result without project.name, repository.name or path");
    }
    String url = "https://" + config.host() + "/" + config.organization() + "/" + project
        + "/_git/" + repo + "?path=" + path;
    if (config.branch() != null) {
      url += "&version=GB" + config.branch();
    }
    return encodeUri(url);
  }

  /** JavaScript's {@code encodeURI}: UTF-8 percent-encoding of all but the URI's own characters. */
  static String encodeUri(String s) {
    StringBuilder b = new StringBuilder();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || ";,/?:@&=+$-_.!~*'()#".indexOf(c) >= 0)) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  private static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return name() + "{host=" + config.host() + ", organization=" + config.organization()
        + ", project=" + config.project() + "}";
  }
}
