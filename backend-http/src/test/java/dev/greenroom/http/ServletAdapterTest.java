package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same routes through {@link GreenroomServlet} in an embedded Jetty 12 (ee10). */
class ServletAdapterTest {
  @TempDir Path dir;

  @Test
  void jettyAnswersTheSameAsTheJdkServer() throws Exception {
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer jdk = BackendServer.builder().port(0).catalog(engine).build().start()) {
      Server jetty = new Server();
      ServerConnector connector = new ServerConnector(jetty);
      connector.setPort(0);
      jetty.addConnector(connector);
      ServletContextHandler ctx = new ServletContextHandler();
      ctx.setContextPath("/backstage");
      ctx.addServlet(new ServletHolder(new GreenroomServlet(HttpApi.builder().catalog(engine))), "/*");
      jetty.setHandler(ctx);
      jetty.start();
      try {
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/backstage/");
        for (String path : new String[] {
            "api/catalog/entities/by-name/Component/default/petstore",
            "api/catalog/entities?filter=kind%3Dcomponent&order=asc%3Ametadata.name",
            "api/catalog/entities/by-name/Component/default/nope"}) {
          HttpResponse<String> viaJetty = TestCatalog.get(base, path);
          HttpResponse<String> viaJdk = TestCatalog.get(jdk.baseUrl(), "/" + path);
          assertThat(viaJetty.statusCode()).isEqualTo(viaJdk.statusCode());
          // Jetty writes the content type without the space: application/json;charset=utf-8
          assertThat(viaJetty.headers().firstValue("content-type").orElseThrow().replace(" ", ""))
              .isEqualTo(viaJdk.headers().firstValue("content-type").orElseThrow().replace(" ", ""));
          assertThat(Json.parse(viaJetty.body())).isEqualTo(Json.parse(viaJdk.body()));
        }
        HttpResponse<String> posted = TestCatalog.post(base, "api/catalog/entities/by-refs",
            "{\"entityRefs\": [\"component:default/petstore\", \"x:y/z\"]}");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(Json.parse(posted.body()).get("items").get(1).isNull()).isTrue();
        HttpResponse<String> refresh = TestCatalog.post(base, "api/catalog/refresh",
            "{\"entityRef\": \"component:default/petstore\"}");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(refresh.body()).isEmpty();
      } finally {
        jetty.stop();
      }
    }
  }
}
