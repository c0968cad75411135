package dev.greenroom.scaffolder.upgrade;

import java.util.Optional;

/**
 * Opens a pull request for a pushed upgrade branch on the repository's host (GitHub, GitLab,
 * Bitbucket, ...). Hosts plug their publishing module's pull-request client in here; without one,
 * an upgrade reports the pushed branch.
 */
@FunctionalInterface
public interface PullRequestOpener {
  /**
   * Opens a pull request, or answers empty when this opener does not serve the repository's host
   * (the upgrade then reports only the branch).
   *
   * @param request what to open
   * @return the pull request's browsable URL
   * @throws RuntimeException when the host refuses; the message names the host, never a token
   */
  Optional<String> open(Request request);

  /**
   * A pull request to open.
   *
   * @param repository the repository
   * @param sourceBranch the pushed upgrade branch
   * @param targetBranch the branch to merge into
   * @param title the title
   * @param description the body (versions, files, conflicts)
   */
  record Request(RepositoryLocation repository, String sourceBranch, String targetBranch,
      String title, String description) {}
}
