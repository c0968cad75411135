/**
 * The graph store SPI ({@link dev.greenroom.catalog.store.EntityStore}), write batches, scans,
 * and the caching and forwarding decorators. Stores apply writes through the {@code stitch}
 * package's {@code Stitcher}.
 */
@NullMarked
package dev.greenroom.catalog.store;

import org.jspecify.annotations.NullMarked;
