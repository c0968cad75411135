/**
 * What events do to the catalog: {@link dev.greenroom.events.catalog.PushRefreshSubscriber}
 * refreshes the entities read from a repository that was pushed to. (The entity caches of hosts
 * sharing a database keep in step through the catalog store's change log, without events.)
 */
@NullMarked
package dev.greenroom.events.catalog;

import org.jspecify.annotations.NullMarked;
