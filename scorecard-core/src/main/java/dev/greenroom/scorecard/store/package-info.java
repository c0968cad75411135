/**
 * Where facts and scorecard results are kept: the {@link dev.greenroom.scorecard.store.FactStore}
 * and {@link dev.greenroom.scorecard.store.ResultHistory} roles, in memory or in the catalog's
 * database (tables {@code gr_fact_*}, H2 or PostgreSQL).
 */
@NullMarked
package dev.greenroom.scorecard.store;

import org.jspecify.annotations.NullMarked;
