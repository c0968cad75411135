package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.GreenroomServlet;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.Interceptor;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.spring.boot.internal.BasePathServlet;
import dev.greenroom.spring.boot.internal.CatalogStartGate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Backstage's REST API: an {@link HttpApi} with the catalog, every {@link ApiPlugin} bean (the
 * scaffolder's, TechDocs', scorecards' and the application's own), every {@link Interceptor} bean,
 * and the application's {@link Authenticator} and {@link PermissionPolicy} beans when it defines
 * them (otherwise every caller is let in, as {@link HttpApi} does by default). While the catalog
 * has not started (its database cannot be opened yet) Greenroom's own routes answer 503. In a
 * servlet web
 * application it is mounted at {@code greenroom.http.base-path + /api/*}. {@code
 * greenroom.http.enabled=false} switches it off.
 */
@AutoConfiguration(after = {
    GreenroomCatalogAutoConfiguration.class,
    GreenroomScaffolderAutoConfiguration.class,
    GreenroomTechDocsAutoConfiguration.class,
    GreenroomScorecardsAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "greenroom.http.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GreenroomProperties.class)
public class GreenroomHttpAutoConfiguration {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(GreenroomHttpAutoConfiguration.class);

  /** The routing core. */
  @Bean
  @ConditionalOnMissingBean
  public HttpApi greenroomHttpApi(
      GreenroomProperties properties,
      ObjectProvider<CatalogEngine> engine,
      ObjectProvider<CatalogEngineLifecycle> lifecycle,
      ObjectProvider<ApiPlugin> plugins,
      ObjectProvider<Interceptor> interceptors,
      ObjectProvider<Authenticator> authenticator,
      ObjectProvider<PermissionPolicy> policy,
      ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meterRegistry) {
    HttpApi.Builder b = HttpApi.builder().maxBodyBytes(properties.getHttp().getMaxBodyBytes());
    meterRegistry.ifUnique(b::meterRegistry);
    engine.ifAvailable(b::catalog);
    plugins.orderedStream().forEach(b::plugin);
    // 503 for Greenroom's routes while the catalog's database cannot be opened yet
    lifecycle.ifUnique(l -> b.interceptor(new CatalogStartGate(l::isCatalogStarted)));
    interceptors.orderedStream().forEach(b::interceptor);
    Authenticator auth = authenticator.getIfUnique();
    if (auth != null) {
      b.authenticator(auth);
    } else {
      LOG.warn("Greenroom's API lets every caller in: the application defines no (single)"
          + " dev.greenroom.http.auth.Authenticator bean");
    }
    policy.ifUnique(b::permissionPolicy);
    return b.build();
  }

  /** Mounts the API in the servlet container. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({ServletRegistrationBean.class, GreenroomServlet.class})
  static class ServletConfiguration {
    /** {@link GreenroomServlet} at {@code base-path + /api/*}. */
    @Bean
    @ConditionalOnMissingBean(name = "greenroomServlet")
    ServletRegistrationBean<GreenroomServlet> greenroomServlet(
        HttpApi api, GreenroomProperties properties) {
      String base = normalizeBasePath(properties.getHttp().getBasePath());
      BasePathServlet servlet = new BasePathServlet(api, base);
      ServletRegistrationBean<GreenroomServlet> r =
          new ServletRegistrationBean<>(servlet, base + "/api/*");
      r.setName("greenroom");
      r.setLoadOnStartup(1);
      r.setAsyncSupported(false);
      return r;
    }
  }

  /**
   * {@code ""} or a path that starts with a slash and does not end with one.
   *
   * @throws IllegalArgumentException naming {@code greenroom.http.base-path} otherwise
   */
  static String normalizeBasePath(String basePath) {
    String b = basePath.trim();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    if (b.isEmpty()) {
      return "";
    }
    if (!b.startsWith("/") || !b.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new IllegalArgumentException("greenroom.http.base-path must be a path such as"
          + " /backstage (letters, digits, . _ ~ - between slashes), not '" + basePath + "'");
    }
    return b;
  }
}
