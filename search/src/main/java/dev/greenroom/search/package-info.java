/**
 * Backstage's search backend for Greenroom: {@link dev.greenroom.search.SearchEngine} (the entry
 * point: a Lucene index fed by {@link dev.greenroom.search.DocumentCollator}s, queried with
 * Backstage's {@code term}, {@code types}, {@code filters} and page cursors), the values it
 * exchanges, and the SPI for collators.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.search;
