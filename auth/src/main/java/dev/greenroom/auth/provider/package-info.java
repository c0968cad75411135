/** The sign-in provider SPI and the built-in providers (guest, OIDC). */
@NullMarked
package dev.greenroom.auth.provider;

import org.jspecify.annotations.NullMarked;
