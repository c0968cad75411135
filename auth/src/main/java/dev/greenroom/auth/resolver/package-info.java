/** Sign-in resolvers: from a provider's profile to a catalog identity. */
@NullMarked
package dev.greenroom.auth.resolver;

import org.jspecify.annotations.NullMarked;
