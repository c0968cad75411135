package dev.greenroom.scorecard;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.card.Exemption;
import dev.greenroom.scorecard.card.Rule;
import dev.greenroom.scorecard.card.Scorecard;
import dev.greenroom.scorecard.card.ScorecardEvaluator;
import dev.greenroom.scorecard.card.ScorecardResult;
import dev.greenroom.scorecard.check.Check;
import dev.greenroom.scorecard.check.CheckLoader;
import dev.greenroom.scorecard.check.CheckOutcome;
import dev.greenroom.scorecard.check.EvaluationInput;
import dev.greenroom.scorecard.fact.CatalogRetrievers;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.FactRetriever;
import dev.greenroom.scorecard.fact.FactRetrieverContext;
import dev.greenroom.scorecard.fact.FactRetrieverRegistration;
import dev.greenroom.scorecard.fact.FactSchema;
import dev.greenroom.scorecard.fact.Retention;
import dev.greenroom.scorecard.fact.RetrievedFacts;
import dev.greenroom.scorecard.fact.Schedule;
import dev.greenroom.scorecard.internal.Filters;
import dev.greenroom.scorecard.report.Reports;
import dev.greenroom.scorecard.store.FactStore;
import dev.greenroom.scorecard.store.HistoryEntry;
import dev.greenroom.scorecard.store.JdbcScorecardStore;
import dev.greenroom.scorecard.store.MemoryFactStore;
import dev.greenroom.scorecard.store.MemoryResultHistory;
import dev.greenroom.scorecard.store.ResultHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scorecard runtime: fact retrievers and pushed facts, Tech Insights checks, scorecards with
 * level ladders, exemptions and reports, over one {@link Catalog}.
 *
 * <pre>{@code
 * Scorecards sc = Scorecards.builder()
 *     .catalog(catalog)
 *     .dataSource(ds)                 // facts and results in gr_fact_* tables; default in memory
 *     .builtinRetrievers()            // catalog retrievers, run when asked or on start(..)
 *     .defaultScorecard()             // production readiness, with its CI push schemas
 *     .definitions(Path.of("scorecards.yaml"))
 *     .build();
 * sc.runAllRetrievers();
 * sc.pushFacts("ciQuality", EntityRef.parse("component:default/petstore"), values, null);
 * List<ScorecardResult> results = sc.evaluate(EntityRef.parse("component:default/petstore"));
 * }</pre>
 *
 * <p>Design: everything definable is validated in {@link Builder#build()} (checks against the fact
 * schemas, scorecard rules against the checks), so the runtime holds immutable definitions.
 * Evaluation reads the latest facts once per entity and runs each check in the calling thread; it
 * starts no thread. {@link #start(ScheduledExecutorService)} schedules retrievers and periodic
 * evaluations on the host's executor.
 */
public final class Scorecards {
  private static final Logger LOG = LoggerFactory.getLogger(Scorecards.class);

  /** Where the default scorecard's definitions live (a classpath resource of this class). */
  public static final String DEFAULT_SCORECARD_RESOURCE = "default-scorecard.yaml";

  /** Default number of entities whose latest facts are read at once during a bulk evaluation. */
  public static final int DEFAULT_CHUNK = 5_000;

  /** Chunks evaluated ahead of the sink when an executor is configured. */
  static final int PARALLEL_WINDOW = 8;

  private final Catalog catalog;
  private final Clock clock;
  private final FactStore facts;
  private final ResultHistory history;
  private final Map<String, FactRetrieverRegistration> retrievers;
  private final Map<String, FactSchema> schemas;
  private final Map<String, Check> checks;
  private final Map<String, Scorecard> scorecards;
  private final Map<EntityRef, List<Exemption>> exemptions;
  private final @Nullable Schedule evaluationSchedule;
  private final java.util.concurrent.@Nullable Executor executor;
  private final int chunk;
  private final MeterRegistry meters;

  /**
   * Timer of fact retriever runs ({@link #runRetriever}, scheduled or asked for); tags {@code
   * retriever} (the retriever's id) and {@code result} ({@code ok}, or {@code error} when the
   * handler or the fact store failed).
   */
  public static final String RETRIEVER_RUNS_METER = "greenroom.scorecard.retriever.runs";

  /**
   * Counter of the facts retriever runs returned; tags {@code retriever} and {@code result}
   * ({@code stored}, or {@code rejected} by the retriever's schema).
   */
  public static final String FACTS_METER = "greenroom.scorecard.facts";

  private Scorecards(Builder b, Map<String, FactSchema> schemas, Map<String, Check> checks, Map<String, Scorecard> cards, List<Exemption> ex) {
    this.catalog = Objects.requireNonNull(b.catalog, "catalog");
    this.clock = b.clock;
    this.facts = b.facts != null ? b.facts : new MemoryFactStore();
    this.history = b.history != null ? b.history : new MemoryResultHistory();
    this.retrievers = Collections.unmodifiableMap(new LinkedHashMap<>(b.retrievers));
    this.schemas = Collections.unmodifiableMap(schemas);
    this.checks = Collections.unmodifiableMap(checks);
    this.scorecards = Collections.unmodifiableMap(cards);
    Map<EntityRef, List<Exemption>> m = new HashMap<>();
    for (Exemption e : ex) {
      m.computeIfAbsent(e.entity(), k -> new ArrayList<>()).add(e);
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    this.exemptions = Collections.unmodifiableMap(m);
    this.evaluationSchedule = b.evaluationSchedule;
    this.executor = b.executor;
    this.chunk = b.chunk;
    this.meters = b.meters;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The catalog. */
  public Catalog catalog() {
    return catalog;
  }

  /** The runtime's clock. */
  public Clock clock() {
    return clock;
  }

  /** The fact store. */
  public FactStore factStore() {
    return facts;
  }

  /** The result history. */
  public ResultHistory resultHistory() {
    return history;
  }

  /** Every fact schema (retrievers and push sources) by id. */
  public Map<String, FactSchema> schemas() {
    return schemas;
  }

  /** The registered retrievers by id. */
  public Map<String, FactRetrieverRegistration> retrievers() {
    return retrievers;
  }

  /** Every check by id (scorecard rules with inline conditions included, as {@code card/rule}). */
  public Map<String, Check> checks() {
    return checks;
  }

  /** Every scorecard by id. */
  public Map<String, Scorecard> scorecards() {
    return scorecards;
  }

  /** The exemptions of an entity (active or not). */
  public List<Exemption> exemptions(EntityRef entity) {
    return exemptions.getOrDefault(entity, List.of());
  }

  /** Every exemption. */
  public List<Exemption> exemptions() {
    List<Exemption> out = new ArrayList<>();
    exemptions.values().forEach(out::addAll);
    return out;
  }

  /** Reports over this runtime. */
  public Reports reports() {
    return new Reports(this);
  }

  // ---- facts ---------------------------------------------------------------------------------

  /**
   * Runs one retriever now: calls its handler, stores the facts that match its schema, then
   * applies its retention. A failing handler is logged and reported, not thrown.
   *
   * @throws ScorecardException for an unknown retriever id
   */
  public RetrieverRun runRetriever(String id) {
    FactRetrieverRegistration reg = retrievers.get(id);
    if (reg == null) {
      throw new ScorecardException("unknown fact retriever '" + id + "'");
    }
    long start = System.nanoTime();
    String result = "error";
    try {
      RetrieverRun run = runRetriever(id, reg);
      if (run.error() == null) {
        result = "ok";
      }
      count(id, "stored", run.stored());
      count(id, "rejected", run.rejected().size());
      return run;
    } finally {
      Timer.builder(RETRIEVER_RUNS_METER)
          .description("fact retriever runs, by retriever and result")
          .tag("retriever", id)
          .tag("result", result)
          .register(meters)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private void count(String retriever, String result, int n) {
    Counter.builder(FACTS_METER)
        .description("facts returned by fact retrievers, by retriever and result")
        .tag("retriever", retriever)
        .tag("result", result)
        .register(meters)
        .increment(n);
  }

  private RetrieverRun runRetriever(String id, FactRetrieverRegistration reg) {
    FactRetriever r = reg.retriever();
    FactSchema schema = schemas.get(id);
    List<RetrievedFacts> got;
    try {
      got =
          r.handler(
              new FactRetrieverContext(catalog, r.entityFilter(), clock, LoggerFactory.getLogger("dev.greenroom.scorecard.retriever." + id)));
    } catch (RuntimeException e) {
      LOG.warn("Fact retriever {} failed: {}", id, e.toString(), e);
      return new RetrieverRun(id, 0, List.of(), 0, e.toString());
    }
    Instant now = clock.instant();
    List<Fact> ok = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (RetrievedFacts f : got == null ? List.<RetrievedFacts>of() : got) {
      try {
        schema.validate(f.entity(), f.values());
        ok.add(new Fact(id, r.version(), f.entity(), f.timestamp() == null ? now : f.timestamp(), f.values()));
      } catch (InvalidFactException e) {
        rejected.add(e.getMessage());
      }
    }
    if (!rejected.isEmpty()) {
      LOG.warn("Fact retriever {}: {} facts refused, first: {}", id, rejected.size(), rejected.get(0));
    }
    facts.insert(ok);
    int deleted = facts.applyRetention(id, reg.retention(), now);
    return new RetrieverRun(id, ok.size(), rejected, deleted, null);
  }

  /** Runs every registered retriever once, in registration order. */
  public List<RetrieverRun> runAllRetrievers() {
    List<RetrieverRun> out = new ArrayList<>();
    for (String id : retrievers.keySet()) {
      out.add(runRetriever(id));
    }
    return out;
  }

  /**
   * Records facts sent from outside (CI): checked against the schema of {@code id}, stored with
   * history, retention applied when {@code id} is a registered retriever.
   *
   * @param id a push schema or retriever id
   * @param timestamp when the facts were true, or null for now
   * @throws InvalidFactException for an unknown id, an unknown fact or a value of the wrong type
   */
  public Fact pushFacts(String id, EntityRef entity, JsonNode values, @Nullable Instant timestamp) {
    FactSchema schema = schemas.get(id);
    if (schema == null) {
      throw new InvalidFactException(
          "unknown fact schema '" + id + "' (known: " + String.join(", ", schemas.keySet()) + ")");
    }
    schema.validate(entity, values);
    Fact f =
        new Fact(id, schema.version(), entity, timestamp == null ? clock.instant() : timestamp, ((ObjectNode) values).deepCopy());
    facts.insert(List.of(f));
    FactRetrieverRegistration reg = retrievers.get(id);
    if (reg != null) {
      facts.applyRetention(id, reg.retention(), clock.instant());
    }
    return f;
  }

  /** The latest facts of the entity for the given retriever ids (all known ids when empty). */
  public Map<String, Fact> latestFacts(EntityRef entity, Collection<String> ids) {
    return facts.latest(entity, ids.isEmpty() ? schemas.keySet() : ids);
  }

  // ---- checks --------------------------------------------------------------------------------

  /**
   * Runs checks for one entity (all checks defined at top level when {@code checkIds} is empty),
   * over the entity's latest facts.
   *
   * @throws ScorecardException for an unknown check id
   */
  public List<CheckOutcome> runChecks(EntityRef entity, List<String> checkIds) {
    List<Check> selected = new ArrayList<>();
    if (checkIds.isEmpty()) {
      for (Check c : checks.values()) {
        if (!c.id().contains("/")) {
          selected.add(c);
        }
      }
    } else {
      for (String id : checkIds) {
        Check c = checks.get(id);
        if (c == null) {
          throw new ScorecardException("unknown check '" + id + "'");
        }
        selected.add(c);
      }
    }
    Set<String> ids = new HashSet<>();
    selected.forEach(c -> ids.addAll(c.factIds()));
    Entity e = catalog.entity(entity).orElse(null);
    EvaluationInput in = new EvaluationInput(entity, e, facts.latest(entity, ids), clock.instant());
    Map<String, List<String>> index = null;
    List<CheckOutcome> out = new ArrayList<>();
    for (Check c : selected) {
      if (!Filters.isMatchAll(c.filter())) {
        if (e == null) {
          continue;
        }
        if (index == null) {
          index = Filters.index(e);
        }
        if (!dev.greenroom.catalog.query.EntityFilters.matches(c.filter(), index)) {
          continue;
        }
      }
      out.add(c.evaluate(in));
    }
    return out;
  }

  // ---- scorecards ----------------------------------------------------------------------------

  /** Every scorecard whose filter selects the entity, evaluated now; empty for an unknown entity. */
  public List<ScorecardResult> evaluate(EntityRef entity) {
    Optional<Entity> e = catalog.entity(entity);
    if (e.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> index = Filters.index(e.get());
    List<ScorecardResult> out = new ArrayList<>();
    Instant now = clock.instant();
    Map<String, Fact> latest = facts.latest(entity, allFactIds(scorecards.values()));
    for (Scorecard card : scorecards.values()) {
      if (dev.greenroom.catalog.query.EntityFilters.matches(card.filter(), index)) {
        out.add(
            ScorecardEvaluator.evaluate(card, new EvaluationInput(entity, e.get(), latest, now), exemptions(entity), index));
      }
    }
    return out;
  }

  /**
   * One scorecard for one entity, now, whether or not the scorecard's filter selects it.
   *
   * @throws ScorecardException for an unknown scorecard or entity
   */
  public ScorecardResult evaluate(String scorecardId, EntityRef entity) {
    Scorecard card = scorecard(scorecardId);
    Entity e = catalog.entity(entity).orElseThrow(() -> new ScorecardException("no entity " + entity + " in the catalog"));
    Map<String, Fact> latest = facts.latest(entity, allFactIds(List.of(card)));
    return ScorecardEvaluator.evaluate(card, new EvaluationInput(entity, e, latest, clock.instant()), exemptions(entity), null);
  }

  /** The scorecard with this id. */
  public Scorecard scorecard(String id) {
    Scorecard card = scorecards.get(id);
    if (card == null) {
      throw new ScorecardException("unknown scorecard '" + id + "' (known: " + String.join(", ", scorecards.keySet()) + ")");
    }
    return card;
  }

  /**
   * Every scorecard over every entity its filter selects in the catalog, now.
   *
   * @param record true to append the results to the result history (for trends)
   */
  public List<ScorecardResult> evaluateAll(boolean record) {
    return evaluateAll(scorecards.values(), record);
  }

  /** The given scorecards over the catalog; see {@link #evaluateAll(boolean)}. */
  public List<ScorecardResult> evaluateAll(Collection<Scorecard> cards, boolean record) {
    List<ScorecardResult> out = new ArrayList<>();
    List<HistoryEntry> entries = new ArrayList<>();
    evaluateEach(
        cards,
        r -> {
          out.add(r);
          if (record) {
            entries.add(new HistoryEntry(r.scorecard().id(), r.entity(), r.evaluatedAt(), r.level(), r.score(), r.maxScore()));
          }
        });
    if (record) {
      history.record(entries);
    }
    return out;
  }

  /**
   * The given scorecards over every entity their filters select, handing each result to {@code
   * sink} as it is made instead of collecting them (for roll-ups over large catalogs). Each distinct
   * filter is one catalog scan; the latest facts are read in chunks of entities.
   */
  public void evaluateEach(Collection<Scorecard> cards, java.util.function.Consumer<ScorecardResult> sink) {
    Instant now = clock.instant();
    Map<EntityRef, Entity> entities = new HashMap<>(); // results come in ref order
    Map<String, List<EntityRef>> selected = new LinkedHashMap<>();
    Map<dev.greenroom.catalog.query.EntityPredicate, List<EntityRef>> byFilter = new HashMap<>();
    for (Scorecard card : cards) {
      // one catalog scan per distinct filter
      List<EntityRef> refs = byFilter.get(card.filter());
      if (refs == null) {
        List<EntityRef> found = new ArrayList<>();
        catalog.forEach(
            card.filter(),
            null,
            e -> {
              entities.putIfAbsent(e.ref(), e);
              found.add(e.ref());
            });
        byFilter.put(card.filter(), found);
        refs = found;
      }
      selected.put(card.id(), refs);
    }
    Set<String> ids = allFactIds(cards);
    List<EntityRef> all = new ArrayList<>(entities.keySet());
    all.sort(null); // chunks of neighbouring refs: a database store reads each chunk as one key range
    Map<String, Set<EntityRef>> members = new HashMap<>(); // absent: the card selects every entity
    Map<List<EntityRef>, Set<EntityRef>> sets = new java.util.IdentityHashMap<>();
    for (Scorecard card : cards) {
      List<EntityRef> refs = selected.get(card.id());
      if (refs.size() != all.size()) {
        members.put(card.id(), sets.computeIfAbsent(refs, HashSet::new));
      }
    }
    List<List<EntityRef>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += chunk) {
      chunks.add(all.subList(from, Math.min(all.size(), from + chunk)));
    }
    java.util.function.Function<List<EntityRef>, List<ScorecardResult>> work =
        chunk -> {
          Map<EntityRef, Map<String, Fact>> latest = facts.latest(chunk, ids);
          List<ScorecardResult> out = new ArrayList<>(chunk.size() * cards.size());
          for (EntityRef ref : chunk) {
            // one input per entity, shared by its results (which keep it to explain themselves)
            EvaluationInput in = new EvaluationInput(ref, entities.get(ref), latest.getOrDefault(ref, Map.of()), now);
            for (Scorecard card : cards) {
              Set<EntityRef> mine = members.get(card.id());
              if (mine == null || mine.contains(ref)) {
                out.add(ScorecardEvaluator.evaluate(card, in, exemptions(ref), null));
              }
            }
          }
          return out;
        };
    if (executor == null || chunks.size() < 2) {
      for (List<EntityRef> chunk : chunks) {
        work.apply(chunk).forEach(sink);
      }
      return;
    }
    // chunks run on the host's executor; the sink sees them in order, from this thread, at most
    // PARALLEL_WINDOW chunks ahead so that memory stays bounded
    java.util.ArrayDeque<java.util.concurrent.CompletableFuture<List<ScorecardResult>>> window = new java.util.ArrayDeque<>();
    int next = 0;
    while (next < chunks.size() || !window.isEmpty()) {
      while (next < chunks.size() && window.size() < PARALLEL_WINDOW) {
        List<EntityRef> chunk = chunks.get(next++);
        window.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> work.apply(chunk), executor));
      }
      try {
        window.poll().join().forEach(sink);
      } catch (java.util.concurrent.CompletionException e) {
        window.forEach(f -> f.cancel(false));
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }
  }

  private static Set<String> allFactIds(Collection<Scorecard> cards) {
    Set<String> ids = new HashSet<>();
    for (Scorecard c : cards) {
      for (Rule r : c.rules()) {
        ids.addAll(r.check().factIds());
      }
    }
    return ids;
  }

  // ---- scheduling ----------------------------------------------------------------------------

  /**
   * Schedules every retriever that has a schedule, and the periodic evaluation if one was
   * configured, on the host's executor. Close the returned handle to stop.
   */
  public AutoCloseable start(ScheduledExecutorService executor) {
    List<ScheduledFuture<?>> futures = Collections.synchronizedList(new ArrayList<>());
    boolean[] stopped = {false};
    for (FactRetrieverRegistration reg : retrievers.values()) {
      if (reg.schedule() != null) {
        scheduleNext(executor, reg.schedule(), () -> runRetriever(reg.retriever().id()), futures, stopped);
      }
    }
    if (evaluationSchedule != null) {
      scheduleNext(executor, evaluationSchedule, () -> evaluateAll(true), futures, stopped);
    }
    return () -> {
      synchronized (futures) {
        stopped[0] = true;
        futures.forEach(f -> f.cancel(false));
      }
    };
  }

  private void scheduleNext(
      ScheduledExecutorService ex, Schedule s, Runnable task, List<ScheduledFuture<?>> futures, boolean[] stopped) {
    Instant now = clock.instant();
    long delay = Math.max(0, Duration.between(now, s.next(now)).toMillis());
    synchronized (futures) {
      if (stopped[0]) {
        return;
      }
      futures.removeIf(java.util.concurrent.Future::isDone);
      futures.add(
          ex.schedule(
              () -> {
                try {
                  task.run();
                } catch (RuntimeException e) {
                  LOG.warn("Scheduled scorecard task failed: {}", e.toString(), e);
                } finally {
                  scheduleNext(ex, s, task, futures, stopped);
                }
              },
              delay,
              TimeUnit.MILLISECONDS));
    }
  }

  /** Configures {@link Scorecards}. */
  public static final class Builder {
    private @Nullable Catalog catalog;
    private Clock clock = Clock.systemUTC();
    private @Nullable FactStore facts;
    private @Nullable ResultHistory history;
    private final Map<String, FactRetrieverRegistration> retrievers = new LinkedHashMap<>();
    private final List<FactSchema> pushSchemas = new ArrayList<>();
    private final List<Scorecard> scorecards = new ArrayList<>();
    private final List<Exemption> exemptions = new ArrayList<>();
    private final Definitions definitions = new Definitions();
    private @Nullable Schedule evaluationSchedule;
    private java.util.concurrent.@Nullable Executor executor;
    private int chunk = DEFAULT_CHUNK;
    private MeterRegistry meters = new CompositeMeterRegistry();

    private Builder() {}

    /**
     * Where the retriever meters go ({@value Scorecards#RETRIEVER_RUNS_METER}, {@value
     * Scorecards#FACTS_METER}); default an empty {@link CompositeMeterRegistry}, which records
     * nothing.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meters = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Entities per chunk of a bulk evaluation (facts read together, one executor task); default 5,000. */
    public Builder bulkChunkSize(int entities) {
      if (entities < 1) {
        throw new IllegalArgumentException("bulkChunkSize must be >= 1: " + entities);
      }
      this.chunk = entities;
      return this;
    }

    /**
     * Runs bulk evaluations ({@code evaluateAll}, {@code evaluateEach}) in chunks of entities on
     * this executor; default: in the calling thread. The library starts no threads of its own.
     */
    public Builder executor(java.util.concurrent.Executor executor) {
      this.executor = Objects.requireNonNull(executor);
      return this;
    }

    /** The catalog entities come from (required). */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog);
      return this;
    }

    /** The clock for fact timestamps, exemption expiry and {@code now-P30D} values. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Where facts are kept; default in memory. */
    public Builder factStore(FactStore store) {
      this.facts = Objects.requireNonNull(store);
      return this;
    }

    /** Where evaluations are recorded; default in memory. */
    public Builder resultHistory(ResultHistory history) {
      this.history = Objects.requireNonNull(history);
      return this;
    }

    /**
     * Keeps facts and results in this database (H2 or PostgreSQL, usually the catalog's), in
     * {@code gr_fact_*} tables migrated now.
     */
    public Builder dataSource(DataSource dataSource) {
      JdbcScorecardStore s = new JdbcScorecardStore(dataSource);
      this.facts = s;
      this.history = s;
      return this;
    }

    /** A retriever run only when asked, keeping all history. */
    public Builder retriever(FactRetriever retriever) {
      return retriever(retriever, null, Retention.FOREVER);
    }

    /** A retriever with a schedule (or null) and retention. */
    public Builder retriever(FactRetriever retriever, @Nullable Schedule schedule, Retention retention) {
      FactRetrieverRegistration reg = new FactRetrieverRegistration(retriever, schedule, retention);
      if (retrievers.put(retriever.id(), reg) != null) {
        throw new InvalidDefinitionException("fact retriever '" + retriever.id() + "' registered twice");
      }
      return this;
    }

    /** Every built-in catalog retriever ({@link CatalogRetrievers#all()}), daily at 03:00 UTC. */
    public Builder builtinRetrievers() {
      for (FactRetriever r : CatalogRetrievers.all()) {
        retriever(r, Schedule.cron("0 3 * * *"), Retention.maxItems(100));
      }
      return this;
    }

    /** A schema for facts pushed from outside. */
    public Builder pushSchema(FactSchema schema) {
      pushSchemas.add(Objects.requireNonNull(schema));
      return this;
    }

    /** Definitions from a YAML or JSON file ({@link Definitions}). */
    public Builder definitions(Path file) {
      definitions.file(file);
      return this;
    }

    /** Definitions from YAML or JSON text. */
    public Builder definitions(String source, String text) {
      definitions.text(source, text);
      return this;
    }

    /**
     * The default production-readiness scorecard, its checks and its CI push schemas (resource
     * {@value #DEFAULT_SCORECARD_RESOURCE}); needs {@link #builtinRetrievers()} for its catalog
     * facts.
     */
    public Builder defaultScorecard() {
      definitions.resource(Scorecards.class, DEFAULT_SCORECARD_RESOURCE);
      return this;
    }

    /** A scorecard built in code. */
    public Builder scorecard(Scorecard scorecard) {
      scorecards.add(Objects.requireNonNull(scorecard));
      return this;
    }

    /** An exemption. */
    public Builder exemption(Exemption exemption) {
      exemptions.add(Objects.requireNonNull(exemption));
      return this;
    }

    /** Evaluate every scorecard and record the results on this schedule (with {@code start}). */
    public Builder evaluationSchedule(Schedule schedule) {
      this.evaluationSchedule = Objects.requireNonNull(schedule);
      return this;
    }

    /**
     * Validates every definition and builds the runtime.
     *
     * @throws InvalidDefinitionException naming the file, definition and rule of the first problem
     */
    public Scorecards build() {
      if (catalog == null) {
        throw new IllegalStateException("Scorecards needs a catalog");
      }
      Map<String, FactSchema> schemas = new LinkedHashMap<>();
      for (FactRetrieverRegistration r : retrievers.values()) {
        schemas.put(r.retriever().id(), FactSchema.of(r.retriever()));
      }
      List<FactSchema> push = new ArrayList<>(pushSchemas);
      push.addAll(definitions.factSchemas());
      for (FactSchema s : push) {
        if (schemas.put(s.id(), s) != null) {
          throw new InvalidDefinitionException("fact schema '" + s.id() + "' is defined twice");
        }
      }
      CheckLoader loader = new CheckLoader(schemas);
      Map<String, Check> checks = new LinkedHashMap<>();
      for (Check c : definitions.checks(loader)) {
        if (checks.put(c.id(), c) != null) {
          throw new InvalidDefinitionException("check '" + c.id() + "' is defined twice");
        }
      }
      Map<String, Scorecard> cards = new LinkedHashMap<>();
      List<Scorecard> all = new ArrayList<>(scorecards);
      all.addAll(definitions.scorecards(loader, checks));
      for (Scorecard s : all) {
        if (cards.put(s.id(), s) != null) {
          throw new InvalidDefinitionException("scorecard '" + s.id() + "' is defined twice");
        }
        for (Rule r : s.rules()) {
          checks.putIfAbsent(r.check().id(), r.check());
        }
      }
      List<Exemption> ex = new ArrayList<>(exemptions);
      ex.addAll(definitions.exemptions());
      for (Exemption e : ex) {
        Scorecard s = cards.get(e.scorecardId());
        if (s == null) {
          throw new InvalidDefinitionException(
              "exemption of " + e.entity() + ": unknown scorecard '" + e.scorecardId() + "'");
        }
        if (e.ruleId() != null && s.rules().stream().noneMatch(r -> r.id().equals(e.ruleId()))) {
          throw new InvalidDefinitionException(
              "exemption of " + e.entity() + ": scorecard '" + e.scorecardId() + "' has no rule '" + e.ruleId() + "'");
        }
      }
      return new Scorecards(this, schemas, checks, cards, ex);
    }
  }

  /** A JSON object with the given facts, for pushing from code. */
  public static ObjectNode facts() {
    return Json.object();
  }
}
