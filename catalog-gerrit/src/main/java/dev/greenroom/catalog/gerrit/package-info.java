/**
 * Gerrit discovery for the catalog (Backstage's {@code catalog-backend-module-gerrit} {@code
 * GerritEntityProvider}): {@link dev.greenroom.catalog.gerrit.GerritProviders} builds, from
 * {@code catalog.providers.gerrit}, the {@link dev.greenroom.catalog.gerrit.GerritEntityProvider}s
 * that list projects with Gerrit's REST API and emit Location entities for their Gitiles URLs as
 * Backstage does, and runs them on their schedules.
 */
@NullMarked
package dev.greenroom.catalog.gerrit;

import org.jspecify.annotations.NullMarked;
