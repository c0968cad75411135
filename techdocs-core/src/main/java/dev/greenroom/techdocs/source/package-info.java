/**
 * Where an entity's docs come from: the {@code backstage.io/techdocs-ref} and {@code
 * backstage.io/techdocs-entity} annotations, the {@code mkdocs.yml} reader and the loaded source
 * files with their etag.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.techdocs.source;
