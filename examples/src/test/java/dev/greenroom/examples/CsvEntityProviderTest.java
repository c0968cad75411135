package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvEntityProviderTest {
  @Test
  void rowsBecomeEntitiesAndRemovedRowsDisappear(@TempDir Path dir) {
    Path csv = Engines.write(dir.resolve("services.csv"), """
        name,type,lifecycle,owner,system
        billing,service,production,group:finance,payments
        ledger,library,experimental,group:finance,
        """);
    CsvEntityProvider provider = new CsvEntityProvider(csv);
    assertThatThrownBy(provider::refresh).hasMessageContaining("not connected");
    try (CatalogEngine engine = Engines.started(CatalogEngine.builder().rules(CatalogRules.allowAll())
        .provider(provider).processingDisabled().build())) {
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/billing")))
          .hasValueSatisfying(e -> assertThat(e.relations()).contains(
              new Relation("ownedBy", EntityRef.parse("group:default/finance")),
              new Relation("partOf", EntityRef.parse("system:default/payments"))));
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/ledger"))).isPresent();

      Engines.write(csv, "name,type,lifecycle,owner,system\nbilling,service,production,group:finance,payments\n");
      assertThat(provider.refresh()).isEqualTo(1);
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/ledger"))).isEmpty();
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/billing"))).isPresent();

      Engines.write(csv, "name,type,lifecycle,owner\nbroken,service\n");
      assertThatThrownBy(provider::refresh).hasMessageContaining("services.csv line 2: expected "
          + "name,type,lifecycle,owner[,system], got 2 fields");
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/billing"))).isPresent();
    }
  }
}
