/**
 * Graph walks over any {@link dev.greenroom.catalog.store.EntityStore}: transitive dependencies and
 * dependents, ownership roll-up through the group hierarchy, cycles and shortest paths. Entry point:
 * {@link dev.greenroom.catalog.graph.CatalogGraph}.
 */
@NullMarked
package dev.greenroom.catalog.graph;

import org.jspecify.annotations.NullMarked;
