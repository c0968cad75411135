/**
 * The default processors, built on the same SPI as third-party ones: reading {@code file} and
 * {@code url} locations, resolving {@code $text}/{@code $json}/{@code $yaml} placeholders, adding
 * the view, edit and source-location annotations, and the built-in kinds.
 */
@NullMarked
package dev.greenroom.catalog.processing.builtin;

import org.jspecify.annotations.NullMarked;
