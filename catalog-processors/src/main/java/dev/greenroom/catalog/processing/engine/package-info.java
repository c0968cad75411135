/**
 * The engine's internals: the pure {@link dev.greenroom.catalog.processing.engine.Orchestrator}
 * that runs the processors over one entity, {@code FinalEntities} that hands processed entities
 * to catalog-core's {@code Stitcher} (which turns processing state into final entities), and the
 * loop that claims work, with its Micrometer meters ({@code ProcessingMeters}). Not API: hosts use {@link
 * dev.greenroom.catalog.processing.CatalogEngine}.
 */
@NullMarked
package dev.greenroom.catalog.processing.engine;

import org.jspecify.annotations.NullMarked;
