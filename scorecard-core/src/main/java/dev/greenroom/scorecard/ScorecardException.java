package dev.greenroom.scorecard;

/** The root of every unchecked exception the scorecard module throws. */
public class ScorecardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that names what failed. */
  public ScorecardException(String message) {
    super(message);
  }

  /** An error with a cause. */
  public ScorecardException(String message, Throwable cause) {
    super(message, cause);
  }
}
