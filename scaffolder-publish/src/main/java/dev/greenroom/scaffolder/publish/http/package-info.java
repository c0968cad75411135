/**
 * The REST side of publishing: {@link dev.greenroom.scaffolder.publish.http.HostApi} calls one
 * SCM host's API with the integration's credentials and turns its refusals into task errors that
 * name the host and never the token.
 */
@NullMarked
package dev.greenroom.scaffolder.publish.http;

import org.jspecify.annotations.NullMarked;
