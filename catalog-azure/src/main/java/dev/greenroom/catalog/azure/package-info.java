/**
 * Azure DevOps discovery for the catalog (Backstage's {@code catalog-backend-module-azure}
 * {@code AzureDevOpsEntityProvider}): {@link dev.greenroom.catalog.azure.AzureDevOpsProviders}
 * builds, from {@code catalog.providers.azureDevOps}, the {@link
 * dev.greenroom.catalog.azure.AzureDevOpsEntityProvider}s that find catalog files with Azure
 * DevOps code search and emit the Location entities Backstage emits, and runs them on their
 * schedules.
 */
@NullMarked
package dev.greenroom.catalog.azure;

import org.jspecify.annotations.NullMarked;
