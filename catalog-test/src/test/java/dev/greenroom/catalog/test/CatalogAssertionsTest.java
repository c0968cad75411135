package dev.greenroom.catalog.test;

import static dev.greenroom.catalog.test.CatalogAssertions.assertThatCatalog;
import static dev.greenroom.catalog.test.CatalogAssertions.assertThatCatalogFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogAssertionsTest {
  static Path resource(String name) {
    try {
      return Path.of(CatalogAssertionsTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void validFileWithEntitiesAndRelations() {
    assertThatCatalogFile(resource("good/services/catalog-info.yaml"))
        .isValid()
        .hasEntityCount(4)
        .containsEntity("component:default/foo")
        .containsEntity("component:bar")
        .doesNotContainEntity("component:default/nope")
        .entity("component:default/foo")
        .hasKind("Component")
        .hasRelation("ownedBy", "group:default/team-a")
        .hasRelation("partOf", "system:default/payments")
        .hasRelation("providesApi", "api:default/foo-api")
        .hasRelation("dependsOn", "component:default/bar")
        .doesNotHaveRelation("ownedBy", "user:default/alice")
        .hasSpecValue("lifecycle", "production")
        .hasAnnotation("github.com/project-slug", "example/foo");
  }

  @Test
  void inverseRelationsComeFromTheOtherEntitysFile() {
    assertThatCatalog(resource("good"))
        .isValid()
        .hasNoDanglingRefs()
        .everyComponentHasOwner()
        .entity("group:default/team-a")
        .hasRelation("ownerOf", "component:default/foo")
        .hasRelation("hasMember", "user:default/alice");
  }

  @Test
  void invalidFileNamesFileLineFieldAndEntity() {
    Path file = resource("bad/catalog-info.yaml");
    assertThatCatalogFile(file).isInvalid()
        .hasProblem("spec.owner", "must be string")
        .containsEntity("component:default/fine");
    assertThatThrownBy(() -> assertThatCatalogFile(file).isValid())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to be valid, but 2 of 3 documents are not:")
        .hasMessageContaining(file + ":17: spec.owner (document 2, component:default/broken)")
        .hasMessageContaining("/spec/owner must be string")
        .hasMessageContaining("   17 |   owner: 42")
        .hasMessageContaining(file + ":22: metadata.name (document 3, component:default/bad name)")
        .hasMessageContaining("\"metadata.name\" is not valid")
        .hasMessageContaining("   22 |   name: Bad Name");
  }

  @Test
  void aMissingFieldIsCalledMissing(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("catalog-info.yaml");
    Files.writeString(f, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
        + "  name: x\nspec:\n  type: service\n  lifecycle: production\n");
    assertThatThrownBy(() -> assertThatCatalogFile(f).isValid())
        .hasMessageContaining(f + ":6: spec.owner is missing (document 1, component:default/x)\n"
            + "    /spec must have required property 'owner' - missingProperty: owner\n"
            + "        6 |   type: service");
  }

  @Test
  void missingEntityShowsWhyItsDocumentIsInvalid() {
    Path file = resource("bad/catalog-info.yaml");
    assertThatThrownBy(() -> assertThatCatalogFile(file).containsEntity("component:default/broken"))
        .hasMessageContaining("to contain component:default/broken, but its document is invalid:")
        .hasMessageContaining(file + ":17: spec.owner");
    assertThatThrownBy(() -> assertThatCatalogFile(file).entity("component:default/elsewhere"))
        .hasMessageContaining("to contain component:default/elsewhere, but it holds only "
            + "[component:default/fine]");
  }

  @Test
  void missingRelationListsTheRelationsThereAre() {
    assertThatThrownBy(() -> assertThatCatalogFile(resource("good/services/catalog-info.yaml"))
        .entity("component:default/bar").hasRelation("ownedBy", "group:default/team-a"))
        .hasMessageContaining("Expecting component:default/bar (")
        .hasMessageContaining("catalog-info.yaml:")
        .hasMessageContaining("to have relation ownedBy group:default/team-a, but its relations are:\n"
            + "  dependencyOf component:default/foo\n  ownedBy user:default/alice");
  }

  @Test
  void danglingRefsNameFieldAndLine() {
    Path file = resource("dangling/catalog-info.yaml");
    assertThatCatalogFile(file).isValid();
    assertThatThrownBy(() -> assertThatCatalogFile(file).hasNoDanglingRefs())
        .hasMessageContaining("but 2 do not:")
        .hasMessageContaining(file + ":23: spec.owner (component:default/orphan)\n"
            + "    group:default/team-gone is not in the catalog\n"
            + "       23 |   owner: team-gone")
        .hasMessageNotContaining("component:default/bar is not")
        .hasMessageContaining(file + ":25: spec.dependsOn.0 (component:default/orphan)\n"
            + "    resource:default/db is not in the catalog");
  }

  @Test
  void everyComponentHasOwnerWantsAGroupOrUserThatExists() {
    Path file = resource("dangling/catalog-info.yaml");
    assertThatThrownBy(() -> assertThatCatalogFile(file).everyComponentHasOwner())
        .hasMessageContaining(file + ":23: spec.owner (component:default/orphan)\n"
            + "    group:default/team-gone is not in the catalog")
        .hasMessageContaining(file + ":35: spec.owner (component:default/bar)\n"
            + "    system:default/payments is a System, not a Group or User");
  }

  @Test
  void duplicateRefsMakeTheCatalogInvalid(@TempDir Path dir) throws IOException {
    String doc = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\n"
        + "spec:\n  type: team\n  children: []\n";
    Files.writeString(dir.resolve("a.yaml"), doc);
    Files.writeString(dir.resolve("b.yaml"), "# the same group again\n" + doc);
    assertThatThrownBy(() -> assertThatCatalog(dir).isValid())
        .hasMessageContaining("entities are declared twice:\n  group:default/team-a at "
            + dir.resolve("b.yaml") + ":2, first declared at " + dir.resolve("a.yaml") + ":1");
  }

  @Test
  void yamlSyntaxErrorIsOneProblemWithItsLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("catalog-info.yaml");
    Files.writeString(f, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
        + "  name: [oops\nspec: {}\n");
    assertThatThrownBy(() -> assertThatCatalogFile(f).isValid())
        .hasMessageContaining(f + ":5: (document) (document 1)")
        .hasMessageContaining("YAML error at " + f);
  }

  @Test
  void customKindsNeedTheirProcessor(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("catalog-info.yaml");
    Files.writeString(f, "apiVersion: example.com/v1\nkind: Database\nmetadata:\n  name: db\n");
    assertThatCatalogFile(f).hasProblem("kind", "No validator recognized kind Database");
    LoadedCatalog withProcessor = CatalogLoader.builder()
        .processor(new dev.greenroom.catalog.processing.CatalogProcessor() {
          @Override
          public String name() {
            return "DatabaseProcessor";
          }

          @Override
          public dev.greenroom.catalog.validation.KindCheck validateKind(
              dev.greenroom.catalog.model.Entity entity) {
            return entity.kind().equals("Database")
                ? dev.greenroom.catalog.validation.KindCheck.accepted()
                : dev.greenroom.catalog.validation.KindCheck.notMine();
          }
        })
        .build().load(f);
    CatalogAssertions.assertThat(withProcessor).isValid().containsEntity("database:default/db");
    assertThat(withProcessor.documents()).singleElement().extracting(CheckedDocument::ref)
        .isEqualTo("database:default/db");
  }
}
