/**
 * The generator: source files and {@code mkdocs.yml} in, a site in TechDocs' layout out (one {@code
 * index.html} per page, assets, {@code techdocs_metadata.json}, {@code search/search_index.json});
 * and a checker of generated sites.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.techdocs.build;
