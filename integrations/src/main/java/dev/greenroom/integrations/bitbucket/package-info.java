/**
 * Bitbucket Cloud and Bitbucket Server (Data Center): {@link
 * dev.greenroom.integrations.bitbucket.BitbucketCloudUrlReader} and {@link
 * dev.greenroom.integrations.bitbucket.BitbucketServerUrlReader} read files (the {@code src} and
 * {@code raw} APIs), trees (the newest commit, then the {@code .tar.gz} archive) and glob searches
 * (the archive, filtered) as Backstage's readers do; {@link
 * dev.greenroom.integrations.bitbucket.BitbucketHttp} is the bounded, credential-aware HTTP both
 * readers and the discovery providers of {@code greenroom-catalog-bitbucket} use.
 */
@NullMarked
package dev.greenroom.integrations.bitbucket;

import org.jspecify.annotations.NullMarked;
