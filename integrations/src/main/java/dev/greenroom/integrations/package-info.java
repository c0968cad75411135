/**
 * Backstage's {@code integrations} configuration and the URL readers it selects: {@link
 * dev.greenroom.integrations.ScmIntegrations} (the entry point: parses the config subtree, builds
 * one {@link dev.greenroom.catalog.processing.location.UrlReader} that picks a reader by host and
 * falls back to the host's plain reader), the config model of every host type ({@link
 * dev.greenroom.integrations.GithubIntegrationConfig}, {@link
 * dev.greenroom.integrations.GitlabIntegrationConfig}, Bitbucket Cloud and Server, Azure DevOps,
 * Gerrit, Gitea), {@link dev.greenroom.integrations.Secret} (tokens and keys that never print) and
 * {@link dev.greenroom.integrations.ReadLimits}.
 */
@NullMarked
package dev.greenroom.integrations;

import org.jspecify.annotations.NullMarked;
