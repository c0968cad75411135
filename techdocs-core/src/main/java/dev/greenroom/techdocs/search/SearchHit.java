package dev.greenroom.techdocs.search;

/**
 * One ranked search result.
 *
 * @param entityRef the entity whose docs hold the page, {@code kind:namespace/name}
 * @param entityTitle the entity's title, or its name
 * @param location the page location in the site ({@code "sub-page/"} or {@code "sub-page/#anchor"})
 * @param title the page or section title
 * @param snippet a highlighted extract ({@code <mark>} around matches; the rest HTML-escaped)
 * @param score the relevance score
 */
public record SearchHit(
    String entityRef, String entityTitle, String location, String title, String snippet, float score) {}
