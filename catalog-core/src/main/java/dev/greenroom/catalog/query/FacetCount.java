package dev.greenroom.catalog.query;

/**
 * One value of a facet and the number of entities holding it.
 *
 * @param value the value as written (case preserved)
 * @param count how many matching entities hold the value
 */
public record FacetCount(String value, long count) {}
