package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityParser;
import dev.greenroom.catalog.processing.LocationNotFoundStrategy;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingResult;
import dev.greenroom.catalog.processing.ProcessorCache;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.ProcessorKindValidator;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.LocationTargets;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationProblem;
import dev.greenroom.catalog.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the processors over one entity: a pure function of the unprocessed entity, the processors'
 * caches and the entity's ancestor locations, with no storage of its own (Backstage's {@code
 * DefaultCatalogProcessingOrchestrator}).
 *
 * <p>Stages, in order: read the location annotations; {@code preProcess} of every processor; the
 * ref must not have changed; entity policies and {@code validateKind} of every processor (through
 * one {@link EntityValidator} whose kind validators are the processors); for {@code Location}
 * entities, read every target with the first processor that handles its type; {@code postProcess}
 * of every processor; the catalog rules for every emitted child. An error at any stage ends the run
 * as failed, keeping what was emitted before for the error list only.
 */
public final class Orchestrator {
  /** The annotation naming the location an entity was read from. */
  public static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";

  /** The annotation naming the root registration an entity came from. */
  public static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";

  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

  private final List<CatalogProcessor> processors;
  private final EntityValidator validator;
  private final EntityParser parser;
  private final CatalogRules rules;
  private final Set<String> allowedLocationTypes;
  private final boolean missingTargetIsEmpty;

  /**
   * An orchestrator.
   *
   * @param processors the processors, in the order they run
   * @param policies the validator whose policies apply (its kind validators are replaced by the
   *     processors)
   * @param parser parses files for location readers
   * @param rules which kinds each origin location may provide
   * @param allowedLocationTypes location types a Location entity may name when they differ from
   *     its own location's type
   */
  public Orchestrator(
      List<CatalogProcessor> processors,
      EntityValidator.Builder policies,
      EntityParser parser,
      CatalogRules rules,
      Collection<String> allowedLocationTypes) {
    this(processors, policies, parser, rules, allowedLocationTypes, LocationNotFoundStrategy.KEEP);
  }

  /**
   * An orchestrator.
   *
   * @param notFound what a Location does when a target is gone: fail and keep what it read before
   *     ({@link LocationNotFoundStrategy#KEEP}), or read it as empty ({@link
   *     LocationNotFoundStrategy#DELETE}); other errors fail the run either way
   */
  public Orchestrator(
      List<CatalogProcessor> processors,
      EntityValidator.Builder policies,
      EntityParser parser,
      CatalogRules rules,
      Collection<String> allowedLocationTypes,
      LocationNotFoundStrategy notFound) {
    this.missingTargetIsEmpty = notFound == LocationNotFoundStrategy.DELETE;
    List<CatalogProcessor> sorted = new ArrayList<>(processors);
    sorted.sort(Comparator.comparingInt(CatalogProcessor::priority));
    this.processors = List.copyOf(sorted);
    // Every processor is asked, as in Backstage: one that does not validate kinds answers "not
    // mine" from CatalogProcessor's default, at the cost of one call (the entity is not copied).
    EntityValidator.Builder validation = policies.copy().builtinKinds(false).checkRelations(false);
    for (CatalogProcessor p : this.processors) {
      validation.addKindValidator(new ProcessorKindValidator(p));
    }
    this.validator = validation.build();
    this.parser = parser;
    this.rules = rules;
    this.allowedLocationTypes = Set.copyOf(allowedLocationTypes);
  }

  /** The processors, in the order they run. */
  public List<CatalogProcessor> processors() {
    return processors;
  }

  /**
   * Processes one entity.
   *
   * @param unprocessed the entity as its source submitted it
   * @param cache the processors' caches from the previous run (an object keyed by processor name)
   * @param ancestorLocations the location refs ({@code type:target}) its ancestors were read from
   *     (their {@code managed-by-location}); a Location entity that targets one of them closes a
   *     cycle and fails. A file that lists itself is caught too: the Location that read it is an
   *     ancestor.
   */
  public RunResult process(Entity unprocessed, ObjectNode cache, Set<String> ancestorLocations) {
    Run run = new Run(unprocessed, cache);
    try {
      run.execute(ancestorLocations);
    } catch (StageFailure f) {
      run.errors.add(f.error);
    } catch (RuntimeException e) {
      LOG.warn("unexpected failure processing {}", unprocessed.ref(), e);
      run.errors.add(ProcessingError.of(e));
    }
    run.closed = true;
    return run.result();
  }

  private static final class StageFailure extends Exception {
    final ProcessingError error;

    StageFailure(ProcessingError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  /** The state of one run: what was emitted, the caches, the current entity. */
  private final class Run {
    final Entity unprocessed;
    final ObjectNode oldCache;
    final ObjectNode newCache = Json.object();
    final List<DeferredEntity> deferred = new ArrayList<>();
    final List<RelationEdge> relations = new ArrayList<>();
    final Set<String> refreshKeys = new LinkedHashSet<>();
    final List<ProcessingError> errors = new ArrayList<>();
    @Nullable Entity completed;
    LocationSpec location = LocationSpec.of("unknown", "unknown");
    LocationSpec origin = location;
    /** True while a processor reads one of this Location's targets. */
    volatile boolean readingTarget;
    Entity current;
    volatile boolean closed;

    Run(Entity unprocessed, ObjectNode cache) {
      this.unprocessed = unprocessed;
      this.oldCache = cache;
      this.current = unprocessed;
    }

    void execute(Set<String> ancestorLocations) throws StageFailure {
      EntityRef ref = unprocessed.ref();
      location = annotationLocation(MANAGED_BY_LOCATION);
      origin = annotationLocation(MANAGED_BY_ORIGIN_LOCATION);

      for (CatalogProcessor p : processors) {
        Context ctx = new Context(p);
        try {
          current = requireEntity(p.preProcess(current, ctx), p, "preprocessing");
        } catch (Exception e) {
          throw fail(ProcessingError.of(e).causing("InputError",
              "Processor " + p.name() + " threw an error while preprocessing"));
        }
      }
      if (!current.ref().equals(ref)) {
        throw fail(ProcessingError.conflict(
            "Fatal: The entity kind, namespace, or name changed during processing"));
      }

      ValidationResult vr = validator.validate(current, location.target());
      Optional<Entity> valid = vr.validEntity();
      if (valid.isEmpty()) {
        throw fail(fromBackstageMessage(vr.problems().get(0)));
      }
      current = valid.get();

      if ("Location".equals(current.kind())) {
        readLocations(ancestorLocations);
      }

      for (CatalogProcessor p : processors) {
        Context ctx = new Context(p);
        try {
          current = requireEntity(p.postProcess(current, ctx), p, "postprocessing");
        } catch (Exception e) {
          throw fail(ProcessingError.of(e).causing("InputError",
              "Processor " + p.name() + " threw an error while postprocessing"));
        }
      }

      for (DeferredEntity child : deferred) {
        if (!rules.isAllowed(child.entity(), origin)) {
          throw fail(ProcessingError.notAllowed("Entity " + child.entity().ref() + " at "
              + child.entity().metadata().annotation(MANAGED_BY_LOCATION) + ", originated at "
              + origin + ", is not of an allowed kind for that location"));
        }
      }
      completed = current;
    }

    private Entity requireEntity(@Nullable Entity e, CatalogProcessor p, String stage)
        throws StageFailure {
      if (e == null) {
        throw fail(ProcessingError.input(
            "Processor " + p.name() + " returned no entity while " + stage));
      }
      return e;
    }

    private LocationSpec annotationLocation(String annotation) throws StageFailure {
      String value = unprocessed.metadata().annotation(annotation);
      if (value == null || value.isEmpty()) {
        throw fail(ProcessingError.input(
            "Entity '" + unprocessed.ref() + "' does not have the annotation " + annotation));
      }
      try {
        return LocationSpec.parse(value);
      } catch (IllegalArgumentException e) {
        throw fail(ProcessingError.input(
            "Entity '" + unprocessed.ref() + "' has an invalid annotation " + annotation + ": "
                + e.getMessage()));
      }
    }

    private void readLocations(Set<String> ancestorLocations) throws StageFailure {
      JsonNode spec = current.spec();
      String type = spec.path("type").isString() ? spec.get("type").stringValue() : location.type();
      boolean optional = "optional".equals(spec.path("presence").asString(""));
      if (!type.equals(location.type()) && !allowedLocationTypes.contains(type)) {
        ArrayNode allowed = Json.nodes().arrayNode();
        allowedLocationTypes.stream().sorted().forEach(allowed::add);
        throw fail(ProcessingError.input(
            "Registered locations must be of an allowed type " + Json.write(allowed)));
      }
      List<String> targets = new ArrayList<>();
      if (spec.path("target").isString()) {
        targets.add(spec.get("target").stringValue());
      }
      if (spec.path("targets").isArray()) {
        for (JsonNode t : spec.get("targets")) {
          if (t.isString()) {
            targets.add(t.stringValue());
          }
        }
      }
      for (String rawTarget : targets) {
        if ("file".equals(type) && (rawTarget.endsWith("/") || rawTarget.endsWith("\\"))) {
          throw fail(ProcessingError.input(
              "LocationProcessor cannot handle directory location " + type + ":" + rawTarget
                  + " in " + current.ref() + "; name the files, or use a glob such as "
                  + rawTarget + "*.yaml"));
        }
        String target;
        try {
          target = type.equals(location.type())
              ? LocationTargets.resolve(location, type, rawTarget)
              : rawTarget;
        } catch (RuntimeException e) {
          throw fail(ProcessingError.input("Location " + current.ref() + " has an unusable target "
              + rawTarget + ": " + e.getMessage()));
        }
        LocationSpec spec2 = new LocationSpec(type, target, optional);
        String key = spec2.toString();
        if (ancestorLocations.contains(key)) {
          throw fail(ProcessingError.input("Location " + current.ref() + " (in " + location
              + ") targets " + key + ", which it or one of its ancestors already reads;"
              + " remove the target to break the cycle"));
        }
        boolean handled = false;
        for (CatalogProcessor p : processors) {
          Context ctx = new Context(p);
          readingTarget = true;
          try {
            if (p.readLocation(spec2, ctx)) {
              handled = true;
              break;
            }
          } catch (Exception e) {
            ProcessingError err = ProcessingError.of(e);
            if (missingTargetIsEmpty && "NotFoundError".equals(err.name())) {
              LOG.info("{}: {}; read as empty (catalog.locationNotFoundStrategy: delete)",
                  unprocessed.ref(), err.message());
              handled = true;
              break;
            }
            throw fail(err.causing("InputError",
                "Processor " + p.name() + " threw an error while reading " + key));
          } finally {
            readingTarget = false;
          }
        }
        if (!handled) {
          throw fail(ProcessingError.input("No processor was able to handle reading of " + key));
        }
      }
    }

    StageFailure fail(ProcessingError error) {
      return new StageFailure(error);
    }

    void accept(ProcessingResult r, CatalogProcessor from, LocationSpec parentLocation) {
      if (closed) {
        LOG.warn("processor {} emitted {} after the run of {} ended; dropped",
            from.name(), r.getClass().getSimpleName(), unprocessed.ref());
        return;
      }
      if (r instanceof ProcessingResult.EntityResult er) {
        Entity child = er.entity();
        if (child.ref().equals(unprocessed.ref())) {
          LOG.warn("{} emitted itself from {}; ignored", child.ref(), er.location());
          return;
        }
        Map<String, String> where = new LinkedHashMap<>();
        where.put(MANAGED_BY_LOCATION, er.location().toString());
        where.put(MANAGED_BY_ORIGIN_LOCATION, origin.toString());
        Entity annotated = child.withAnnotations(where);
        deferred.add(new DeferredEntity(annotated, er.locationKey()));
      } else if (r instanceof ProcessingResult.LocationResult lr) {
        deferred.add(new DeferredEntity(generatedLocation(lr.location()),
            parentLocation.toString()));
      } else if (r instanceof ProcessingResult.RelationResult rr) {
        relations.add(rr.relation());
      } else if (r instanceof ProcessingResult.ErrorResult err) {
        if (missingTargetIsEmpty && readingTarget
            && "NotFoundError".equals(err.error().name())) {
          LOG.info("{}: {}; read as empty (catalog.locationNotFoundStrategy: delete), so what it"
              + " read before is released", unprocessed.ref(), err.error().message());
          return;
        }
        errors.add(err.error());
      } else if (r instanceof ProcessingResult.RefreshResult rk) {
        refreshKeys.add(rk.key());
      }
    }

    private Entity generatedLocation(LocationSpec target) {
      return generatedLocationEntity(target, location.toString(), origin.toString());
    }

    RunResult result() {
      boolean ok = errors.isEmpty() && completed != null;
      return new RunResult(
          ok ? completed : null,
          ok ? deferred : List.of(),
          ok ? relations : List.of(),
          ok ? List.copyOf(refreshKeys) : List.of(),
          errors,
          mergedCache());
    }

    private ObjectNode mergedCache() {
      ObjectNode out = oldCache.deepCopy();
      newCache.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
      return out;
    }

    /** The context one processor sees in one stage. */
    private final class Context implements ProcessorContext, ProcessorCache {
      private final CatalogProcessor processor;
      private final LocationSpec emitLocation;

      Context(CatalogProcessor processor) {
        this.processor = processor;
        this.emitLocation = location;
      }

      @Override
      public void emit(ProcessingResult result) {
        accept(result, processor, emitLocation);
      }

      @Override
      public LocationSpec location() {
        return location;
      }

      @Override
      public LocationSpec originLocation() {
        return origin;
      }

      @Override
      public ProcessorCache cache() {
        return this;
      }

      @Override
      public EntityParser parser() {
        return parser;
      }

      @Override
      public Optional<JsonNode> get(String key) {
        JsonNode mine = oldCache.get(processor.name());
        JsonNode v = mine == null ? null : mine.get(key);
        return Optional.ofNullable(v);
      }

      @Override
      public void set(String key, JsonNode value) {
        synchronized (newCache) {
          JsonNode mine = newCache.get(processor.name());
          ObjectNode o = mine instanceof ObjectNode on ? on : newCache.putObject(processor.name());
          o.set(key, value);
        }
      }
    }
  }

  /**
   * The Location entity Backstage generates for a location spec: named {@link
   * #generatedLocationName}, in the default namespace, with {@code spec.type}, {@code spec.target}
   * and, when optional, {@code spec.presence}.
   *
   * @param managedBy its {@code backstage.io/managed-by-location}
   * @param origin its {@code backstage.io/managed-by-origin-location}
   */
  public static Entity generatedLocationEntity(LocationSpec target, String managedBy, String origin) {
    ObjectNode json = Json.object();
    json.put("apiVersion", "backstage.io/v1alpha1");
    json.put("kind", "Location");
    ObjectNode meta = json.putObject("metadata");
    meta.put("name", generatedLocationName(target));
    meta.put("namespace", EntityRef.DEFAULT_NAMESPACE);
    ObjectNode ann = meta.putObject("annotations");
    ann.put(MANAGED_BY_LOCATION, managedBy);
    ann.put(MANAGED_BY_ORIGIN_LOCATION, origin);
    ObjectNode spec = json.putObject("spec");
    spec.put("type", target.type());
    spec.put("target", target.target());
    if (target.optional()) {
      spec.put("presence", "optional");
    }
    return Entity.fromJson(json);
  }

  /** The name Backstage gives the Location entity generated for a location spec. */
  public static String generatedLocationName(LocationSpec location) {
    return "generated-" + Json.sha1Hex(location.type() + ":" + location.target());
  }

  /** Turns Backstage's {@code Name: message} text of a validation problem into an error. */
  static ProcessingError fromBackstageMessage(ValidationProblem problem) {
    String text = problem.backstageMessage();
    int colon = text.indexOf(": ");
    if (colon > 0 && text.substring(0, colon).matches("[A-Za-z]+")) {
      return new ProcessingError(text.substring(0, colon), text.substring(colon + 2));
    }
    return ProcessingError.input(text);
  }
}
