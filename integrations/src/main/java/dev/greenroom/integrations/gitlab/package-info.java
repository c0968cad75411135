/**
 * GitLab and self-managed GitLab: {@link dev.greenroom.integrations.gitlab.GitlabUrlReader} reads
 * files (the repository files API, the project named by its path), trees (the last commit of a
 * path for the ETag, then the repository archive) and glob searches (the recursive repository tree,
 * page by page, then the matching files) as Backstage's {@code GitlabUrlReader} does, with the
 * integration's token as {@code Authorization: Bearer}; {@link dev.greenroom.integrations.gitlab.GitlabApi} is the
 * bounded REST client the reader and the GitLab catalog providers share.
 */
@NullMarked
package dev.greenroom.integrations.gitlab;

import org.jspecify.annotations.NullMarked;
