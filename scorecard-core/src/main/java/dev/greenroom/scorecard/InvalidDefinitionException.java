package dev.greenroom.scorecard;

/**
 * A check, scorecard, fact schema or exemption definition that was refused when loaded. The message
 * names the source (file), the definition (check or scorecard id) and the rule.
 */
public class InvalidDefinitionException extends ScorecardException {
  private static final long serialVersionUID = 1L;

  /** A refused definition; the message names what and where. */
  public InvalidDefinitionException(String message) {
    super(message);
  }
}
