/**
 * The entity model: {@link dev.greenroom.catalog.model.Entity}, references, relations and their
 * inverses, and the relations Backstage's built-in kinds imply.
 */
@NullMarked
package dev.greenroom.catalog.model;

import org.jspecify.annotations.NullMarked;
