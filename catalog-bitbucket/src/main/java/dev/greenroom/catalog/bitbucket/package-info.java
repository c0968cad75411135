/**
 * Bitbucket discovery for the catalog (Backstage's {@code catalog-backend-module-bitbucket-cloud}
 * and {@code -bitbucket-server}): {@link dev.greenroom.catalog.bitbucket.BitbucketProviders} builds,
 * from {@code catalog.providers.bitbucketCloud} and {@code bitbucketServer}, the {@link
 * dev.greenroom.catalog.bitbucket.BitbucketCloudEntityProvider} (code search per project) and
 * {@link dev.greenroom.catalog.bitbucket.BitbucketServerEntityProvider} (projects and
 * repositories) that emit the Location entities Backstage emits, and runs them on their schedules.
 */
@NullMarked
package dev.greenroom.catalog.bitbucket;

import org.jspecify.annotations.NullMarked;
