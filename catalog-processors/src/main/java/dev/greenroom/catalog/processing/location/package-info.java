/**
 * Reading locations: the {@link dev.greenroom.catalog.processing.location.UrlReader} SPI and its
 * HTTP implementation, file reading confined to allowed roots with glob targets ({@link
 * dev.greenroom.catalog.processing.location.FileLocations}), resolving relative targets ({@link
 * dev.greenroom.catalog.processing.location.LocationTargets}, {@link
 * dev.greenroom.catalog.processing.location.ScmUrls}), placeholder resolvers ({@code $text},
 * {@code $json}, {@code $yaml}) and the catalog rules that say which kinds may come from which
 * locations ({@link dev.greenroom.catalog.processing.location.CatalogRules}); the {@link
 * dev.greenroom.catalog.processing.location.ScmLocationAnalyzer} SPI that lists a repository's
 * catalog files for the catalog's {@code analyze-location}.
 */
@NullMarked
package dev.greenroom.catalog.processing.location;

import org.jspecify.annotations.NullMarked;
