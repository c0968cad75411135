package dev.greenroom.catalog.processing.state.jdbc;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the processing and stitch claims an owner holds (an engine restarted under the same
 * instance id), or every owner's (an H2 database first opened in this JVM: its claims belong to a
 * process that is gone). Rows claimed for processing become due at once: claiming had moved their
 * {@code next_update_at} a processing interval on, and the run never completed.
 */
final class ReleaseClaims {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProcessingState.class);

  private ReleaseClaims() {}

  /** Frees the claims of {@code owner}, or of every owner when it is null; returns how many. */
  static int run(Handle h, @Nullable String owner) {
    String which = owner == null ? " WHERE lease_owner IS NOT NULL" : " WHERE lease_owner = ?";
    var claims =
        h.createUpdate(
            "UPDATE gr_proc_refresh_state SET next_update_at = 0,"
                + " lease_owner = NULL, lease_until = NULL"
                + which);
    var stitches =
        h.createUpdate(
            "UPDATE gr_proc_stitch_queue SET lease_owner = NULL, lease_until = NULL" + which);
    if (owner != null) {
      claims.bind(0, owner);
      stitches.bind(0, owner);
    }
    int n = claims.execute() + stitches.execute();
    if (n > 0) {
      LOG.info("released {} claims left by {}", n, owner == null ? "a stopped process" : owner);
    }
    return n;
  }
}
