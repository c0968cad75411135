/**
 * Stitching, the catalog's last stage: {@link dev.greenroom.catalog.stitch.Stitcher} turns a
 * {@link dev.greenroom.catalog.store.WriteBatch} (processed entities with their uid, orphan state,
 * processing errors and emitted relation edges) into the final entities readers see, as
 * Backstage's {@code performStitching} does; {@link dev.greenroom.catalog.stitch.StitchState} is
 * what a store implements so that the memory and JDBC stores run the same stitching.
 */
@NullMarked
package dev.greenroom.catalog.stitch;

import org.jspecify.annotations.NullMarked;
