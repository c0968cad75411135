package dev.greenroom.techdocs;

import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.build.SiteGenerator;
import dev.greenroom.techdocs.source.SourceFiles;
import dev.greenroom.techdocs.source.SourceLoader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The copied corpus under {@code src/test/resources/corpus}. */
final class Corpus {
  private Corpus() {}

  static Path dir(String name) {
    try {
      return Path.of(Corpus.class.getResource("/corpus/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static SourceFiles load(String name) {
    return new SourceLoader(null, 1000, 10_000_000).loadDir(dir(name), "dir:" + name);
  }

  static GeneratedSite build(String name, List<String> log) {
    return new SiteGenerator().generate(load(name), "fallback", 1_700_000_000_000L, log::add);
  }

  static GeneratedSite build(String name) {
    return build(name, new ArrayList<>());
  }

  static String text(GeneratedSite site, String file) {
    byte[] b = site.files().get(file);
    if (b == null) {
      throw new AssertionError("no file " + file + " in " + site.files().keySet());
    }
    return new String(b, StandardCharsets.UTF_8);
  }
}
