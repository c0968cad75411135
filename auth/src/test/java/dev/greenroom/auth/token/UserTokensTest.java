package dev.greenroom.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.greenroom.testsupport.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13, bad input: expired, badly signed, foreign, wrong audience or {@code alg: none}: refused. */
class UserTokensTest {
  static final String ISSUER = "http://localhost:7007/api/auth";
  static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  final SettableClock clock = new SettableClock(START);
  final UserTokens tokens = new UserTokens(new SigningKeys(clock, Duration.ofHours(1)), ISSUER, clock);

  @Test
  void aTokenCarriesBackstagesClaimsAndVerifies() throws Exception {
    String t = tokens.issue("user:default/jane", List.of("user:default/jane", "group:default/a"),
        Duration.ofHours(1));
    SignedJWT jwt = SignedJWT.parse(t);
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isNotBlank();
    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertThat(c.getStringClaim("typ")).isEqualTo("vnd.backstage.user");
    assertThat(c.getIssuer()).isEqualTo(ISSUER);
    assertThat(c.getAudience()).containsExactly("backstage");
    assertThat(c.getSubject()).isEqualTo("user:default/jane");
    assertThat(c.getStringListClaim("ent")).containsExactly("user:default/jane", "group:default/a");
    assertThat(c.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    UserTokens.Verified v = tokens.verify(t).orElseThrow();
    assertThat(v.userEntityRef()).isEqualTo("user:default/jane");
    assertThat(v.ownershipEntityRefs()).contains("group:default/a");
  }

  @Test
  void expiredTokensAreRefusedAfterTheSkew() {
    String t = tokens.issue("user:default/jane", List.of(), Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(5).plusSeconds(30));
    assertThat(tokens.verify(t)).isPresent(); // within the minute of skew
    clock.advance(Duration.ofSeconds(60));
    assertThat(tokens.verify(t)).isEmpty();
  }

  @Test
  void tamperedAndForeignTokensAreRefused() throws Exception {
    String t = tokens.issue("user:default/jane", List.of("user:default/jane"), Duration.ofHours(1));
    String[] parts = t.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("user:default/jane", "user:default/root");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertThat(tokens.verify(tampered)).isEmpty();

    // signed by another instance's keys (same issuer name)
    UserTokens other = new UserTokens(new SigningKeys(clock, Duration.ofHours(1)), ISSUER, clock);
    assertThat(tokens.verify(other.issue("user:default/jane", List.of(), Duration.ofHours(1))))
        .isEmpty();
    assertThat(tokens.verify("not-a-token")).isEmpty();
    assertThat(tokens.verify("a.b.c")).isEmpty();
    assertThat(tokens.verify("x".repeat(40000))).isEmpty();
  }

  @Test
  void algNoneAndHmacTokensAreRefused() throws Exception {
    String claims = JWTClaimsSet.parse(SignedJWT.parse(
        tokens.issue("user:default/jane", List.of(), Duration.ofHours(1))).getJWTClaimsSet()
        .toJSONObject()).toString();
    String none = b64("{\"alg\":\"none\"}") + "." + b64(claims) + ".";
    assertThat(tokens.verify(none)).isEmpty();
    assertThat(tokens.verify(none + "AAAA")).isEmpty();

    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
        JWTClaimsSet.parse(claims));
    hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    assertThat(tokens.verify(hmac.serialize())).isEmpty();
  }

  @Test
  void otherAudiencesIssuersAndTypesAreRefused() throws Exception {
    SigningKeys keys = new SigningKeys(clock, Duration.ofHours(1));
    UserTokens mine = new UserTokens(keys, ISSUER, clock);
    UserTokens otherIssuer = new UserTokens(keys, "https://elsewhere.example/api/auth", clock);
    assertThat(mine.verify(otherIssuer.issue("user:default/jane", List.of(), Duration.ofHours(1))))
        .isEmpty();
    // a token of the right key with another audience: signed by hand with the same key
    var key = keys.current();
    for (JWTClaimsSet claims : List.of(
        base().audience("other").build(),
        base().claim("typ", "vnd.backstage.plugin").build(),
        base().subject("component:default/x").build(),
        base().expirationTime(null).build())) {
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
      assertThat(mine.verify(jwt.serialize())).as(claims.toString()).isEmpty();
    }
    SignedJWT good = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), base().build());
    good.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
    assertThat(mine.verify(good.serialize())).isPresent(); // the hand-made baseline is valid
  }

  @Test
  void keysRotateAndOldOnesStayPublishedForThreeDurations() {
    String first = tokens.issue("user:default/jane", List.of(), Duration.ofHours(1));
    clock.advance(Duration.ofMinutes(61));
    String second = tokens.issue("user:default/jane", List.of(), Duration.ofHours(1));
    assertThat(tokens.keys().publicKeys().getKeys()).hasSize(2);
    assertThat(tokens.verify(second)).isPresent();
    assertThat(tokens.verify(first)).isEmpty(); // expired, though its key is still listed
    clock.advance(Duration.ofHours(3));
    assertThat(tokens.keys().publicKeys().getKeys()).hasSize(1); // pruned the first
    assertThat(tokens.keys().publicKeys().getKeys().get(0).isPrivate()).isFalse();
  }

  @Test
  void subjectsMustBeEntityRefs() {
    assertThatThrownBy(() -> tokens.issue("not a ref:", List.of(), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entity ref");
  }

  private JWTClaimsSet.Builder base() {
    return new JWTClaimsSet.Builder()
        .claim("typ", "vnd.backstage.user").issuer(ISSUER).subject("user:default/jane")
        .claim("ent", List.of("user:default/jane")).audience("backstage")
        .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plusSeconds(600)));
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
