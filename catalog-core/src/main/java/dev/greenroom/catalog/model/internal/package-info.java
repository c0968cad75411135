/**
 * Not API: the door through which catalog-core's own stages (validation, search rows, stitching)
 * read an entity's JSON tree without copying it, and wrap a tree they built without copying it
 * again. Other modules use {@link dev.greenroom.catalog.model.Entity}'s public methods.
 */
@NullMarked
package dev.greenroom.catalog.model.internal;

import org.jspecify.annotations.NullMarked;
