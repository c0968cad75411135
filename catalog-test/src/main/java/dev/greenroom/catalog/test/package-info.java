/**
 * A test kit for catalog files: {@link dev.greenroom.catalog.test.CatalogAssertions} (AssertJ entry
 * points such as {@code assertThatCatalogFile(path).isValid()}), the JUnit 5 {@link
 * dev.greenroom.catalog.test.CatalogFiles} annotation that injects a {@link
 * dev.greenroom.catalog.test.LoadedCatalog}, and the loader behind both, which validates with
 * Backstage's rules (catalog-core's {@code EntityValidator}) and relates entities with the built-in
 * kinds table.
 */
@NullMarked
package dev.greenroom.catalog.test;

import org.jspecify.annotations.NullMarked;
