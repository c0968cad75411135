/**
 * Backstage's auth backend: {@link dev.greenroom.auth.AuthBackend} mounts sign-in providers under
 * {@code /api/auth}, signs user tokens and checks them on every route.
 */
@NullMarked
package dev.greenroom.auth;

import org.jspecify.annotations.NullMarked;
