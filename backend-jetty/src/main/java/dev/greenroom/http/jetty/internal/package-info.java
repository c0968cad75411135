/** Not API: the WebSocket adapter Jetty calls. */
@NullMarked
package dev.greenroom.http.jetty.internal;

import org.jspecify.annotations.NullMarked;
