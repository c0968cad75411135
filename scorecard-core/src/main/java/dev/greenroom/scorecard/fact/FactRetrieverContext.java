package dev.greenroom.scorecard.fact;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.query.EntityPredicate;
import java.time.Clock;
import org.slf4j.Logger;

/**
 * What a handler gets (Tech Insights' {@code FactRetrieverContext}).
 *
 * @param catalog the catalog to read entities from
 * @param entityFilter the retriever's entity filter, to use in its catalog query
 * @param clock the runtime's clock
 * @param logger a logger named after the retriever
 */
public record FactRetrieverContext(
    Catalog catalog, EntityPredicate entityFilter, Clock clock, Logger logger) {}
