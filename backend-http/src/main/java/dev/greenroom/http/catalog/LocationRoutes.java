package dev.greenroom.http.catalog;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.DryRunResult;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.ScmLocationAnalyzer;
import dev.greenroom.catalog.processing.state.DuplicateLocationException;
import dev.greenroom.catalog.processing.state.RegisteredLocation;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationResult;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.internal.Bodies;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The location routes and the two body-checked helpers ({@code /validate-entity}, {@code
 * /analyze-location}) of the catalog plugin.
 */
final class LocationRoutes {
  private static final String MANAGED_BY_ORIGIN = "backstage.io/managed-by-origin-location";
  private static final int DRY_RUN_MAX = 10_000;
  private static final java.util.regex.Pattern SERIALIZED =
      java.util.regex.Pattern.compile("^([A-Za-z]*Error): (.*)$", java.util.regex.Pattern.DOTALL);
  private static final Set<String> LOCATION_BODY_KEYS = Set.of("type", "target", "presence");

  private final CatalogEngine engine;
  private final boolean readonly;
  private final List<ScmLocationAnalyzer> analyzers;
  private final EntityValidator validator = EntityValidator.create();

  LocationRoutes(CatalogEngine engine, boolean readonly, List<ScmLocationAnalyzer> analyzers) {
    this.engine = engine;
    this.readonly = readonly;
    this.analyzers = List.copyOf(analyzers);
  }

  void routes(Router r) {
    r.post("/locations", Set.of("dryRun", "onConflict"), this::addLocation);
    r.get("/locations", Set.of(), this::listLocations);
    r.post("/locations/by-query", Set.of(), this::queryLocations);
    r.get("/locations/:id", Set.of(), this::getLocation);
    r.put("/locations/:id", Set.of(), this::updateLocation);
    r.delete("/locations/:id", Set.of(), this::deleteLocation);
    r.get("/locations/by-entity/:kind/:namespace/:name", Set.of(), this::byEntity);
    r.post("/validate-entity", Set.of(), this::validateEntity);
    r.post("/analyze-location", Set.of(), this::analyzeLocation);
  }

  static ObjectNode locationJson(String id, String type, String target) {
    return Json.object()
        .put("id", id)
        .put("type", type)
        .put("target", target)
        .put("entityRef", CatalogEngine.locationRef(LocationSpec.of(type, target)).toString());
  }

  static ObjectNode locationJson(RegisteredLocation l) {
    return locationJson(l.id(), l.type(), l.target());
  }

  private void addLocation(Call call) throws IOException {
    String dryRunParam = call.query("dryRun");
    boolean dryRun;
    if (dryRunParam == null || dryRunParam.equals("false")) {
      dryRun = false;
    } else if (dryRunParam.equals("true")) {
      dryRun = true;
    } else {
      throw ApiException.input("Invalid dryRun, must be true or false");
    }
    String onConflict = call.query("onConflict");
    if (onConflict != null && !onConflict.equals("refresh") && !onConflict.equals("reject")) {
      throw ApiException.input("Invalid onConflict, must be refresh or reject");
    }
    JsonNode body = call.strictJsonBody();
    for (String k : body.propertyNames()) {
      if (!LOCATION_BODY_KEYS.contains(k)) {
        throw ApiException.input("Malformed request: unknown property '" + k + "'");
      }
    }
    String type = Bodies.string(body, "type");
    String target = Bodies.string(body, "target");
    if (type.isEmpty() || target.isEmpty()) {
      throw ApiException.input("Malformed request: type and target must not be empty");
    }
    JsonNode presence = body.get("presence");
    if (presence != null
        && !(presence.isString()
            && (presence.stringValue().equals("required") || presence.stringValue().equals("optional")))) {
      throw ApiException.input("Malformed request: presence must be required or optional");
    }
    call.require(Permission.LOCATION_CREATE);
    Optional<RegisteredLocation> existing = find(type, target);
    if (dryRun) {
      DryRunResult r;
      try {
        r = engine.dryRun(LocationSpec.of(type, target), DRY_RUN_MAX);
      } catch (IllegalArgumentException e) {
        throw ApiException.input(String.valueOf(e.getMessage()));
      }
      if (!r.ok()) {
        List<String> msgs = new ArrayList<>();
        for (DryRunResult.Failure f : r.failures()) {
          for (ProcessingError e : f.errors()) {
            msgs.add(e.name() + ": " + e.message());
          }
        }
        throw ApiException.input(String.join(", ", msgs));
      }
      ObjectNode out = Json.object();
      out.set("location", locationJson(type + ":" + target, type, target));
      ArrayNode entities = out.putArray("entities");
      for (Entity e : r.entities()) {
        entities.add(e.toJson());
      }
      out.put("exists", existing.isPresent());
      call.json(201, out);
      return;
    }
    if (readonly) {
      throw ApiException.notAllowed("This operation not allowed in readonly mode");
    }
    RegisteredLocation l;
    if (existing.isPresent() && "refresh".equals(onConflict)) {
      l = existing.get();
      engine.refresh(CatalogEngine.locationRef(LocationSpec.of(type, target)));
    } else {
      try {
        l = engine.registerLocation(type, target);
      } catch (DuplicateLocationException e) {
        throw ApiException.conflict(String.valueOf(e.getMessage()));
      } catch (IllegalArgumentException e) {
        throw ApiException.input(String.valueOf(e.getMessage()));
      }
    }
    ObjectNode out = Json.object();
    out.set("location", locationJson(l));
    out.putArray("entities");
    call.json(201, out);
  }

  private Optional<RegisteredLocation> find(String type, String target) {
    return engine.locations().stream()
        .filter(l -> l.type().equals(type) && l.target().equals(target))
        .findFirst();
  }

  private void listLocations(Call call) throws IOException {
    call.require(Permission.LOCATION_READ);
    ArrayNode out = Json.nodes().arrayNode();
    for (RegisteredLocation l : sorted()) {
      out.addObject().set("data", locationJson(l));
    }
    call.json(200, out);
  }

  private List<RegisteredLocation> sorted() {
    List<RegisteredLocation> all = new ArrayList<>(engine.locations());
    all.sort(Comparator.comparing(RegisteredLocation::id));
    return all;
  }

  private void getLocation(Call call) throws IOException {
    call.require(Permission.LOCATION_READ);
    String id = call.path("id");
    RegisteredLocation l = engine.state().location(id).orElseThrow(
        () -> ApiException.notFound("Found no location with ID " + id));
    call.json(200, locationJson(l));
  }

  /**
   * {@code PUT /locations/:id}. The engine cannot change a registered location in place, so a
   * changed pair is unregistered and registered again, which gives it a new id (Backstage keeps
   * the id).
   */
  private void updateLocation(Call call) throws IOException {
    if (readonly) {
      throw ApiException.notAllowed("This operation not allowed in readonly mode");
    }
    JsonNode body = call.strictJsonBody();
    for (String k : body.propertyNames()) {
      if (!k.equals("type") && !k.equals("target")) {
        throw ApiException.input("Malformed request: unknown property '" + k + "'");
      }
    }
    String type = Bodies.string(body, "type");
    String target = Bodies.string(body, "target");
    if (type.isEmpty() || target.isEmpty()) {
      throw ApiException.input("Malformed request: type and target must not be empty");
    }
    call.require(Permission.LOCATION_CREATE);
    String id = call.path("id");
    RegisteredLocation current = engine.state().location(id).orElseThrow(
        () -> ApiException.notFound("Found no location with ID " + id));
    if (current.type().equals(type) && current.target().equals(target)) {
      engine.refresh(CatalogEngine.locationRef(LocationSpec.of(type, target)));
      call.json(200, locationJson(current));
      return;
    }
    if (find(type, target).isPresent()) {
      throw ApiException.conflict("Location " + type + ":" + target + " already exists");
    }
    RegisteredLocation l;
    try {
      l = engine.registerLocation(type, target);
    } catch (DuplicateLocationException e) {
      throw ApiException.conflict(String.valueOf(e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw ApiException.input(String.valueOf(e.getMessage()));
    }
    engine.unregisterLocation(id);
    call.json(200, locationJson(l));
  }

  private void deleteLocation(Call call) throws IOException {
    if (readonly) {
      throw ApiException.notAllowed("This operation not allowed in readonly mode");
    }
    call.require(Permission.LOCATION_DELETE);
    String id = call.path("id");
    if (!engine.unregisterLocation(id)) {
      throw ApiException.notFound("Found no location with ID " + id);
    }
    call.empty(204);
  }

  private void byEntity(Call call) throws IOException {
    call.require(Permission.LOCATION_READ);
    var ref = CatalogApiPlugin.refFromPath(call);
    EntityPredicate scope = CatalogApiPlugin.readScope(call);
    Optional<Entity> e = engine.catalog().entity(ref);
    if (e.isEmpty() || scope == null || !CatalogApiPlugin.matches(scope, e.get())) {
      throw ApiException.notFound("found no entity for ref " + ref);
    }
    String origin = e.get().metadata().annotation(MANAGED_BY_ORIGIN);
    if (origin == null) {
      throw ApiException.notFound("Entity " + ref + " has no origin location");
    }
    LocationSpec spec;
    try {
      spec = LocationSpec.parse(origin);
    } catch (IllegalArgumentException x) {
      throw ApiException.notFound("Entity " + ref + " has no origin location");
    }
    for (RegisteredLocation l : engine.locations()) {
      if (l.type().equals(spec.type()) && sameTarget(l, spec.target())) {
        call.json(200, locationJson(l));
        return;
      }
    }
    throw ApiException.notFound("No location found for entity " + ref);
  }

  private static boolean sameTarget(RegisteredLocation l, String target) {
    if (l.target().equals(target)) {
      return true;
    }
    if (l.type().equals("file")) {
      try {
        return Path.of(l.target()).toAbsolutePath().normalize().toString().equals(target);
      } catch (RuntimeException e) {
        return false;
      }
    }
    return false;
  }

  // ---- POST /locations/by-query -------------------------------------------------------------

  private void queryLocations(Call call) throws IOException {
    call.require(Permission.LOCATION_READ);
    JsonNode body = call.jsonBody();
    if (!body.isObject()) {
      throw ApiException.input("Malformed request: body must be an object");
    }
    int limit;
    String afterId = null;
    JsonNode query;
    JsonNode cursor = body.get("cursor");
    if (cursor != null && !cursor.isNull()) {
      if (!cursor.isString() || cursor.stringValue().isEmpty()) {
        throw ApiException.input("Malformed cursor: must be a non-empty string");
      }
      try {
        JsonNode c = Json.parse(
            new String(Base64.getDecoder().decode(cursor.stringValue()), StandardCharsets.UTF_8));
        limit = c.get("limit").asInt();
        afterId = c.get("afterId").stringValue();
        query = c.get("query");
        if (limit < 1 || afterId == null) {
          throw new IllegalArgumentException();
        }
      } catch (RuntimeException e) {
        throw ApiException.input("Malformed cursor: could not be parsed");
      }
    } else {
      Integer l = Bodies.integer(body, "limit", 1, CatalogApiPlugin.MAX_LIMIT);
      limit = l == null ? 1000 : l;
      query = body.get("query");
    }
    EntityPredicate p = EntityPredicate.matchAll();
    boolean emptyAll = false;
    if (query != null && !query.isNull()) {
      p = EntityFilters.parsePredicate(query);
      emptyAll = query.isObject() && query.has("$all") && query.get("$all").isArray()
          && query.get("$all").isEmpty();
    }
    List<RegisteredLocation> matching = new ArrayList<>();
    if (!emptyAll) {
      for (RegisteredLocation l : sorted()) {
        if (EntityFilters.matches(p, index(l))) {
          matching.add(l);
        }
      }
    }
    int start = 0;
    if (afterId != null) {
      while (start < matching.size() && matching.get(start).id().compareTo(afterId) <= 0) {
        start++;
      }
    }
    int end = Math.min(matching.size(), start + limit);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (RegisteredLocation l : matching.subList(start, end)) {
      items.add(locationJson(l));
    }
    out.put("totalItems", matching.size());
    ObjectNode info = out.putObject("pageInfo");
    if (end < matching.size()) {
      ObjectNode c = Json.object().put("limit", limit).put("afterId", matching.get(end - 1).id());
      if (query != null && !query.isNull()) {
        c.set("query", query);
      }
      info.put("nextCursor",
          Base64.getEncoder().encodeToString(Json.write(c).getBytes(StandardCharsets.UTF_8)));
    }
    call.json(200, out);
  }

  private static Map<String, List<@Nullable String>> index(RegisteredLocation l) {
    ObjectNode j = locationJson(l);
    return Map.of(
        "id", List.of(SearchIndex.normalize(l.id())),
        "type", List.of(SearchIndex.normalize(l.type())),
        "target", List.of(SearchIndex.normalize(l.target())),
        "entityref", List.of(SearchIndex.normalize(j.get("entityRef").stringValue())));
  }

  // ---- POST /validate-entity ----------------------------------------------------------------

  /**
   * As Backstage's router: {@code express.json()} reads the body before the handler, so a body that
   * is not JSON gets the standard error body; the handler's own checks (body shape, envelope,
   * location ref) and the entity's validation answer 400 {@code {errors: [...]}}.
   */
  private void validateEntity(Call call) throws IOException {
    JsonNode parsed = call.jsonBody();
    if (!parsed.isObject() && !parsed.isArray()) {
      // body-parser's strict mode takes only objects and arrays
      throw ApiException.input("Malformed JSON body: expected an object or an array");
    }
    JsonNode body;
    try {
      body = call.strictJsonBody(parsed);
    } catch (ApiException e) {
      if (e.status() != 400) {
        throw e;
      }
      validationErrors(call, List.of(error("InputError", String.valueOf(e.getMessage()))));
      return;
    }
    call.require(Permission.ENTITY_VALIDATE);
    JsonNode entity = body.get("entity");
    JsonNode location = body.get("location");
    if (location == null || !location.isString()) {
      validationErrors(call, List.of(error("InputError",
          "Malformed request: location must be a string")));
      return;
    }
    if (entity == null || !entity.isObject()) {
      // the envelope check's message (catalog-model's ajv error text)
      validationErrors(call, List.of(error("TypeError", "<root> must be object - type: object")));
      return;
    }
    LocationSpec spec;
    try {
      spec = LocationSpec.parse(location.stringValue());
    } catch (IllegalArgumentException e) {
      validationErrors(call, List.of(error("InputError", String.valueOf(e.getMessage()))));
      return;
    }
    if (!spec.type().equals("url")) {
      validationErrors(call, List.of(error("InputError",
          "Invalid location ref '" + location.stringValue() + "', only 'url:' locations are supported")));
      return;
    }
    ValidationResult r = validator.validate(entity, location.stringValue(), 0, null);
    if (r.isValid()) {
      call.empty(200);
      return;
    }
    String text = r.backstageMessage().orElse("Error: invalid entity");
    java.util.regex.Matcher m = SERIALIZED.matcher(text);
    String name = m.matches() ? m.group(1) : "Error";
    String message = m.matches() ? m.group(2) : text;
    validationErrors(call, List.of(error(name, message)));
  }

  private static ObjectNode error(String name, String message) {
    return Json.object().put("name", name).put("message", message);
  }

  private static void validationErrors(Call call, List<ObjectNode> errors) throws IOException {
    ObjectNode out = Json.object();
    ArrayNode a = out.putArray("errors");
    errors.forEach(a::add);
    call.json(400, out);
  }

  // ---- POST /analyze-location ---------------------------------------------------------------

  /** Public hosts that Backstage's default integrations cover, with their slug annotation. */
  private static final Map<String, String> DEFAULT_SLUG_ANNOTATIONS = Map.of(
      "github.com", "github.com/project-slug",
      "gitlab.com", "gitlab.com/project-slug",
      "bitbucket.org", "bitbucket.org/project-slug",
      "dev.azure.com", "dev.azure.com/project-slug");

  /**
   * Backstage's {@code RepoLocationAnalyzer}: the first analyzer that supports the target lists
   * the repository's catalog files, each read in a dry run ({@code existingEntityFiles}, one entry
   * per entity, {@code isRegistered} when that file is a registered location); without any, a
   * Component named after the repository is proposed ({@code generateEntities}).
   */
  private void analyzeLocation(Call call) throws IOException {
    JsonNode body = call.strictJsonBody();
    call.require(Permission.LOCATION_ANALYZE);
    JsonNode loc = body.get("location");
    if (loc == null || !loc.isObject()) {
      throw ApiException.input("Malformed request: location must be an object");
    }
    String target = Bodies.string(loc, "target");
    JsonNode fileNode = body.has("catalogFilename") ? body.get("catalogFilename") : body.get("catalogFileName");
    String catalogFilename = null;
    if (fileNode != null && !fileNode.isNull()) {
      if (!fileNode.isString() || fileNode.stringValue().isBlank()
          || fileNode.stringValue().contains("/") || fileNode.stringValue().length() > 255) {
        throw ApiException.input("Malformed request: catalogFilename must be a file name");
      }
      catalogFilename = fileNode.stringValue();
    }
    URI uri;
    try {
      uri = new URI(target);
    } catch (Exception e) {
      throw ApiException.input("The given location.target is not a URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw ApiException.input("The given location.target is not a URL");
    }
    ScmLocationAnalyzer analyzer = null;
    for (ScmLocationAnalyzer a : analyzers) {
      if (a.supports(target)) {
        analyzer = a;
        break;
      }
    }
    ObjectNode out = Json.object();
    ArrayNode existing = out.putArray("existingEntityFiles");
    ArrayNode gen = out.putArray("generateEntities");
    if (analyzer != null) {
      List<String> files;
      try {
        files = analyzer.catalogFiles(target, catalogFilename);
      } catch (ProcessingException e) {
        throw analysisFailed(target, e);
      }
      for (String file : files) {
        DryRunResult r;
        try {
          r = engine.dryRun(LocationSpec.of("url", file), DRY_RUN_MAX);
        } catch (IllegalArgumentException e) {
          throw ApiException.input("The catalog file " + file + " cannot be read: " + e.getMessage());
        }
        if (!r.ok()) {
          List<String> msgs = new ArrayList<>();
          for (DryRunResult.Failure f : r.failures()) {
            for (ProcessingError e : f.errors()) {
              msgs.add(e.name() + ": " + e.message());
            }
          }
          throw ApiException.input("The catalog file " + file + " cannot be read: " + String.join(", ", msgs));
        }
        boolean registered = find("url", file).isPresent();
        for (Entity e : r.entities()) {
          if (e.kind().equals("Location") && CatalogEngine.locationRef(LocationSpec.of("url", file))
              .equals(e.ref())) {
            continue; // the dry run's own Location entity for the file
          }
          ObjectNode item = existing.addObject();
          item.putObject("location").put("type", "url").put("target", file);
          item.put("isRegistered", registered);
          item.set("entity", e.toJson());
        }
      }
      if (!existing.isEmpty()) {
        call.json(200, out);
        return;
      }
    }
    String[] parts = uri.getPath() == null ? new String[0] : uri.getPath().replaceAll("^/+", "").split("/");
    int git = java.util.Arrays.asList(parts).indexOf("_git");
    if (git > 0 && git + 1 < parts.length && !parts[git + 1].isEmpty()) {
      // Azure DevOps (git-url-parse's reading): {org}[/{project}]/_git/{repo}, or {org}.visualstudio.com
      String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
      String org = host.endsWith(".visualstudio.com") ? host.substring(0, host.indexOf('.')) : parts[0];
      parts = new String[] {org, parts[git + 1]};
    }
    if (parts.length >= 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
      String repo = parts[1].endsWith(".git") ? parts[1].substring(0, parts[1].length() - 4) : parts[1];
      ObjectNode item = gen.addObject();
      ObjectNode e = item.putObject("entity");
      e.put("apiVersion", "backstage.io/v1alpha1").put("kind", "Component");
      ObjectNode meta = e.putObject("metadata").put("name", repo);
      String annotation = analyzer != null ? analyzer.projectSlugAnnotation()
          : DEFAULT_SLUG_ANNOTATIONS.get(uri.getHost().toLowerCase(java.util.Locale.ROOT));
      if (annotation != null) {
        meta.putObject("annotations").put(annotation, parts[0] + "/" + repo);
      }
      e.putObject("spec").put("type", "other").put("lifecycle", "unknown");
      item.putArray("fields");
    }
    call.json(200, out);
  }

  private static ApiException analysisFailed(String target, ProcessingException e) {
    String message = "Unable to analyze " + target + ": " + e.getMessage();
    return switch (e.error().name()) {
      case "NotFoundError" -> ApiException.notFound(message);
      case "NotAllowedError" -> ApiException.notAllowed(message);
      case "InputError" -> ApiException.input(message);
      // the host failed or refused the integration's credentials: Backstage answers 500 with the error
      default -> new ApiException("Error", 500, message);
    };
  }
}
