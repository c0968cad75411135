/**
 * Facts about entities: the {@link dev.greenroom.scorecard.fact.FactRetriever} SPI, fact schemas
 * with typed fields, schedules and retention, and the built-in retrievers that read the catalog
 * ({@link dev.greenroom.scorecard.fact.CatalogRetrievers}).
 */
@NullMarked
package dev.greenroom.scorecard.fact;

import org.jspecify.annotations.NullMarked;
