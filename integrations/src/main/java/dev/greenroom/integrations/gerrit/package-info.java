/**
 * Gerrit with Gitiles: {@link dev.greenroom.integrations.gerrit.GerritUrlReader} reads files
 * (Gerrit's REST API, base64), trees (the branch revision, then Gitiles' {@code +archive}) and glob
 * searches for Gitiles URLs, as Backstage's {@code GerritUrlReader} does.
 */
@NullMarked
package dev.greenroom.integrations.gerrit;

import org.jspecify.annotations.NullMarked;
