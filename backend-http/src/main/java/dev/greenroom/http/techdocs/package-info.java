/**
 * TechDocs' routes under {@code /api/techdocs} ({@link dev.greenroom.http.techdocs.TechDocsApiPlugin}):
 * metadata, the published static files, the build as a server-sent event stream, and search.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.http.techdocs;
