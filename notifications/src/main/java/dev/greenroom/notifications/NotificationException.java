package dev.greenroom.notifications;

/** A failure of the notifications backend, for example of its store; the message names the cause. */
public class NotificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public NotificationException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public NotificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
