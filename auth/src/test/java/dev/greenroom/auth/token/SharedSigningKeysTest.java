package dev.greenroom.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.auth.token.jdbc.JdbcKeyStore;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.testsupport.PgSchema;
import dev.greenroom.testsupport.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, shared signing keys: public keys kept in the database (Backstage's {@code
 * signing_keys}), private keys per instance. A token signed by one instance is accepted by another
 * on the same database and by the same instance after a restart; rotation keeps old keys until
 * their tokens expire; the store never holds a private key. Run on H2 (a file, so that a restart
 * finds it) and PostgreSQL.
 */
class SharedSigningKeysTest {
  static final String ISSUER = "http://localhost:7007/api/auth";
  static final Duration HOUR = Duration.ofHours(1);

  /** The behaviour, over data sources that one test's "hosts" share. */
  abstract static class Contract {
    final SettableClock clock = new SettableClock(UserTokensTest.START);
    final List<AutoCloseable> open = new ArrayList<>();

    /** A data source on the test's database; every call reaches the same tables. */
    abstract DataSource database();

    /** One host: its own key store object and signing keys on the shared database. */
    UserTokens host() {
      JdbcKeyStore store = JdbcKeyStore.create(database());
      open.add(store);
      return new UserTokens(new SigningKeys(clock, HOUR, store), ISSUER, clock);
    }

    @AfterEach
    void closeAll() throws Exception {
      for (AutoCloseable c : open) {
        c.close();
      }
    }

    String jane(UserTokens host) {
      return host.issue("user:default/jane", List.of("user:default/jane"), HOUR);
    }

    @Test
    void aTokenFromHostAIsVerifiedByHostBAndTheJwksListsBothHostsKeys() {
      UserTokens a = host();
      UserTokens b = host();
      String fromB = jane(b); // b has read the store already when a makes its key
      clock.advance(Duration.ofSeconds(2));
      String fromA = jane(a);
      assertThat(b.verify(fromA)).map(UserTokens.Verified::userEntityRef)
          .contains("user:default/jane");
      assertThat(a.verify(fromB)).isPresent();
      assertThat(a.keys().publicKeys().getKeys()).hasSize(2);
      assertThat(b.keys().publicKeys().getKeys()).extracting(JWK::getKeyID)
          .containsExactlyInAnyOrderElementsOf(a.keys().publicKeys().getKeys().stream()
              .map(JWK::getKeyID).toList());
    }

    @Test
    void aTokenSurvivesARestartAndTheRestartedHostSignsWithANewKey() throws Exception {
      UserTokens before = host();
      String token = jane(before);
      String oldKid = com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
      closeAll();
      open.clear();

      UserTokens after = host();
      assertThat(after.verify(token)).isPresent();
      String fresh = jane(after);
      assertThat(com.nimbusds.jwt.SignedJWT.parse(fresh).getHeader().getKeyID())
          .isNotEqualTo(oldKid);
      assertThat(after.keys().publicKeys().getKeys()).hasSize(2);
    }

    @Test
    void rotationKeepsOldKeysForThreeDurationsThenRemovesThem() {
      UserTokens a = host();
      UserTokens b = host();
      String first = jane(a);
      clock.advance(HOUR.plusSeconds(120)); // past the minute of clock skew
      String second = jane(a);
      assertThat(a.keys().publicKeys().getKeys()).hasSize(2);
      assertThat(b.verify(second)).isPresent();
      assertThat(b.verify(first)).as("expired token").isEmpty();

      clock.advance(HOUR.multipliedBy(2));
      // the first key is older than three hours now: gone from the JWKS and from the store
      assertThat(b.keys().publicKeys().getKeys()).hasSize(1);
      JdbcKeyStore store = JdbcKeyStore.create(database());
      open.add(store);
      assertThat(store.listKeys()).hasSize(1);
    }

    @Test
    void theStoreHoldsPublicKeysOnly() throws Exception {
      jane(host());
      JdbcKeyStore store = JdbcKeyStore.create(database());
      open.add(store);
      List<KeyStore.StoredKey> keys = store.listKeys();
      assertThat(keys).hasSize(1);
      JWK stored = JWK.parse(keys.get(0).publicJwk());
      assertThat(stored.isPrivate()).isFalse();
      assertThat(keys.get(0).publicJwk()).doesNotContain("\"d\"");
      assertThat(keys.get(0).toString()).doesNotContain(keys.get(0).publicJwk());
    }

    @Test
    void aForeignOrDamagedStoredKeyIsSkipped() {
      UserTokens a = host();
      JdbcKeyStore store = JdbcKeyStore.create(database());
      open.add(store);
      store.addKey(new KeyStore.StoredKey("broken", "{not json", clock.instant()));
      store.addKey(new KeyStore.StoredKey("mismatch",
          "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\",\"kid\":\"mismatch\"}", clock.instant()));
      String token = jane(a);
      assertThat(a.verify(token)).isPresent();
      assertThat(a.keys().publicKeys().getKeys()).extracting(JWK::getKeyID)
          .doesNotContain("broken", "mismatch");
    }
  }

  @Nested
  class OnH2 extends Contract {
    @TempDir Path dir;
    HikariDataSource pool;

    @BeforeEach
    void openDb() {
      pool = DataSources.h2File(dir.resolve("keys"));
    }

    @AfterEach
    void closeDb() {
      pool.close();
    }

    @Override
    DataSource database() {
      return pool;
    }
  }

  @Nested
  class OnPostgres extends Contract {
    PgSchema schema;
    HikariDataSource pool;

    @BeforeEach
    void openDb() {
      schema = PgSchema.create("gr_keys");
      pool = DataSources.postgres(schema.url());
    }

    @AfterEach
    void dropDb() {
      if (pool != null) {
        pool.close();
      }
      if (schema != null) {
        schema.close();
      }
    }

    @Override
    DataSource database() {
      return pool;
    }
  }
}
