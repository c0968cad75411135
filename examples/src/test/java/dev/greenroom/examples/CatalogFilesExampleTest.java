package dev.greenroom.examples;

import static dev.greenroom.catalog.test.CatalogAssertions.assertThat;
import static dev.greenroom.catalog.test.CatalogAssertions.assertThatCatalogFile;

import dev.greenroom.catalog.test.CatalogFiles;
import dev.greenroom.catalog.test.LoadedCatalog;
import org.junit.jupiter.api.Test;

/**
 * How a service's own build checks its catalog files with the test kit ({@code
 * greenroom-catalog-test}, test scope): here the bundled sample catalog's organisation, systems and
 * components, relative to the module folder as a service's files would be.
 */
@CatalogFiles(value = {"acme", "systems", "domains", "components"},
    root = "src/main/resources/sample-catalog")
class CatalogFilesExampleTest {
  @Test
  void theCatalogIsValidAndEveryComponentHasAnOwnerThatExists(LoadedCatalog catalog) {
    assertThat(catalog)
        .isValid()
        .everyComponentHasOwner()
        .containsEntity("component:default/artist-lookup");
  }

  @Test
  @CatalogFiles(value = {"acme", "systems", "domains", "resources"},
      root = "src/main/resources/sample-catalog")
  void theOrganisationAndSystemsReferOnlyToEachOther(LoadedCatalog catalog) {
    assertThat(catalog).isValid().hasNoDanglingRefs();
  }

  @Test
  void componentsReferToApisDefinedElsewhere(LoadedCatalog catalog) {
    // the components name APIs (and a resource) whose files are not in this set: the test kit
    // lists each reference with its file and line, so a test can pin the ones it expects
    org.assertj.core.api.Assertions.assertThat(catalog.danglingReferences())
        .extracting(r -> r.target().toString())
        .containsExactlyInAnyOrder("resource:default/artists-db", "api:default/hello-world",
            "api:default/petstore", "api:default/streetlights", "api:default/wayback-archive",
            "api:default/wayback-search", "api:default/wayback-archive");
  }

  @Test
  void relationsAreThereFromBothSides(LoadedCatalog catalog) {
    assertThat(catalog).entity("component:default/artist-lookup")
        .hasRelation("ownedBy", "group:default/team-a")
        .hasRelation("partOf", "system:default/artist-engagement-portal");
    assertThat(catalog).entity("group:default/team-a")
        .hasRelation("ownerOf", "component:default/artist-lookup");
  }

  @Test
  void oneFileOnItsOwn() {
    assertThatCatalogFile("src/main/resources/sample-catalog/components/artist-lookup-component.yaml")
        .isValid()
        .entity("component:artist-lookup")
        .hasSpecValue("lifecycle", "experimental");
  }
}
