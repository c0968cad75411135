/**
 * The built-in {@link dev.greenroom.search.DocumentCollator}s, on the same SPI as a host's own:
 * {@link dev.greenroom.search.collator.CatalogCollator} ({@code software-catalog}: every entity,
 * templates included, as Backstage's {@code DefaultCatalogCollator}) and {@link
 * dev.greenroom.search.collator.TechDocsCollator} ({@code techdocs}: the entries of each built
 * site's {@code search/search_index.json}, as Backstage's {@code DefaultTechDocsCollator}).
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.search.collator;
