package dev.greenroom.catalog.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.EntityStoreContract;
import dev.greenroom.catalog.store.StoreException;
import org.junit.jupiter.api.Test;

/** The store contract on {@link MemoryEntityStore}, plus what is specific to it. */
class MemoryEntityStoreTest extends EntityStoreContract {

  @Override
  protected EntityStore newStore() {
    return new MemoryEntityStore();
  }

  @Test
  void closedStoreRefusesCalls() {
    writeFixture();
    store.close();
    assertThatThrownBy(() -> store.size()).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> scanRefs(EntityPredicate.matchAll())).isInstanceOf(StoreException.class);
  }

  @Test
  void equalityFilterOnAnIndexedKeyFindsOneOfManyEntities() {
    java.util.List<dev.greenroom.catalog.model.Entity> many = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      many.add(entity("Component", "default", "c" + i, "", "{'type':'t" + (i % 10) + "','owner':'team-" + (i % 50) + "'}"));
    }
    write(many);
    assertThat(legacy("metadata.name=c4242")).containsExactly("component:default/c4242");
    assertThat(store.count(dev.greenroom.catalog.store.ScanRequest.of(
            EntityPredicate.eq("relations.ownedBy", "group:default/team-7"), 10)))
        .isEqualTo(100);
    assertThat(store.get(ref("group:default/team-7"))).isEmpty();
  }
}
