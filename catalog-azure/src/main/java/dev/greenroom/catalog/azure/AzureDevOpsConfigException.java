package dev.greenroom.catalog.azure;

/**
 * A {@code catalog.providers.azureDevOps} config that cannot be used. The message names the key
 * ({@code catalog.providers.azureDevOps.main.organization}) and never a secret.
 */
public class AzureDevOpsConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public AzureDevOpsConfigException(String message) {
    super(message);
  }

  /** An error with its message and cause. */
  public AzureDevOpsConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
