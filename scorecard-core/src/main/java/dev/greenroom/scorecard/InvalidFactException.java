package dev.greenroom.scorecard;

/** Facts that do not match their schema (unknown retriever, unknown field, wrong type). */
public class InvalidFactException extends ScorecardException {
  private static final long serialVersionUID = 1L;

  /** Refused facts; the message names the retriever, entity and field. */
  public InvalidFactException(String message) {
    super(message);
  }
}
