/**
 * catalog-core's entry point, {@link dev.greenroom.catalog.Catalog}, and its root exception.
 *
 * <p>Sub-packages: {@code model} (entities, refs, relations), {@code validation} (Backstage's
 * rules and kind schemas), {@code io} (YAML and JSON files), {@code query} (predicates, index,
 * cursors, projections), {@code store} (the store SPI, cache) with {@code memory} and {@code
 * jdbc} implementations, {@code stitch} (final entities, shared by the stores), and {@code graph}
 * (walks over relations).
 */
@NullMarked
package dev.greenroom.catalog;

import org.jspecify.annotations.NullMarked;
