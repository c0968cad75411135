/**
 * TechDocs in pure Java: {@link dev.greenroom.techdocs.TechDocs} resolves an entity's docs, builds
 * them into TechDocs' published layout, publishes them and indexes them for search. The stages live
 * in {@code source}, {@code render}, {@code build}, {@code publish} and {@code search}.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.techdocs;
