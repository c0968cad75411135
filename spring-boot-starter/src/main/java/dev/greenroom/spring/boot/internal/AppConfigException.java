package dev.greenroom.spring.boot.internal;

/** A Backstage app-config file the starter cannot apply; the message names the file and key. */
public final class AppConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AppConfigException(String message) {
    super(message);
  }

  AppConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
