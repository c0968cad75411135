/** The signing key store in H2 or PostgreSQL ({@code JdbcKeyStore}). */
@NullMarked
package dev.greenroom.auth.token.jdbc;

import org.jspecify.annotations.NullMarked;
