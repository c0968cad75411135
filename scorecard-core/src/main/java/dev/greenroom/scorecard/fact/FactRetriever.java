package dev.greenroom.scorecard.fact;

import dev.greenroom.catalog.query.EntityPredicate;
import java.util.List;

/**
 * A source of facts about entities, run on a schedule (Tech Insights' {@code FactRetriever}). The
 * built-in catalog retrievers ({@link CatalogRetrievers}) implement this interface like any other.
 *
 * <p>The runtime calls {@link #handler} from the thread that runs the retriever (a scheduled tick
 * or {@code Scorecards.runRetriever}); each returned {@link RetrievedFacts} is checked against
 * {@link #schema()} and stored with the retriever's id and version. A handler that throws fails that
 * run only; the runtime logs it with the retriever's id and keeps the other retrievers going.
 */
public interface FactRetriever {
  /** The unique id facts and schemas are stored under; checks list it in {@code factIds}. */
  String id();

  /** Semver of schema and handler; the highest version per id is the current schema. */
  String version();

  /** Display title; default the id. */
  default String title() {
    return id();
  }

  /** Display description; default empty. */
  default String description() {
    return "";
  }

  /** The entities the facts are about; passed to the handler in its context. Default: all. */
  default EntityPredicate entityFilter() {
    return EntityPredicate.matchAll();
  }

  /** The typed fields this retriever records. */
  List<FactField> schema();

  /**
   * Collects facts.
   *
   * @param ctx the catalog, the entity filter, the clock and a logger
   * @return facts per entity; values must match {@link #schema()}
   */
  List<RetrievedFacts> handler(FactRetrieverContext ctx);
}
