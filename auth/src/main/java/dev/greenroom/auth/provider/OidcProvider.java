package dev.greenroom.auth.provider;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.greenroom.auth.resolver.SignInException;
import dev.greenroom.auth.resolver.SignInIdentity;
import dev.greenroom.auth.resolver.SignInProfile;
import dev.greenroom.auth.resolver.SignInResolver;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's generic OpenID Connect provider ({@code auth.providers.oidc.<env>}, as {@code
 * @backstage/plugin-auth-backend-module-oidc-provider}): the authorization code flow against any
 * issuer that publishes an OpenID configuration.
 *
 * <ul>
 *   <li>{@code start}: a fresh nonce goes into Backstage's {@code state} (hex of {@code
 *       nonce=..&env=..&origin=..}) and into the {@code oidc-nonce} cookie (HttpOnly, ten
 *       minutes, path {@code .../oidc/handler}); the popup is sent to the issuer's authorization
 *       endpoint with PKCE (S256) and an ID token nonce.
 *   <li>{@code handler/frame}: the state must decode and carry the cookie's nonce; the code is
 *       exchanged with the client secret and the PKCE verifier; the ID token must be signed by a
 *       key of the issuer's JWKS with the configured algorithm and carry the issuer, the client id
 *       as audience, an unexpired {@code exp} and the nonce of this sign-in. The profile (email,
 *       name, picture) comes from the ID token and the userinfo endpoint; the {@link
 *       SignInResolver} maps it to a catalog user. The refresh token goes into the {@code
 *       oidc-refresh-token} cookie, encrypted and authenticated (AES-GCM) with a key that never
 *       leaves the server; the page posts the session, or the error, to the app.
 *   <li>{@code refresh}: the cookie's refresh token gets fresh tokens from the issuer and a fresh
 *       session (401 without a valid cookie); {@code logout} revokes it where the issuer offers
 *       revocation and clears the cookie.
 * </ul>
 *
 * <p>The PKCE verifier and the ID token nonce are derived from the cookie's nonce with a
 * server-side key (HMAC), so the callback needs no server-side session, and a state seen in a URL
 * does not give them away. The key is random per instance unless {@link Builder#secretKey} gives
 * one: sessions end when the server restarts, as user tokens do, and replicas need a shared key.
 */
public final class OidcProvider implements AuthProvider {
  private static final Logger LOG = LoggerFactory.getLogger(OidcProvider.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_COOKIE_CHARS = 4000;

  private final String id;
  private final String environment;
  private final OidcClient client;
  private final @Nullable URI callbackUrl;
  private final List<String> scopes;
  private final @Nullable String prompt;
  private final SignInResolver resolver;
  private final Duration sessionDuration;
  private final byte[] macKey;
  private final SecretKeySpec cookieKey;

  private OidcProvider(Builder b) {
    this.id = b.id;
    this.environment = b.environment;
    this.client = new OidcClient(b.metadataUrl, b.clientId, b.clientSecret,
        b.tokenEndpointAuthMethod.equals("client_secret_post"), b.idTokenAlgorithm,
        b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout)
            .followRedirects(HttpClient.Redirect.NEVER).build(), b.timeout, b.clock);
    this.callbackUrl = b.callbackUrl;
    this.scopes = b.scopes;
    this.prompt = b.prompt.equals("auto") ? null : b.prompt;
    this.resolver = b.resolver;
    this.sessionDuration = b.sessionDuration;
    byte[] secret = b.secretKey != null ? b.secretKey : randomBytes(32);
    this.macKey = hmac(secret, "greenroom-oidc-mac:" + id);
    this.cookieKey = new SecretKeySpec(hmac(secret, "greenroom-oidc-cookie:" + id), "AES");
  }

  /** A builder; metadata URL, client id, client secret and a sign-in resolver are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return "OidcProvider[" + id + ", env=" + environment + ", " + client + "]";
  }

  // ---- start

  @Override
  public void start(Call call, ProviderContext ctx) throws IOException {
    checkEnv(call.query("env"), true);
    String origin = call.query("origin");
    checkOrigin(origin, ctx);
    String nonce = base64(randomBytes(16));
    Map<String, String> state = new LinkedHashMap<>();
    state.put("nonce", nonce);
    state.put("env", environment);
    putIfPresent(state, "origin", origin);
    putIfPresent(state, "scope", call.query("scope"));
    putIfPresent(state, "redirectUrl", call.query("redirectUrl"));
    putIfPresent(state, "flow", call.query("flow"));
    OidcClient.Metadata m;
    try {
      m = metadata();
    } catch (OidcException e) {
      LOG.warn("OIDC sign-in ({}) cannot start: {}", id, e.getMessage());
      ctx.postError(call, e.errorName(), e.getMessage());
      return;
    }
    Set<String> scope = new LinkedHashSet<>(scopes);
    String asked = call.query("scope");
    if (asked != null) {
      scope.addAll(List.of(asked.trim().split("[\\s,]+")));
    }
    scope.remove("");
    List<String> q = new ArrayList<>(List.of("response_type", "code",
        "client_id", client.clientId(),
        "redirect_uri", callbackUrl(ctx).toString(),
        "scope", String.join(" ", scope),
        "state", encodeState(state),
        "nonce", derived("nonce", nonce),
        "code_challenge", base64(sha256(derived("pkce", nonce))),
        "code_challenge_method", "S256"));
    if (prompt != null) {
      q.add("prompt");
      q.add(prompt);
    }
    String auth = m.authorizationEndpoint().toString();
    String location = auth + (auth.contains("?") ? "&" : "?")
        + OidcClient.form(q.toArray(String[]::new));
    call.addHeader("Set-Cookie", cookie(ctx, nonceCookie(), nonce, Duration.ofMinutes(10),
        "/handler"));
    call.header("Location", location);
    call.empty(302);
  }

  // ---- handler/frame

  @Override
  public void frameHandler(Call call, ProviderContext ctx) throws IOException {
    Map<String, String> state;
    try {
      state = checkCallback(call, ctx);
    } catch (OidcException e) {
      LOG.info("OIDC sign-in ({}) refused: {}", id, e.getMessage());
      ctx.postError(call, e.errorName(), e.getMessage());
      return;
    }
    // the nonce is good for one callback
    call.addHeader("Set-Cookie", cookie(ctx, nonceCookie(), "", Duration.ZERO, "/handler"));
    try {
      String nonce = state.get("nonce");
      OidcClient.Tokens tokens = client.exchangeCode(call.query("code"), callbackUrl(ctx),
          derived("pkce", nonce));
      if (tokens.idToken() == null) {
        throw new OidcException(OidcException.Kind.AUTHENTICATION, "The token endpoint of "
            + metadata().issuer() + " answered without an id_token (is 'openid' in the scope?)");
      }
      JWTClaimsSet claims = client.validateIdToken(tokens.idToken(), derived("nonce", nonce));
      ObjectNode session = session(ctx, tokens, claims);
      if (tokens.refreshToken() != null) {
        setRefreshCookie(call, ctx, tokens.refreshToken());
      }
      LOG.info("OIDC sign-in ({}) of {} as {}", id, claims.getSubject(),
          session.at("/backstageIdentity/identity/userEntityRef").asString(""));
      String redirectUrl = state.get("redirectUrl");
      if ("redirect".equals(state.get("flow")) && redirectUrl != null
          && sameOrigin(redirectUrl, ctx.appOrigin())) {
        call.header("Location", redirectUrl);
        call.empty(302);
        return;
      }
      ctx.postSession(call, session);
    } catch (OidcException e) {
      LOG.info("OIDC sign-in ({}) refused: {}", id, e.getMessage());
      ctx.postError(call, e.errorName(), e.getMessage());
    } catch (SignInException e) {
      LOG.info("OIDC sign-in ({}) not resolved: {}", id, e.getMessage());
      ctx.postError(call, "NotFoundError", e.getMessage());
    }
  }

  /** Checks the callback belongs to a sign-in this browser started; returns its state. */
  private Map<String, String> checkCallback(Call call, ProviderContext ctx) {
    String encoded = call.query("state");
    if (encoded == null || encoded.isEmpty()) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED,
          "Authentication failed, the callback has no state");
    }
    Map<String, String> state = decodeState(encoded);
    String env = state.get("env");
    if (!environment.equals(env)) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED, "OAuth state is invalid, env '"
          + env + "' is not this provider's '" + environment + "'");
    }
    String cookieNonce = call.cookie(nonceCookie());
    if (cookieNonce == null || cookieNonce.isEmpty()) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED,
          "Auth response is missing cookie nonce");
    }
    if (!MessageDigest.isEqual(cookieNonce.getBytes(StandardCharsets.UTF_8),
        state.get("nonce").getBytes(StandardCharsets.UTF_8))) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED, "Invalid nonce");
    }
    String origin = state.get("origin");
    if (origin != null && !origin.equals(ctx.appOrigin())) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED,
          "Origin '" + origin + "' is not allowed");
    }
    String error = call.query("error");
    if (error != null) {
      String description = Objects.requireNonNullElse(call.query("error_description"), "");
      throw new OidcException(OidcException.Kind.AUTHENTICATION, "The identity provider "
          + "refused the sign-in: " + clip(error) + (description.isEmpty() ? ""
          : " (" + clip(description) + ")"));
    }
    String code = call.query("code");
    if (code == null || code.isEmpty()) {
      throw new OidcException(OidcException.Kind.AUTHENTICATION,
          "Authentication failed, the callback has no code");
    }
    return state;
  }

  // ---- refresh and logout

  @Override
  public void refresh(Call call, ProviderContext ctx) throws IOException {
    String env = call.query("env");
    if (env != null) {
      checkEnv(env, false);
    }
    String sealed = call.cookie(refreshCookie());
    if (sealed == null || sealed.isEmpty()) {
      throw ApiException.unauthenticated("Missing session cookie");
    }
    String refreshToken = unseal(sealed);
    if (refreshToken == null) {
      call.addHeader("Set-Cookie", cookie(ctx, refreshCookie(), "", Duration.ZERO, ""));
      throw ApiException.unauthenticated("Invalid session cookie");
    }
    ObjectNode session;
    OidcClient.Tokens tokens;
    try {
      tokens = client.refresh(refreshToken);
      JWTClaimsSet claims = tokens.idToken() == null ? null
          : client.validateIdToken(tokens.idToken(), null);
      session = session(ctx, tokens, claims);
    } catch (OidcException e) {
      LOG.info("OIDC refresh ({}) refused: {}", id, e.getMessage());
      if (e.kind() == OidcException.Kind.INVALID_GRANT) {
        call.addHeader("Set-Cookie", cookie(ctx, refreshCookie(), "", Duration.ZERO, ""));
      }
      throw ApiException.unauthenticated("Refresh failed: " + e.getMessage());
    } catch (SignInException e) {
      throw ApiException.unauthenticated(e.getMessage());
    }
    if (tokens.refreshToken() != null && !tokens.refreshToken().equals(refreshToken)) {
      setRefreshCookie(call, ctx, tokens.refreshToken()); // a rotated refresh token
    }
    call.json(200, session);
  }

  @Override
  public void logout(Call call, ProviderContext ctx) throws IOException {
    String sealed = call.cookie(refreshCookie());
    String refreshToken = sealed == null ? null : unseal(sealed);
    if (refreshToken != null) {
      try {
        client.revoke(refreshToken);
      } catch (OidcException e) {
        LOG.info("OIDC logout ({}): the refresh token was not revoked: {}", id, e.getMessage());
      }
    }
    call.addHeader("Set-Cookie", cookie(ctx, refreshCookie(), "", Duration.ZERO, ""));
    call.empty(200);
  }

  // ---- the session

  private ObjectNode session(ProviderContext ctx, OidcClient.Tokens tokens,
      @Nullable JWTClaimsSet idClaims) {
    Map<String, Object> claims = new LinkedHashMap<>();
    if (idClaims != null) {
      idClaims.getClaims().forEach((k, v) -> putClaim(claims, k, v));
    }
    Map<String, Object> userinfo = client.userinfo(tokens.accessToken());
    if (userinfo != null) {
      Object sub = userinfo.get("sub");
      if (idClaims != null && !idClaims.getSubject().equals(sub)) {
        throw new OidcException(OidcException.Kind.AUTHENTICATION, "The userinfo of "
            + metadata().issuer() + " is about another subject than the ID token");
      }
      userinfo.forEach((k, v) -> putClaim(claims, k, v));
    } else if (idClaims == null) {
      throw new OidcException(OidcException.Kind.AUTHENTICATION, metadata().issuer()
          + " gave neither an ID token nor a userinfo endpoint to learn who signed in");
    }
    SignInProfile profile = new SignInProfile(string(claims.get("email")),
        string(claims.get("name")), string(claims.get("picture")), claims);
    SignInIdentity identity = resolver.resolve(profile);
    ObjectNode info = Json.object();
    info.put("accessToken", tokens.accessToken());
    info.put("tokenType", tokens.tokenType());
    if (tokens.idToken() != null) {
      info.put("idToken", tokens.idToken());
    }
    if (tokens.scope() != null) {
      info.put("scope", tokens.scope());
    }
    if (tokens.expiresIn() != null) {
      info.put("expiresInSeconds", tokens.expiresIn());
    }
    return ctx.session(identity, profile, info);
  }

  private static void putClaim(Map<String, Object> claims, String k, @Nullable Object v) {
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      claims.put(k, v);
    } else if (v instanceof Date d) {
      claims.put(k, d.getTime() / 1000);
    } else if (v instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
      claims.put(k, List.copyOf(l));
    }
  }

  private static @Nullable String string(@Nullable Object o) {
    return o instanceof String s && !s.isEmpty() ? s : null;
  }

  // ---- state, cookies, keys

  private void checkEnv(@Nullable String env, boolean required) {
    if (env == null || env.isEmpty()) {
      if (required) {
        throw ApiException.input("No env provided in request query parameters");
      }
      return;
    }
    if (!env.equals(environment)) {
      throw ApiException.notFound("No configuration available for the '" + env
          + "' environment of this provider.");
    }
  }

  private static void checkOrigin(@Nullable String origin, ProviderContext ctx) {
    if (origin != null && !origin.equals(ctx.appOrigin())) {
      throw ApiException.notAllowed("Origin '" + origin + "' is not allowed");
    }
  }

  private OidcClient.Metadata metadata() {
    return client.metadata();
  }

  private URI callbackUrl(ProviderContext ctx) {
    return callbackUrl != null ? callbackUrl : ctx.callbackUrl(id);
  }

  private String nonceCookie() {
    return id + "-nonce";
  }

  private String refreshCookie() {
    return id + "-refresh-token";
  }

  /** Backstage's cookie: HttpOnly, path of the provider, Secure and SameSite from the URLs. */
  private String cookie(ProviderContext ctx, String name, String value, Duration maxAge,
      String pathSuffix) {
    URI cb = callbackUrl(ctx);
    String path = Objects.requireNonNullElse(cb.getPath(), "");
    path = path.endsWith(id + "/handler/frame")
        ? path.substring(0, path.length() - "/handler/frame".length())
        : path.replaceAll("/+$", "") + "/" + id;
    boolean secure = "https".equals(cb.getScheme());
    String sameSite = secure && !URI.create(ctx.appOrigin()).getHost().equals(cb.getHost())
        ? "None" : "Lax";
    return name + "=" + value + "; Max-Age=" + maxAge.toSeconds() + "; Path=" + path + pathSuffix
        + "; HttpOnly; SameSite=" + sameSite + (secure ? "; Secure" : "");
  }

  private void setRefreshCookie(Call call, ProviderContext ctx, String refreshToken) {
    String sealed = seal(refreshToken);
    if (sealed.length() > MAX_COOKIE_CHARS) {
      LOG.warn("OIDC ({}): the refresh token is too large for a cookie; refresh will need a new"
          + " sign-in", id);
      return;
    }
    call.addHeader("Set-Cookie", cookie(ctx, refreshCookie(), sealed, sessionDuration, ""));
  }

  /** AES-GCM with a random IV, the cookie's name as associated data; base64url. */
  private String seal(String value) {
    try {
      byte[] iv = randomBytes(12);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, cookieKey, new GCMParameterSpec(128, iv));
      c.updateAAD(refreshCookie().getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return base64(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private @Nullable String unseal(String sealed) {
    try {
      byte[] b = Base64.getUrlDecoder().decode(sealed);
      if (b.length < 12 + 16) {
        return null;
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, cookieKey, new GCMParameterSpec(128, b, 0, 12));
      c.updateAAD(refreshCookie().getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(b, 12, b.length - 12), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return null;
    }
  }

  /** A value bound to this sign-in's nonce that only the server can compute. */
  private String derived(String purpose, String nonce) {
    return base64(hmac(macKey, purpose + ":" + nonce));
  }

  /** Backstage's state: the hex of {@code nonce=..&env=..&origin=..}, URL-encoded pairs. */
  static String encodeState(Map<String, String> state) {
    List<String> pairs = new ArrayList<>();
    state.forEach((k, v) -> {
      pairs.add(k);
      pairs.add(v);
    });
    return HexFormat.of().formatHex(OidcClient.form(pairs.toArray(String[]::new))
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes Backstage's state; needs {@code nonce} and {@code env}. */
  static Map<String, String> decodeState(String encoded) {
    Map<String, String> state = new LinkedHashMap<>();
    try {
      if (encoded.length() > 8192) {
        throw new IllegalArgumentException();
      }
      String text = new String(HexFormat.of().parseHex(encoded), StandardCharsets.UTF_8);
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          state.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED, "OAuth state is invalid");
    }
    if (state.getOrDefault("env", "").isEmpty()) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED,
          "OAuth state is invalid, missing env");
    }
    if (state.getOrDefault("nonce", "").isEmpty()) {
      throw new OidcException(OidcException.Kind.NOT_ALLOWED,
          "OAuth state is invalid, missing nonce");
    }
    return state;
  }

  private static boolean sameOrigin(String url, String origin) {
    try {
      URI u = new URI(url);
      String o = u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
      return u.getHost() != null && o.equals(origin);
    } catch (Exception e) {
      return false;
    }
  }

  private static void putIfPresent(Map<String, String> m, String k, @Nullable String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  private static String clip(String s) {
    String t = s.replaceAll("[\\p{Cntrl}]", " ");
    return t.length() > 200 ? t.substring(0, 200) : t;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String base64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Configures an {@link OidcProvider}; each setting is checked when set. */
  public static final class Builder {
    private String id = "oidc";
    private String environment = "development";
    private @Nullable URI metadataUrl;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable URI callbackUrl;
    private List<String> scopes = List.of("openid", "profile", "email");
    private String prompt = "none";
    private String tokenEndpointAuthMethod = "client_secret_basic";
    private JWSAlgorithm idTokenAlgorithm = JWSAlgorithm.RS256;
    private @Nullable SignInResolver resolver;
    private @Nullable HttpClient http;
    private Duration timeout = Duration.ofSeconds(10);
    private Duration sessionDuration = Duration.ofDays(1000);
    private Clock clock = Clock.systemUTC();
    private byte @Nullable [] secretKey;

    private Builder() {}

    /** The id in the URL and the cookie names; default {@code oidc}. */
    public Builder id(String id) {
      if (!id.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("invalid provider id: " + id);
      }
      this.id = id;
      return this;
    }

    /** The {@code auth.environment} this configuration is for; default {@code development}. */
    public Builder environment(String environment) {
      if (environment.isBlank()) {
        throw new IllegalArgumentException("auth.environment must not be empty");
      }
      this.environment = environment;
      return this;
    }

    /** {@code metadataUrl}: the issuer, or its {@code .well-known/openid-configuration}. */
    public Builder metadataUrl(URI metadataUrl) {
      this.metadataUrl = httpUrl("metadataUrl", metadataUrl);
      return this;
    }

    /** {@code clientId}. */
    public Builder clientId(String clientId) {
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("clientId must not be empty");
      }
      this.clientId = clientId;
      return this;
    }

    /** {@code clientSecret}: sent to the token endpoint only, never logged. */
    public Builder clientSecret(String clientSecret) {
      if (clientSecret.isEmpty()) {
        throw new IllegalArgumentException("clientSecret must not be empty");
      }
      this.clientSecret = clientSecret;
      return this;
    }

    /** {@code callbackUrl}; default {@code <backend.baseUrl>/api/auth/<id>/handler/frame}. */
    public Builder callbackUrl(URI callbackUrl) {
      this.callbackUrl = httpUrl("callbackUrl", callbackUrl);
      return this;
    }

    /** The scopes asked for; default {@code openid profile email}; {@code openid} is added. */
    public Builder scopes(List<String> scopes) {
      LinkedHashSet<String> s = new LinkedHashSet<>();
      s.add("openid");
      scopes.forEach(x -> {
        if (x.isBlank() || x.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("invalid scope: '" + x + "'");
        }
        s.add(x);
      });
      this.scopes = List.copyOf(s);
      return this;
    }

    /** {@code prompt}; default {@code none} as Backstage; {@code auto} sends no prompt. */
    public Builder prompt(String prompt) {
      if (prompt.isBlank()) {
        throw new IllegalArgumentException("prompt must not be empty");
      }
      this.prompt = prompt;
      return this;
    }

    /** {@code tokenEndpointAuthMethod}: {@code client_secret_basic} (default) or {@code _post}. */
    public Builder tokenEndpointAuthMethod(String method) {
      if (!method.equals("client_secret_basic") && !method.equals("client_secret_post")) {
        throw new IllegalArgumentException("tokenEndpointAuthMethod must be client_secret_basic"
            + " or client_secret_post, got '" + method + "'");
      }
      this.tokenEndpointAuthMethod = method;
      return this;
    }

    /** {@code tokenSignedResponseAlg}: the ID token's algorithm; default RS256. */
    public Builder idTokenAlgorithm(String alg) {
      JWSAlgorithm a = JWSAlgorithm.parse(alg);
      if (!JWSAlgorithm.Family.SIGNATURE.contains(a)) {
        throw new IllegalArgumentException("tokenSignedResponseAlg must be an RSA or EC"
            + " signature algorithm, got '" + alg + "'");
      }
      this.idTokenAlgorithm = a;
      return this;
    }

    /** {@code signIn.resolvers}: from the profile to a catalog identity. */
    public Builder signInResolver(SignInResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The HTTP client for the issuer; default one with the timeout and no redirects. */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** The timeout of each call to the issuer; default 10 seconds, as Backstage. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /** How long the refresh cookie lives ({@code sessionDuration}); default 1000 days. */
    public Builder sessionDuration(Duration duration) {
      if (duration.toSeconds() < 60) {
        throw new IllegalArgumentException("sessionDuration must be at least a minute");
      }
      this.sessionDuration = duration;
      return this;
    }

    /** The clock ID tokens are checked against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The key (at least 32 bytes) the refresh cookie is encrypted and the PKCE verifier derived
     * with; default random per instance. Replicas behind one URL need the same key.
     */
    public Builder secretKey(byte[] key) {
      if (key.length < 32) {
        throw new IllegalArgumentException("the secret key needs at least 32 bytes");
      }
      this.secretKey = key.clone();
      return this;
    }

    /** The provider. */
    public OidcProvider build() {
      if (metadataUrl == null || clientId == null || clientSecret == null || resolver == null) {
        throw new IllegalStateException("the OIDC provider needs "
            + (metadataUrl == null ? "metadataUrl" : clientId == null ? "clientId"
            : clientSecret == null ? "clientSecret" : "a sign-in resolver"));
      }
      return new OidcProvider(this);
    }

    private static URI httpUrl(String key, URI url) {
      if (url.getHost() == null
          || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
        throw new IllegalArgumentException(key + " must be an absolute http(s) URL: " + url);
      }
      return url;
    }

    @Override
    public String toString() {
      return "OidcProvider.Builder[" + id + ", clientId=" + clientId + "]";
    }
  }
}
