package dev.greenroom.integrations;

/**
 * The root of this module's exceptions: an {@code integrations} config of the wrong shape. The
 * message names the key ({@code integrations.github[0].apiBaseUrl}) and never a secret's value.
 * Failures while reading from a host are {@link
 * dev.greenroom.catalog.processing.ProcessingException}s, as for every {@code UrlReader}.
 */
public class IntegrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public IntegrationException(String message) {
    super(message);
  }
}
