package dev.greenroom.search;

import org.jspecify.annotations.Nullable;

/**
 * One result, as Backstage's search answers it.
 *
 * @param type the collator type
 * @param document the document as indexed
 * @param highlight the matched words in its title and text, or null for a blank term
 * @param rank the position across pages, from 1
 */
public record SearchResult(String type, IndexableDocument document, @Nullable Highlight highlight, int rank) {}
