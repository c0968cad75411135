/**
 * Backstage's publishing actions for the scaffolder: {@link
 * dev.greenroom.scaffolder.publish.PublishActions} builds them over the integrations; {@link
 * dev.greenroom.scaffolder.publish.RepoUrl} reads their {@code repoUrl} input. Each host has a
 * package of its own ({@code bitbucket}); {@code git} pushes, {@code http} calls the host's API.
 */
@NullMarked
package dev.greenroom.scaffolder.publish;

import org.jspecify.annotations.NullMarked;
