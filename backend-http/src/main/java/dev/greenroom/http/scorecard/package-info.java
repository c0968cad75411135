/**
 * HTTP routes of the scorecard module: Backstage Tech Insights' routes under {@code
 * /api/tech-insights} ({@link dev.greenroom.http.scorecard.TechInsightsApiPlugin}) and Greenroom's
 * scorecard results, reports and fact push under {@code /api/scorecards} ({@link
 * dev.greenroom.http.scorecard.ScorecardsApiPlugin}).
 */
@NullMarked
package dev.greenroom.http.scorecard;

import org.jspecify.annotations.NullMarked;
