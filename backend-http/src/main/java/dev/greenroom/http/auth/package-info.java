/**
 * Authentication and authorization SPIs of the HTTP API: an {@link
 * dev.greenroom.http.auth.Authenticator} turns request headers into a principal (or 401), a {@link
 * dev.greenroom.http.auth.PermissionPolicy} decides each read and write (allow, deny, or a filter
 * that narrows reads), after Backstage's permission framework.
 */
@NullMarked
package dev.greenroom.http.auth;

import org.jspecify.annotations.NullMarked;
