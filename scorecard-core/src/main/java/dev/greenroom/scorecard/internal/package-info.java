/** Helpers of the scorecard module that are not API: entity filter matching, entity paths. */
@NullMarked
package dev.greenroom.scorecard.internal;

import org.jspecify.annotations.NullMarked;
