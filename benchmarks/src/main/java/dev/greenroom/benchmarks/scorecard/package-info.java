/** The scorecard benchmark: 10 scorecards of 10 rules over 100,000 entities. */
@NullMarked
package dev.greenroom.benchmarks.scorecard;

import org.jspecify.annotations.NullMarked;
