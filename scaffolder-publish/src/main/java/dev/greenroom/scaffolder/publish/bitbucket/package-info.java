/**
 * Bitbucket's publishing actions: {@code publish:bitbucketServer}, {@code
 * publish:bitbucketServer:pull-request} and {@code publish:bitbucketCloud}, with Backstage's ids,
 * inputs and outputs, on the {@code integrations.bitbucketServer} and {@code
 * integrations.bitbucketCloud} credentials.
 */
@NullMarked
package dev.greenroom.scaffolder.publish.bitbucket;

import org.jspecify.annotations.NullMarked;
