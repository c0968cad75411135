/**
 * The search routes: {@link dev.greenroom.search.http.SearchApiPlugin} ({@code GET
 * /api/search/query}), an {@code ApiPlugin} of backend-http.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.search.http;
