package dev.greenroom.auth.resolver;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a provider learnt of the person signing in: Backstage's profile ({@code email}, {@code
 * displayName}, {@code picture}) and the provider's own claims (an OIDC ID token's, for example).
 *
 * @param email the email address, when the provider gave one
 * @param displayName the name to show
 * @param picture a picture URL
 * @param claims the provider's claims (strings, numbers, booleans, lists), never tokens
 */
public record SignInProfile(@Nullable String email, @Nullable String displayName,
    @Nullable String picture, Map<String, Object> claims) {
  public SignInProfile {
    claims = Map.copyOf(claims);
  }
}
