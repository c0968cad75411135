/**
 * Backstage's GitHub catalog module: {@link dev.greenroom.catalog.github.GithubEntityProvider}
 * discovers catalog files in an organisation's repositories ({@code catalog.providers.github}) and
 * {@link dev.greenroom.catalog.github.GithubOrgEntityProvider} reads the users and teams of
 * organisations ({@code catalog.providers.githubOrg}); both are built by {@link
 * dev.greenroom.catalog.github.GithubProviders}, run on the host's scheduler and react to GitHub
 * webhook events.
 */
@NullMarked
package dev.greenroom.catalog.github;

import org.jspecify.annotations.NullMarked;
