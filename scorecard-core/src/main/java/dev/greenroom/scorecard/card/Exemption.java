package dev.greenroom.scorecard.card;

import dev.greenroom.catalog.model.EntityRef;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An exemption of one entity from one rule or from a whole scorecard, with a reason and an expiry.
 * While active, an exempt rule neither passes nor fails (it does not count towards levels or the
 * score); an exempt scorecard gives the entity a result with every rule exempt.
 *
 * @param scorecardId the scorecard
 * @param ruleId the rule, or null for the whole scorecard
 * @param entity the entity
 * @param reason why, for auditors
 * @param expires when the exemption stops applying (read with the runtime's clock)
 */
public record Exemption(
    String scorecardId, @Nullable String ruleId, EntityRef entity, String reason, Instant expires) {
  /** Validates the parts. */
  public Exemption {
    Objects.requireNonNull(scorecardId, "scorecardId");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("an exemption needs a reason");
    }
    Objects.requireNonNull(expires, "expires");
  }

  /** True before the expiry. */
  public boolean activeAt(Instant now) {
    return now.isBefore(expires);
  }

  /** True when it covers this rule (or the whole scorecard) of this scorecard. */
  public boolean covers(String scorecard, @Nullable String rule) {
    return scorecardId.equals(scorecard) && (ruleId == null || ruleId.equals(rule));
  }
}
