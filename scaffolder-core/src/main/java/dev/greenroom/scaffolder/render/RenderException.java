package dev.greenroom.scaffolder.render;

import dev.greenroom.scaffolder.ScaffolderException;

/** A template string or file could not be parsed or rendered; the message says where and why. */
public class RenderException extends ScaffolderException {
  /** An error with a message. */
  public RenderException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public RenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
