/**
 * Facts, checks and scorecards over the catalog: {@link dev.greenroom.scorecard.Scorecards} is the
 * entry point; facts live in {@code fact}, Tech Insights checks in {@code check}, level ladders and
 * scores in {@code card}, roll-ups and exports in {@code report}, storage in {@code store}.
 */
@NullMarked
package dev.greenroom.scorecard;

import org.jspecify.annotations.NullMarked;
