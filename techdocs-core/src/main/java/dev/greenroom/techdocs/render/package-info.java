/**
 * Markdown to HTML with the features MkDocs users rely on (tables, fenced code, heading anchors, a
 * table of contents, admonitions, rewritten relative links), on commonmark-java.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.techdocs.render;
