/**
 * What the processing state stores share and is not API: refresh-key and time normalisation, and
 * the eager-deletion walk.
 */
@NullMarked
package dev.greenroom.catalog.processing.state.internal;

import org.jspecify.annotations.NullMarked;
