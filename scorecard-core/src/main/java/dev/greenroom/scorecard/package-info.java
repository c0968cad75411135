/**
 * Facts, checks and scorecards. Arrives with issue 7.
 */
package dev.greenroom.scorecard;
