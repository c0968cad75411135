package dev.greenroom.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code backend.auth.externalAccess} of {@code type: jwks}: JWTs of another issuer, checked
 * against the keys it publishes (served here by a local JWKS endpoint).
 */
class JwksTokenAuthenticatorTest {
  static HttpServer issuer;
  static RSAKey key;
  static final AtomicInteger fetches = new AtomicInteger();
  static String url;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("ci-key-1").generate();
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer.createContext("/.well-known/jwks.json", ex -> {
      fetches.incrementAndGet();
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, jwks.length);
      ex.getResponseBody().write(jwks);
      ex.close();
    });
    issuer.start();
    url = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/.well-known/jwks.json";
  }

  @AfterAll
  static void stop() {
    issuer.stop(0);
  }

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer("https://ci.example").audience("greenroom")
        .subject("deploy-bot").expirationTime(new Date(System.currentTimeMillis() + 600_000));
  }

  static String sign(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("ci-key-1")
        .build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  static Optional<Principal> call(JwksTokenAuthenticator a, String token) {
    return a.authenticate(HttpHeaders.of(Map.of("authorization", List.of("Bearer " + token)),
        (x, y) -> true));
  }

  final JwksTokenAuthenticator auth = JwksTokenAuthenticator.builder(url)
      .issuers(List.of("https://ci.example")).audiences(List.of("greenroom"))
      .subjectPrefix("ci").build();

  @Test
  void aTokenOfTheIssuerIsAnExternalCaller() throws Exception {
    assertThat(call(auth, sign(claims().build()))).get().extracting(Principal::getName)
        .isEqualTo("external:ci:deploy-bot");
    JwksTokenAuthenticator noPrefix = JwksTokenAuthenticator.builder(url).build();
    assertThat(call(noPrefix, sign(claims().build()))).get().extracting(Principal::getName)
        .isEqualTo("external:deploy-bot");
  }

  @Test
  void wrongIssuerAudienceExpiryOrSignatureIsRefused() throws Exception {
    assertThat(call(auth, sign(claims().issuer("https://other.example").build()))).isEmpty();
    assertThat(call(auth, sign(claims().audience("someone-else").build()))).isEmpty();
    assertThat(call(auth, sign(claims()
        .expirationTime(new Date(System.currentTimeMillis() - 120_000)).build()))).isEmpty();
    assertThat(call(auth, sign(claims().subject(null).build()))).isEmpty();
    RSAKey other = new RSAKeyGenerator(2048).keyID("ci-key-1").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("ci-key-1")
        .build(), claims().build());
    forged.sign(new RSASSASigner(other));
    assertThat(call(auth, forged.serialize())).isEmpty();
  }

  @Test
  void algNoneAndHmacAreRefused() throws Exception {
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims().build().toString().getBytes(StandardCharsets.UTF_8));
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
    assertThat(call(auth, none)).isEmpty();
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    assertThat(call(auth, hmac.serialize())).isEmpty();
    assertThatThrownBy(() -> JwksTokenAuthenticator.builder(url).algorithms(List.of("HS256"))
        .build()).hasMessageContaining("asymmetric");
    assertThatThrownBy(() -> JwksTokenAuthenticator.builder("http://a b")).hasMessageContaining(
        "non-space");
  }

  @Test
  void keysAreFetchedOnceAndCached() throws Exception {
    JwksTokenAuthenticator fresh = JwksTokenAuthenticator.builder(url).build();
    int before = fetches.get();
    for (int i = 0; i < 5; i++) {
      assertThat(call(fresh, sign(claims().build()))).isPresent();
    }
    assertThat(fetches.get() - before).isEqualTo(1);
  }
}
