package dev.greenroom.catalog.gerrit;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.integrations.GerritIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Discovers Gerrit projects as Backstage's {@code GerritEntityProvider} does: Gerrit's List
 * Projects ({@code GET <baseUrl>/projects/?<query>}, {@code /a/projects/} with Basic credentials
 * when the integration has a password; the JSON behind Gerrit's {@code )]}'} line, a map from
 * project name to project) and, for each project in the answer's order, a {@code Location} entity
 * targeting {@code <gitilesBaseUrl>/<project>/+/refs/heads/<branch>/<catalogPath>} with {@code
 * presence: optional}. Without a configured branch, each project's {@code HEAD} ({@code GET
 * .../projects/<project>/HEAD}, e.g. {@code refs/heads/master}) takes its place: {@code
 * <gitilesBaseUrl>/<project>/+/<HEAD>/<catalogPath>}.
 *
 * <p>Each run replaces the provider's whole set; a run that fails (credentials refused, 5xx, a
 * timeout, an answer without the prefix, a limit) changes nothing, so the last good entities stay.
 * Errors name the provider, the integration and its host, never the password. Thread-safe.
 */
public final class GerritEntityProvider implements EntityProvider {
  private static final Logger LOG = LoggerFactory.getLogger(GerritEntityProvider.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PREFIX = ")]}'";

  private final GerritProviderConfig config;
  private final GerritIntegrationConfig integration;
  private final HttpClient client;
  private final ReadLimits limits;
  private final int maxLocations;
  private final String integrationName;
  private volatile @Nullable EntityProviderConnection connection;

  GerritEntityProvider(GerritProviderConfig config, GerritIntegrationConfig integration,
      HttpClient client, ReadLimits limits, int maxLocations) {
    this.config = config;
    this.integration = integration;
    this.client = client;
    this.limits = limits;
    this.maxLocations = maxLocations;
    this.integrationName = "Gerrit integration for " + integration.host();
  }

  /** {@code gerrit-provider:<id>}, as Backstage names it. */
  @Override
  public String name() {
    return "gerrit-provider:" + config.id();
  }

  /** The provider's config. */
  public GerritProviderConfig config() {
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
   * @throws ProcessingException when Gerrit cannot be read (nothing is changed then)
   */
  public int refresh() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to an engine");
    }
    List<DeferredEntity> entities = new ArrayList<>();
    for (Entity e : discover()) {
      entities.add(new DeferredEntity(e, name()));
    }
    c.applyMutation(EntityMutation.full(entities));
    LOG.info("{}: found {} locations", name(), entities.size());
    return entities.size();
  }

  /** The Location entities a run would commit now. */
  List<Entity> discover() {
    JsonNode projects = get(URI.create(projectsApi() + "?" + config.query()),
        "the projects of query " + config.query());
    if (!projects.isObject()) {
      throw failure("answered the project listing with JSON that is not an object of projects");
    }
    if (projects.size() > maxLocations) {
      throw new ProcessingException(ProcessingError.input(name() + ": the " + integrationName
          + " listed more than " + maxLocations + " projects for query " + config.query()
          + ", the limit"));
    }
    List<Entity> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : projects.properties()) {
      out.add(LocationEntities.url(target(p.getKey()), "optional"));
    }
    return out;
  }

  /** Backstage's {@code createLocationSpec}: the configured branch, else the project's HEAD. */
  private String target(String project) {
    String gitiles = integration.gitilesBaseUrl();
    if (config.branch() != null) {
      return gitiles + "/" + project + "/+/refs/heads/" + config.branch() + "/" + config.catalogPath();
    }
    JsonNode head = get(URI.create(projectsApi() + URLEncoder.encode(project, StandardCharsets.UTF_8)
        .replace("+", "%20") + "/HEAD"), "the HEAD of project " + project);
    if (!head.isString() || head.asString().isBlank()) {
      throw failure("answered the HEAD of project " + project + " with something other than a ref");
    }
    return gitiles + "/" + project + "/+/" + head.asString() + "/" + config.catalogPath();
  }

  /** Backstage's {@code getGerritProjectsApiUrl}: {@code /a/} when authenticated. */
  private String projectsApi() {
    return integration.baseUrl() + (integration.password() != null ? "/a/" : "/") + "projects/";
  }

  private JsonNode get(URI uri, String what) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(limits.timeout())
        .header("Accept", "application/json").GET();
    if (integration.password() != null) {
      String user = integration.username() == null ? "" : integration.username();
      rb.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + integration.password().reveal()).getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<InputStream> r;
    try {
      r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new ProcessingException(ProcessingError.general(name() + ": the " + integrationName
          + " did not answer " + what + " within " + limits.timeout()), e);
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(name() + ": asking the "
          + integrationName + " for " + what + " failed: " + e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessingException(ProcessingError.general(name() + ": interrupted"), e);
    }
    try (InputStream in = r.body()) {
      int status = r.statusCode();
      if (status == 401 || status == 403) {
        throw new ProcessingException(ProcessingError.notAllowed(name() + ": the " + integrationName
            + " answered " + status + " for " + what + ": its credentials were refused or are missing"));
      }
      if (status != 200) {
        throw failure("answered " + status + " for " + what);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
      if (bytes.length > limits.maxBytes()) {
        throw new ProcessingException(ProcessingError.input(name() + ": the " + integrationName
            + " answered " + what + " with more than " + limits.maxBytes() + " bytes, the limit"));
      }
      String body = new String(bytes, StandardCharsets.UTF_8);
      if (!body.startsWith(PREFIX)) {
        throw failure("answered " + what + " without Gerrit's JSON prefix " + PREFIX);
      }
      try {
        return JSON.readTree(body.substring(PREFIX.length()));
      } catch (RuntimeException e) {
        throw failure("answered " + what + " with invalid JSON");
      }
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(name() + ": reading the answer of the "
          + integrationName + " for " + what + " failed: " + e.getClass().getSimpleName()), e);
    }
  }

  private ProcessingException failure(String message) {
    return new ProcessingException(ProcessingError.general(name() + ": the " + integrationName
        + " " + message));
  }

  @Override
  public String toString() {
    return name() + "{host=" + integration.host() + ", query=" + config.query() + "}";
  }
}
