package dev.greenroom.auth.provider;

import dev.greenroom.auth.resolver.SignInIdentity;
import dev.greenroom.auth.resolver.SignInProfile;
import dev.greenroom.http.Call;
import java.io.IOException;
import java.net.URI;
import tools.jackson.databind.node.ObjectNode;

/** What the auth plugin offers its providers: token signing and Backstage's answers. */
public interface ProviderContext {
  /** The backend's external base URL ({@code backend.baseUrl}), such as {@code http://localhost:7007}. */
  URI baseUrl();

  /** The app's origin ({@code app.baseUrl}): the only page sign-in results are posted to. */
  String appOrigin();

  /** {@code <baseUrl>/api/auth/<provider>/handler/frame}: the callback URL of a provider. */
  default URI callbackUrl(String providerId) {
    return URI.create(baseUrl().toString().replaceAll("/+$", "") + "/api/auth/" + providerId
        + "/handler/frame");
  }

  /**
   * Signs a token for {@code identity} and builds Backstage's session: {@code {profile,
   * providerInfo: {}, backstageIdentity: {token, expiresInSeconds, identity: {type: "user",
   * userEntityRef, ownershipEntityRefs}}}}.
   */
  default ObjectNode session(SignInIdentity identity, SignInProfile profile) {
    return session(identity, profile, tools.jackson.databind.node.JsonNodeFactory.instance
        .objectNode());
  }

  /**
   * The session, with Backstage's {@code providerInfo} of an OAuth provider ({@code accessToken},
   * {@code idToken}, {@code scope}, {@code expiresInSeconds}; never a refresh token, which stays in
   * the provider's cookie).
   */
  ObjectNode session(SignInIdentity identity, SignInProfile profile, ObjectNode providerInfo);

  /**
   * Answers the popup with a page that posts {@code {type: "authorization_response", response}}
   * to the app's origin and closes itself.
   */
  void postSession(Call call, ObjectNode session) throws IOException;

  /** Answers the popup with a page that posts the error ({@code {name, message}}) to the app. */
  void postError(Call call, String name, String message) throws IOException;
}
