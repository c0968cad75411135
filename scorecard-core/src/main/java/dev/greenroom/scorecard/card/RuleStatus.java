package dev.greenroom.scorecard.card;

/** How a rule came out for one entity. */
public enum RuleStatus {
  /** The check passed. */
  PASS,
  /** The check failed, or a fact it needs is missing. */
  FAIL,
  /** An active exemption covers the rule: neither pass nor fail. */
  EXEMPT,
  /** The rule's filter does not select the entity: neither pass nor fail. */
  NOT_APPLICABLE
}
