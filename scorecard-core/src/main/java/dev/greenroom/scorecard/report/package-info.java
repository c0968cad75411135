/**
 * Reports over scorecard results: per entity, per owner (rolled up through the group hierarchy),
 * fleet-wide, and over time (levels per ISO week), with CSV and JSON export for auditors.
 */
@NullMarked
package dev.greenroom.scorecard.report;

import org.jspecify.annotations.NullMarked;
