package dev.greenroom.auth.provider;

import dev.greenroom.http.Call;
import java.io.IOException;

/**
 * A sign-in provider mounted under {@code /api/auth/<id>}, with Backstage's four steps: {@code
 * start} (send the browser's popup to the identity provider), {@code handler/frame} (the provider
 * sends the popup back; answer with a page that posts the session to the app), {@code refresh}
 * (the app asks for a fresh session without a popup) and {@code logout}. Every step runs without
 * credentials: that is how a person gets them.
 *
 * <p>A provider learns who signed in, resolves it to a catalog identity (a {@link
 * dev.greenroom.auth.resolver.SignInResolver}) and answers through the {@link ProviderContext},
 * which signs the token and writes Backstage's response shapes.
 */
public interface AuthProvider {
  /** The id in the URL, such as {@code guest} or {@code oidc}. */
  String id();

  /** {@code GET /start}: usually a redirect to the identity provider. */
  void start(Call call, ProviderContext ctx) throws IOException;

  /** {@code GET|POST /handler/frame}: the identity provider's callback. */
  void frameHandler(Call call, ProviderContext ctx) throws IOException;

  /** {@code GET /refresh}: a fresh session from what the browser kept (a cookie), or 401. */
  void refresh(Call call, ProviderContext ctx) throws IOException;

  /** {@code POST /logout}: forget the browser's session; default answers 200. */
  default void logout(Call call, ProviderContext ctx) throws IOException {
    call.empty(200);
  }
}
