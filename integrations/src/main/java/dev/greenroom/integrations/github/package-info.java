/**
 * GitHub and GitHub Enterprise: {@link dev.greenroom.integrations.github.GithubUrlReader} reads
 * files (contents API with the raw media type, or the raw host), trees (commit status for the sha,
 * then the tarball) and glob searches (recursive git tree, then blobs) as Backstage's {@code
 * GithubUrlReader} does, with a token or a GitHub App's installation tokens.
 */
@NullMarked
package dev.greenroom.integrations.github;

import org.jspecify.annotations.NullMarked;
