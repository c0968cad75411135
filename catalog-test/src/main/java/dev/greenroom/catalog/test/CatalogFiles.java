package dev.greenroom.catalog.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names the catalog files a test works on; a {@link LoadedCatalog} parameter of the test (or of
 * a lifecycle method, or a constructor) receives them, read and validated with Backstage's rules.
 * The nearest annotation wins: on the parameter, then the method, then the class.
 *
 * <pre>{@code
 * @CatalogFiles("catalog/**}{@code /*.yaml")
 * class CatalogTest {
 *   @Test
 *   void catalogIsValid(LoadedCatalog catalog) {
 *     assertThat(catalog).isValid().hasNoDanglingRefs();
 *   }
 * }
 * }</pre>
 *
 * <p>Patterns are files, folders (searched recursively for {@code .yaml}/{@code .yml}) or globs,
 * relative to {@link #root()}. A pattern that matches nothing fails the test, so a moved folder
 * cannot make the test pass vacuously.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
@ExtendWith(CatalogExtension.class)
public @interface CatalogFiles {
  /** Files, folders or globs ({@code catalog-info.yaml}, {@code catalog}, {@code **}{@code /*.yaml}). */
  String[] value() default {"catalog-info.yaml"};

  /**
   * What relative patterns resolve against: empty for the working directory (the module folder
   * under Maven and Gradle), a path, or {@code classpath:folder} for a folder of test resources.
   */
  String root() default "";
}
