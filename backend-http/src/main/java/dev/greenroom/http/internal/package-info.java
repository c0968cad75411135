/** Helpers of the HTTP module; not API. */
@NullMarked
package dev.greenroom.http.internal;

import org.jspecify.annotations.NullMarked;
