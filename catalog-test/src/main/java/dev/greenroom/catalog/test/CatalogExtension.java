package dev.greenroom.catalog.test;

import java.lang.reflect.AnnotatedElement;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link CatalogFiles}: resolves {@link LoadedCatalog} parameters. Also
 * usable as {@code @ExtendWith(CatalogExtension.class)}, in which case an unannotated parameter
 * receives {@code catalog-info.yaml} of the working directory. Catalogs are loaded once per
 * annotation and test class, and cached in the class's extension store.
 */
public final class CatalogExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(CatalogExtension.class);

  /** Created by JUnit. */
  public CatalogExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LoadedCatalog.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    CatalogFiles files = parameter.findAnnotation(CatalogFiles.class)
        .or(() -> context.getTestMethod().flatMap(m -> find(m)))
        .or(() -> context.getTestClass().flatMap(c -> find(c)))
        .orElse(null);
    List<String> patterns = files == null ? List.of("catalog-info.yaml") : List.of(files.value());
    String root = files == null ? "" : files.root();
    String key = root + "|" + String.join("|", patterns);
    ExtensionContext.Store store = context.getRoot().getStore(NS);
    return store.getOrComputeIfAbsent(key, k -> load(root, patterns), LoadedCatalog.class);
  }

  private static Optional<CatalogFiles> find(AnnotatedElement e) {
    return AnnotationSupport.findAnnotation(e, CatalogFiles.class);
  }

  private static LoadedCatalog load(String root, List<String> patterns) {
    try {
      return CatalogLoader.create().load(resolveRoot(root), patterns);
    } catch (IllegalArgumentException e) {
      throw new ParameterResolutionException("@CatalogFiles" + patterns + ": " + e.getMessage(), e);
    }
  }

  static Path resolveRoot(String root) {
    if (root.isEmpty()) {
      return Path.of("");
    }
    if (root.startsWith("classpath:")) {
      String name = root.substring("classpath:".length()).replaceFirst("^/", "");
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      URL url = cl == null ? null : cl.getResource(name);
      if (url == null || !"file".equals(url.getProtocol())) {
        throw new ParameterResolutionException(
            "@CatalogFiles root " + root + " is not a folder of the test class path");
      }
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new ParameterResolutionException("bad class path URL " + url, e);
      }
    }
    return Path.of(root);
  }
}
