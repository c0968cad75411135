/** User tokens (Backstage's claims, ES256) and the rotating keys that sign them. */
@NullMarked
package dev.greenroom.auth.token;

import org.jspecify.annotations.NullMarked;
