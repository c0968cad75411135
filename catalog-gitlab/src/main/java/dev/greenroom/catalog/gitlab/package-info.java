/**
 * Backstage's GitLab catalog providers, configured under {@code catalog.providers.gitlab.<id>}:
 * {@link dev.greenroom.catalog.gitlab.GitlabDiscoveryEntityProvider} (a Location entity for each
 * project of a group that holds the catalog file) and {@link
 * dev.greenroom.catalog.gitlab.GitlabOrgDiscoveryEntityProvider} ({@code orgEnabled: true}: users
 * and groups with their memberships and hierarchy). {@link
 * dev.greenroom.catalog.gitlab.GitlabProviders} builds both from the config, schedules them on the
 * host's threads and subscribes them to GitLab's webhook events.
 */
@NullMarked
package dev.greenroom.catalog.gitlab;

import org.jspecify.annotations.NullMarked;
