/**
 * Query values: predicates and their parsers, the search index rows, orderings, full-text filters and facet counts.
 */
@NullMarked
package dev.greenroom.catalog.query;

import org.jspecify.annotations.NullMarked;
