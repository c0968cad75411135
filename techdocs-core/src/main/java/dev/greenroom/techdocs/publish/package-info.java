/**
 * Storage of generated sites under the lower-cased {@code namespace/kind/name}: the {@link
 * dev.greenroom.techdocs.publish.Publisher} SPI and its local-folder default.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.techdocs.publish;
