package dev.greenroom.scorecard.card;

import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scorecard.check.EvaluationInput;
import dev.greenroom.scorecard.check.Verdict;
import dev.greenroom.scorecard.internal.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates one scorecard for one entity: applicability (rule filters), exemptions, the checks,
 * then the ladder fold and the score. Pure: no I/O, no clock of its own (the input carries {@code
 * now}); the caller has already decided that the scorecard's own filter selects the entity.
 *
 * <p>A check that is {@link Verdict#MISSING} (a fact has no value) fails its rule; the reason names
 * the missing fact.
 */
public final class ScorecardEvaluator {
  private ScorecardEvaluator() {}

  /**
   * Evaluates.
   *
   * @param card the scorecard
   * @param in the entity, its latest facts and the time
   * @param exemptions the exemptions of this entity (any scorecard; inactive ones are ignored)
   * @param index the entity's search index for rule filters, or null to compute it when needed
   */
  public static ScorecardResult evaluate(
      Scorecard card, EvaluationInput in, List<Exemption> exemptions, @Nullable Map<String, List<String>> index) {
    Exemption whole = null;
    for (Exemption e : exemptions) {
      if (e.ruleId() == null && e.covers(card.id(), null) && e.activeAt(in.now())) {
        whole = e;
      }
    }
    List<RuleResult> results = new ArrayList<>(card.rules().size());
    boolean[] levelFailed = new boolean[card.levels().size()];
    double score = 0;
    double max = 0;
    for (Rule r : card.rules()) {
      RuleResult rr;
      Exemption ex = whole;
      if (ex == null) {
        for (Exemption e : exemptions) {
          if (e.ruleId() != null && e.covers(card.id(), r.id()) && e.activeAt(in.now())) {
            ex = e;
          }
        }
      }
      if (ex != null) {
        rr = new RuleResult(r, RuleStatus.EXEMPT, null, ex);
      } else if (!applies(r.filter(), in, index)) {
        rr = new RuleResult(r, RuleStatus.NOT_APPLICABLE, null, null);
      } else {
        boolean pass = r.check().verdict(in) == Verdict.PASS;
        rr = RuleResult.decided(r, pass ? RuleStatus.PASS : RuleStatus.FAIL, in);
        max += r.weight();
        if (pass) {
          score += r.weight();
        } else if (r.level() != null) {
          levelFailed[card.levelIndex(r.level())] = true;
        }
      }
      results.add(rr);
    }
    String level = null;
    if (whole == null) {
      for (int i = 0; i < levelFailed.length && !levelFailed[i]; i++) {
        level = card.levels().get(i);
      }
    }
    return new ScorecardResult(card, in.ref(), in.now(), level, score, max, results, whole);
  }

  private static boolean applies(
      EntityPredicate filter, EvaluationInput in, @Nullable Map<String, List<String>> index) {
    if (Filters.isMatchAll(filter)) {
      return true;
    }
    if (in.entity() == null) {
      return false;
    }
    return EntityFilters.matches(filter, index != null ? index : Filters.index(in.entity()));
  }
}
