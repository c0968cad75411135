package dev.greenroom.usersettings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link UserSettingsStore} does; run on memory, H2 and PostgreSQL. */
abstract class UserSettingsStoreContract {
  static final String ALICE = "user:default/alice";
  static final String BOB = "user:default/bob";
  static final BucketKey STARRED = new BucketKey("default.starredEntities", "entityRefs");
  static final BucketKey THEME = new BucketKey("userSettings", "theme");

  UserSettingsStore store;

  protected abstract UserSettingsStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store instanceof AutoCloseable c) {
      c.close();
    }
  }

  @Test
  void storedValueComesBackForItsUserOnly() {
    store.put(ALICE, STARRED, "[\"component:default/petstore\"]");
    assertThat(store.get(ALICE, STARRED)).hasValue("[\"component:default/petstore\"]");
    assertThat(store.get(BOB, STARRED)).isEmpty();
    assertThat(store.get(ALICE, THEME)).isEmpty();
    assertThat(store.get(ALICE, new BucketKey("default.starredEntitie", "entityRefs"))).isEmpty();
  }

  @Test
  void putReplacesAndRemoveForgets() {
    store.put(ALICE, THEME, "\"dark\"");
    store.put(ALICE, THEME, "\"light\"");
    store.put(BOB, THEME, "\"dark\"");
    assertThat(store.get(ALICE, THEME)).hasValue("\"light\"");
    store.remove(ALICE, THEME);
    store.remove(ALICE, THEME); // nothing left: still fine
    assertThat(store.get(ALICE, THEME)).isEmpty();
    assertThat(store.get(BOB, THEME)).hasValue("\"dark\"");
  }

  @Test
  void getAllAnswersInTheOrderAskedWithNullsForMissingKeys() {
    store.put(ALICE, THEME, "\"dark\"");
    store.put(ALICE, STARRED, "[]");
    store.put(BOB, new BucketKey("userSettings", "language"), "\"sv\"");
    List<String> got = store.getAll(ALICE, List.of(
        new BucketKey("userSettings", "language"), STARRED, THEME, STARRED));
    assertThat(got).containsExactly(null, "[]", "\"dark\"", "[]");
  }

  @Test
  void getAllReadsMoreKeysThanOneStatementTakes() {
    List<BucketKey> keys = new ArrayList<>();
    String[] expected = new String[250];
    for (int i = 0; i < 250; i++) {
      BucketKey k = new BucketKey(i % 2 == 0 ? "a" : "b", "k" + i);
      keys.add(k);
      if (i % 3 != 0) {
        store.put(ALICE, k, Integer.toString(i));
        expected[i] = Integer.toString(i);
      }
    }
    assertThat(store.getAll(ALICE, keys)).containsExactly(expected);
    assertThat(store.getAll(BOB, keys)).hasSize(250).containsOnlyNulls();
  }

  @Test
  void namesAreKeptExactlyWithSlashesDotsAndUnicode() {
    BucketKey odd = new BucketKey("plugin.x/y", "a/b c%2F ü");
    store.put(ALICE, odd, "{\"n\":1}");
    assertThat(store.get(ALICE, odd)).hasValue("{\"n\":1}");
    assertThat(store.get(ALICE, new BucketKey("plugin.x/y", "a/b c/ ü"))).isEmpty();
    assertThat(store.getAll(ALICE, Arrays.asList(odd))).containsExactly("{\"n\":1}");
  }
}
