/** Not API: GitHub's GraphQL client and the providers' back-off. */
@NullMarked
package dev.greenroom.catalog.github.internal;

import org.jspecify.annotations.NullMarked;
