/**
 * Backstage's REST API over HTTP, with no framework forced on the host: the JDK's
 * {@code HttpServer} by default, a Jakarta Servlet for hosts that run a container.
 */
@NullMarked
package dev.greenroom.http;

import org.jspecify.annotations.NullMarked;
