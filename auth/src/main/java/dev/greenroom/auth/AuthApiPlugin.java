package dev.greenroom.auth;

import dev.greenroom.auth.provider.AuthProvider;
import dev.greenroom.auth.provider.ProviderContext;
import dev.greenroom.auth.resolver.SignInException;
import dev.greenroom.auth.resolver.SignInIdentity;
import dev.greenroom.auth.resolver.SignInProfile;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.UserPrincipal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/auth}: the providers' four routes, the OpenID configuration, the public keys and
 * {@code /v1/userinfo}, as Backstage's auth backend serves them.
 */
final class AuthApiPlugin implements ApiPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(AuthApiPlugin.class);

  private final AuthBackend auth;
  private final ProviderContext context;

  AuthApiPlugin(AuthBackend auth) {
    this.auth = auth;
    this.context = new Context();
  }

  @Override
  public String id() {
    return "auth";
  }

  @Override
  public void routes(Router r) {
    r.get("/openapi.json", java.util.Set.of(),
        dev.greenroom.http.OpenApiDocument.route(AuthApiPlugin.class, "openapi.json")).unauthenticated();
    r.get("/.well-known/openid-configuration", Set.of(), this::openIdConfiguration)
        .unauthenticated();
    r.get("/.well-known/jwks.json", Set.of(), call -> call.json(200,
        Json.mapper().readTree(auth.tokens().keys().publicKeys().toString()))).unauthenticated();
    r.get("/v1/userinfo", Set.of(), this::userInfo);
    r.get("/:provider/start", Router.ANY_PARAMS,
        call -> provider(call).start(call, context)).unauthenticated();
    r.get("/:provider/handler/frame", Router.ANY_PARAMS,
        call -> provider(call).frameHandler(call, context)).unauthenticated();
    r.post("/:provider/handler/frame", Router.ANY_PARAMS,
        call -> provider(call).frameHandler(call, context)).unauthenticated();
    r.get("/:provider/refresh", Router.ANY_PARAMS, call -> {
      requireXhr(call);
      provider(call).refresh(call, context);
    }).unauthenticated();
    r.post("/:provider/refresh", Router.ANY_PARAMS, call -> {
      requireXhr(call);
      provider(call).refresh(call, context);
    }).unauthenticated();
    r.post("/:provider/logout", Router.ANY_PARAMS, call -> {
      requireXhr(call);
      provider(call).logout(call, context);
    }).unauthenticated();
  }

  private AuthProvider provider(Call call) {
    String id = call.path("provider");
    AuthProvider p = auth.providers().get(id);
    if (p == null) {
      throw ApiException.notFound("Unknown auth provider '" + id + "'");
    }
    return p;
  }

  /** Backstage's guard against cross-site requests to refresh and logout. */
  private static void requireXhr(Call call) {
    if (!call.headers().firstValue("x-requested-with").orElse("").equals("XMLHttpRequest")) {
      throw ApiException.unauthenticated("Invalid X-Requested-With header");
    }
  }

  private void openIdConfiguration(Call call) throws IOException {
    String base = auth.tokens().issuer();
    ObjectNode n = Json.object();
    n.put("issuer", base);
    n.put("token_endpoint", base + "/v1/token");
    n.put("userinfo_endpoint", base + "/v1/userinfo");
    n.put("jwks_uri", base + "/.well-known/jwks.json");
    n.putArray("response_types_supported").add("id_token");
    n.putArray("subject_types_supported").add("public");
    n.putArray("id_token_signing_alg_values_supported").add("ES256");
    n.putArray("scopes_supported").add("openid");
    n.putArray("token_endpoint_auth_methods_supported");
    n.putArray("claims_supported").add("sub").add("ent");
    n.putArray("grant_types_supported");
    call.json(200, n);
  }

  private void userInfo(Call call) throws IOException {
    if (!(call.principal() instanceof UserPrincipal u)) {
      throw ApiException.unauthenticated("Userinfo is only available for user tokens");
    }
    ObjectNode n = Json.object();
    ObjectNode claims = n.putObject("claims");
    claims.put("sub", u.userEntityRef());
    u.ownershipEntityRefs().forEach(claims.putArray("ent")::add);
    call.json(200, n);
  }

  private final class Context implements ProviderContext {
    @Override
    public URI baseUrl() {
      return auth.baseUrl();
    }

    @Override
    public String appOrigin() {
      return auth.appOrigin();
    }

    @Override
    public ObjectNode session(SignInIdentity identity, SignInProfile profile,
        ObjectNode providerInfo) {
      Duration life = auth.tokens().keys().keyDuration();
      String token = auth.tokens().issue(identity.userEntityRef(),
          identity.ownershipEntityRefs(), life);
      LOG.info("Issued a user token for {} (ownership {})", identity.userEntityRef(),
          identity.ownershipEntityRefs());
      ObjectNode n = Json.object();
      ObjectNode p = n.putObject("profile");
      if (profile.email() != null) {
        p.put("email", profile.email());
      }
      if (profile.displayName() != null) {
        p.put("displayName", profile.displayName());
      }
      if (profile.picture() != null) {
        p.put("picture", profile.picture());
      }
      n.set("providerInfo", providerInfo.deepCopy());
      ObjectNode bi = n.putObject("backstageIdentity");
      bi.put("token", token);
      bi.put("expiresInSeconds", life.toSeconds());
      ObjectNode id = bi.putObject("identity");
      id.put("type", "user");
      id.put("userEntityRef", identity.userEntityRef());
      identity.ownershipEntityRefs().forEach(id.putArray("ownershipEntityRefs")::add);
      return n;
    }

    @Override
    public void postSession(Call call, ObjectNode session) throws IOException {
      ObjectNode m = Json.object();
      m.put("type", "authorization_response");
      m.set("response", session);
      webMessage(call, m);
    }

    @Override
    public void postError(Call call, String name, String message) throws IOException {
      ObjectNode m = Json.object();
      m.put("type", "authorization_response");
      m.putObject("error").put("name", name).put("message", message);
      webMessage(call, m);
    }

    /** A page that posts the message to the app's origin, with a CSP that allows only its script. */
    private void webMessage(Call call, ObjectNode message) throws IOException {
      String script = "(function(){var m=" + scriptJson(message.toString())
          + ";var o=" + scriptJson(Json.mapper().writeValueAsString(appOrigin()))
          + ";var t=window.opener||window.parent;"
          + "t.postMessage({type:'config_info',targetOrigin:o},'*');"
          + "t.postMessage(m,o);setTimeout(function(){window.close();},100);})();";
      String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Signing in"
          + "</title></head><body><script>" + script + "</script></body></html>";
      call.header("Content-Security-Policy", "default-src 'none'; script-src 'sha256-"
          + sha256(script) + "'");
      call.header("Cache-Control", "no-store");
      call.header("X-Frame-Options", "SAMEORIGIN");
      call.bytes(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** JSON text safe inside a script element. */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  private static String sha256(String s) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
