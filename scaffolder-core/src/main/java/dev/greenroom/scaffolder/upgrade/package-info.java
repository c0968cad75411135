/**
 * Template upgrades: what a created entity records about its template ({@link
 * dev.greenroom.scaffolder.template.TemplateProvenance}), the diff between a repository and its
 * template's current version rendered with the recorded values, a three-way upgrade (v2 minus v1
 * applied to the repository, local edits kept) pushed to a branch, and the fleet of entities made
 * from a template. Entry point: {@link dev.greenroom.scaffolder.upgrade.TemplateUpgrades}; SPIs
 * the host may replace: {@link dev.greenroom.scaffolder.upgrade.TemplateVersions} (where old
 * template versions are found), {@link dev.greenroom.scaffolder.upgrade.GitCredentials} and {@link
 * dev.greenroom.scaffolder.upgrade.PullRequestOpener}.
 */
@NullMarked
package dev.greenroom.scaffolder.upgrade;

import org.jspecify.annotations.NullMarked;
