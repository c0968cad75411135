package dev.greenroom.techdocs.build;

/**
 * One entry of {@code search/search_index.json} ({@code docs[]}), as MkDocs' search plugin writes
 * it: one per page and one per heading.
 *
 * @param location the page URL relative to the site root ({@code ""} for the home page, {@code
 *     "sub-page/"}), plus {@code #anchor} for a heading
 * @param title the page or heading title
 * @param text plain text, whitespace collapsed
 */
public record SearchEntry(String location, String title, String text) {}
