package dev.greenroom.auth.resolver;

/**
 * Maps the profile a provider signed someone in with to a Backstage identity, usually a User
 * entity of the catalog (see {@link CatalogSignIn} for Backstage's built-in resolvers). Called
 * once per sign-in and per refresh, on a request thread.
 */
@FunctionalInterface
public interface SignInResolver {
  /**
   * The identity to issue a token for.
   *
   * @throws SignInException when this person may not sign in (no matching user, say)
   */
  SignInIdentity resolve(SignInProfile profile);

  /** Tries each resolver in order; the first that resolves wins (Backstage's resolver list). */
  static SignInResolver firstOf(java.util.List<SignInResolver> resolvers) {
    java.util.List<SignInResolver> copy = java.util.List.copyOf(resolvers);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("at least one sign-in resolver is needed");
    }
    return profile -> {
      SignInException last = null;
      for (SignInResolver r : copy) {
        try {
          return r.resolve(profile);
        } catch (SignInException e) {
          last = e;
        }
      }
      throw last;
    };
  }
}
