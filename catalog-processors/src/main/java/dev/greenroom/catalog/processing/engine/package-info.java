/**
 * The engine's internals: the pure {@link dev.greenroom.catalog.processing.engine.Orchestrator}
 * that runs the processors over one entity, the {@link
 * dev.greenroom.catalog.processing.engine.ProcessingLoop} that claims work, stores outcomes and
 * drains the stitch queue into catalog writes, and its Micrometer meters ({@code
 * ProcessingMeters}). Stitching itself (uid, orphan mark, status items, URL checks, relations,
 * etag) is catalog-core's {@code dev.greenroom.catalog.stitch}. Not API: hosts use {@link
 * dev.greenroom.catalog.processing.CatalogEngine}.
 */
@NullMarked
package dev.greenroom.catalog.processing.engine;

import org.jspecify.annotations.NullMarked;
