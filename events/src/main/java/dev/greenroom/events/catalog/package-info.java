/**
 * What events do to the catalog: {@link dev.greenroom.events.catalog.PushRefreshSubscriber}
 * refreshes the entities read from a repository that was pushed to, and {@link
 * dev.greenroom.events.catalog.CatalogCacheSync} keeps the entity caches of hosts sharing a
 * database in step.
 */
@NullMarked
package dev.greenroom.events.catalog;

import org.jspecify.annotations.NullMarked;
