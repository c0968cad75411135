/** Not API: JSON-schema plumbing (loading, ajv-compatible error order and wording). */
@NullMarked
package dev.greenroom.catalog.validation.internal;

import org.jspecify.annotations.NullMarked;
