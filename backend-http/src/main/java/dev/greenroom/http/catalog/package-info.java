/**
 * The catalog's REST routes ({@code /api/catalog}), Backstage's {@code createRouter.ts} over a
 * {@link dev.greenroom.catalog.processing.CatalogEngine}.
 */
@NullMarked
package dev.greenroom.http.catalog;

import org.jspecify.annotations.NullMarked;
