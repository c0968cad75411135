/**
 * What the processing state stores share and is not API: the decisions both execute ({@link
 * dev.greenroom.catalog.processing.state.internal.StatePlanner}, {@link
 * dev.greenroom.catalog.processing.state.internal.LocationKeyRule}) and the normal forms of times,
 * refresh keys and errors ({@link dev.greenroom.catalog.processing.state.internal.StateSupport}).
 */
@NullMarked
package dev.greenroom.catalog.processing.state.internal;

import org.jspecify.annotations.NullMarked;
