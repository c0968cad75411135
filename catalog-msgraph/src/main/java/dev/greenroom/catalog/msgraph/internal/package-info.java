/**
 * Not API. The Microsoft Graph client on the JDK's HTTP client (client-credentials tokens,
 * {@code @odata.nextLink} paging, OData query options, limits) and the reader that turns Graph's
 * users, groups and organization into entities with Backstage's names and relations.
 */
@NullMarked
package dev.greenroom.catalog.msgraph.internal;

import org.jspecify.annotations.NullMarked;
