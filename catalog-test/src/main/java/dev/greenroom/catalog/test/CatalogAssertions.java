package dev.greenroom.catalog.test;

import dev.greenroom.catalog.model.Entity;
import java.nio.file.Path;
import java.util.List;

/**
 * AssertJ entry points for catalog files. Import statically:
 *
 * <pre>{@code
 * assertThatCatalogFile("catalog-info.yaml").isValid()
 *     .containsEntity("component:default/foo")
 *     .entity("component:default/foo").hasRelation("ownedBy", "group:default/team-a");
 * assertThatCatalog("catalog").isValid().hasNoDanglingRefs().everyComponentHasOwner();
 * }</pre>
 *
 * <p>Files are validated with Backstage's rules ({@link CatalogLoader#create()}); failure messages
 * name the file, the line, the field and the entity, and show the source line.
 */
public final class CatalogAssertions {
  private CatalogAssertions() {}

  /** Assertions on one catalog file (relative paths resolve against the working directory). */
  public static CatalogAssert assertThatCatalogFile(Path file) {
    return new CatalogAssert(CatalogLoader.create().loadFiles(List.of(file)), file.toString());
  }

  /** Assertions on one catalog file. */
  public static CatalogAssert assertThatCatalogFile(String file) {
    return assertThatCatalogFile(Path.of(file));
  }

  /** Assertions on every {@code .yaml}/{@code .yml} file under a folder, taken as one catalog. */
  public static CatalogAssert assertThatCatalog(Path folder) {
    return new CatalogAssert(CatalogLoader.create().load(folder), folder.toString());
  }

  /** Assertions on every {@code .yaml}/{@code .yml} file under a folder, taken as one catalog. */
  public static CatalogAssert assertThatCatalog(String folder) {
    return assertThatCatalog(Path.of(folder));
  }

  /** Assertions on a catalog already loaded (for example injected by {@link CatalogFiles}). */
  public static CatalogAssert assertThat(LoadedCatalog catalog) {
    return new CatalogAssert(catalog, catalog.files().size() == 1
        ? catalog.files().get(0).toString() : catalog.files().size() + " catalog files");
  }

  /** Assertions on one entity. */
  public static EntityAssert assertThat(Entity entity) {
    return new EntityAssert(entity, null);
  }
}
