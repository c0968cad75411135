/**
 * Backstage's REST API on Jetty 12, hardened for exposed deployments: {@link
 * dev.greenroom.http.jetty.JettyServer} bounds connections, concurrent requests, open event
 * streams, header sizes and idle and slow clients, and answers every refusal in Backstage's JSON
 * error shape.
 */
@NullMarked
package dev.greenroom.http.jetty;

import org.jspecify.annotations.NullMarked;
