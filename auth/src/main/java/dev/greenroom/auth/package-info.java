/**
 * Backstage's auth backend: {@link dev.greenroom.auth.AuthBackend} mounts sign-in providers under
 * {@code /api/auth}, signs user tokens and checks them on every route.
 *
 * <p>Providers: {@link dev.greenroom.auth.provider.GuestProvider} (development sign-in as one
 * user) and {@link dev.greenroom.auth.provider.OidcProvider}, Backstage's generic OpenID Connect
 * provider ({@code auth.providers.oidc.<env>}): the popup goes to the issuer with a state and PKCE,
 * the callback's ID token is checked against the issuer's keys and resolved to a catalog user, and
 * the issuer's refresh token stays in an encrypted HttpOnly cookie that {@code refresh} uses and
 * {@code logout} clears. The browser only ever sees Backstage's session.
 */
@NullMarked
package dev.greenroom.auth;

import org.jspecify.annotations.NullMarked;
