package dev.greenroom.catalog.gitlab;

/**
 * The root of this module's exceptions: a {@code catalog.providers.gitlab} config that cannot be
 * used. The message names the key ({@code catalog.providers.gitlab.main.projectPattern}) and never
 * a token. Failures while talking to GitLab are {@link
 * dev.greenroom.catalog.processing.ProcessingException}s from the integration's client.
 */
public class GitlabCatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public GitlabCatalogException(String message) {
    super(message);
  }
}
