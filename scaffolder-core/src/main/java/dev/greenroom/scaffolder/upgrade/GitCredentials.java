package dev.greenroom.scaffolder.upgrade;

import java.util.Optional;

/**
 * The credentials an upgrade pushes with, looked up by the repository's git URL (the host maps
 * its SCM integrations to this: a GitHub token as {@code x-access-token}, a GitLab token as {@code
 * oauth2}, ...). Called once per push; the password is never logged or put in an error.
 */
@FunctionalInterface
public interface GitCredentials {
  /** No credentials: anonymous pushes (a local or internal git server). */
  GitCredentials NONE = url -> Optional.empty();

  /**
   * The credentials for {@code gitUrl}, or empty to push without any.
   *
   * @param gitUrl the repository's clone URL
   */
  Optional<Basic> lookup(String gitUrl);

  /**
   * HTTP basic credentials.
   *
   * @param username the user name ({@code x-access-token} for GitHub tokens)
   * @param password the token or password
   */
  record Basic(String username, String password) {
    @Override
    public String toString() {
      return "Basic[" + username + ", ***]";
    }
  }
}
