/**
 * Azure DevOps (cloud and server): {@link dev.greenroom.integrations.azure.AzureUrlReader} reads
 * files (the Git items API), trees (the newest commit of the branch, then the folder as a zip)
 * and glob searches as Backstage's {@code AzureUrlReader} does, with personal access tokens.
 */
@NullMarked
package dev.greenroom.integrations.azure;

import org.jspecify.annotations.NullMarked;
