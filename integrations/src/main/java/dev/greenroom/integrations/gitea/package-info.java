/**
 * Gitea and Forgejo: {@link dev.greenroom.integrations.gitea.GiteaUrlReader} reads files (the
 * contents API, base64), trees (the ref's commit, then the {@code .tar.gz} archive) and glob
 * searches, as Backstage's {@code GiteaUrlReader} does.
 */
@NullMarked
package dev.greenroom.integrations.gitea;

import org.jspecify.annotations.NullMarked;
