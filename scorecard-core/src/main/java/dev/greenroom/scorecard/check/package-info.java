/**
 * Checks in Tech Insights' json-rules-engine format: {@link dev.greenroom.scorecard.check.Check},
 * its {@link dev.greenroom.scorecard.check.Condition} tree with the ten operators (plus checks on
 * entity fields), the loader that refuses bad definitions, and evaluation with per-leaf reasons.
 */
@NullMarked
package dev.greenroom.scorecard.check;

import org.jspecify.annotations.NullMarked;
