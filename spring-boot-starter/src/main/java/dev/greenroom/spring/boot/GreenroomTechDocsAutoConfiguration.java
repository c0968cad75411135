package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.http.techdocs.TechDocsApiPlugin;
import dev.greenroom.techdocs.TechDocs;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * TechDocs, when {@code greenroom-techdocs-core} is on the classpath: sites built on demand from
 * the entities' {@code backstage.io/techdocs-ref} and published to {@code
 * greenroom.techdocs.publish-directory}, served at {@code /api/techdocs}. {@code
 * greenroom.techdocs.enabled=false} switches it off.
 */
@AutoConfiguration(after = GreenroomCatalogAutoConfiguration.class)
@ConditionalOnClass(name = "dev.greenroom.techdocs.TechDocs")
@ConditionalOnBooleanProperty(name = "greenroom.techdocs.enabled", matchIfMissing = true)
@ConditionalOnBean(CatalogEngine.class)
@EnableConfigurationProperties(GreenroomProperties.class)
public class GreenroomTechDocsAutoConfiguration {

  /** TechDocs reading sources through the catalog's URL reader. */
  @Bean
  @ConditionalOnMissingBean
  public TechDocs greenroomTechDocs(UrlReader urlReader, GreenroomProperties properties) {
    Path dir = properties.getTechdocs().getPublishDirectory();
    Path publish = (dir != null ? dir
        : Path.of(System.getProperty("java.io.tmpdir"), "greenroom-techdocs")).toAbsolutePath();
    return TechDocs.builder().publishDirectory(publish).urlReader(urlReader).build();
  }

  /** {@code /api/techdocs}, when the API is on. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "greenroom.http.enabled", matchIfMissing = true)
  public TechDocsApiPlugin greenroomTechDocsApiPlugin(TechDocs techdocs, CatalogEngine engine) {
    return TechDocsApiPlugin.of(techdocs, engine.catalog());
  }
}
