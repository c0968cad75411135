package dev.greenroom.catalog.bitbucket;

/**
 * The root of this module's exceptions: a {@code catalog.providers.bitbucketCloud} or {@code
 * bitbucketServer} config that cannot be used. The message names the key ({@code
 * catalog.providers.bitbucketServer.main.host}) and never a secret.
 */
public class BitbucketConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public BitbucketConfigException(String message) {
    super(message);
  }

  /** An error with its message and cause. */
  public BitbucketConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
