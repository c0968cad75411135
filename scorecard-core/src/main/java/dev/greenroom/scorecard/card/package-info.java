/**
 * Scorecards: rules with levels (a ladder) and weights over checks, entity filters, exemptions with
 * an expiry, and results that say for each rule why it passed or failed.
 */
@NullMarked
package dev.greenroom.scorecard.card;

import org.jspecify.annotations.NullMarked;
