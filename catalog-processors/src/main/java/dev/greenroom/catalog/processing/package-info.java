/**
 * The catalog processing pipeline: the SPIs that plug-ins implement ({@link
 * dev.greenroom.catalog.processing.CatalogProcessor}, {@link
 * dev.greenroom.catalog.processing.EntityProvider}), the values they exchange ({@link
 * dev.greenroom.catalog.processing.ProcessingResult}, {@link
 * dev.greenroom.catalog.processing.LocationSpec}, {@link
 * dev.greenroom.catalog.processing.EntityMutation}) and the module's entry point, {@link
 * dev.greenroom.catalog.processing.CatalogEngine}.
 *
 * <p>Stages live in sub-packages: {@code location} (readers, placeholders, catalog rules), {@code
 * builtin} (the default processors), {@code state} (the refresh state store the engine persists
 * to) and {@code engine} (the orchestrator and the loop).
 */
@NullMarked
package dev.greenroom.catalog.processing;

import org.jspecify.annotations.NullMarked;
