/**
 * The graph store SPI ({@link dev.greenroom.catalog.store.EntityStore}), write batches, scans, and the shared {@link dev.greenroom.catalog.store.Stitcher}.
 */
@NullMarked
package dev.greenroom.catalog.store;

import org.jspecify.annotations.NullMarked;
