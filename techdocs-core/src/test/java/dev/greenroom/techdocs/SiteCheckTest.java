package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.build.SiteCheck;
import dev.greenroom.techdocs.build.SiteGenerator;
import dev.greenroom.techdocs.source.SourceFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The checker finds what a broken site gets wrong (so a clean corpus result means something). */
class SiteCheckTest {
  private static GeneratedSite build(Map<String, String> files, List<String> log) {
    Map<String, byte[]> m = new TreeMap<>();
    files.forEach((k, v) -> m.put(k, v.getBytes()));
    return new SiteGenerator().generate(SourceFiles.of("t", m), "x", 1L, log::add);
  }

  @Test
  void reportsMissingNavPagesBrokenLinksAndFragments() {
    List<String> log = new ArrayList<>();
    GeneratedSite site = build(Map.of(
        "mkdocs.yml", "site_name: S\nnav:\n  - Home: index.md\n  - Gone: gone.md\n  - Guide: guide/intro.md\n",
        "docs/index.md", "# Home\n\n[intro](guide/intro.md#start) [bad anchor](guide/intro.md#nope) [missing](nowhere.md)\n",
        "docs/guide/intro.md", "# Intro\n\n## Start\n\n![pic](pic.png) [home](../index.md)\n"), log);
    assertThat(log).anyMatch(l -> l.contains("A reference to 'gone.md' is included in the 'nav' configuration"));
    List<SiteCheck.Problem> problems = SiteCheck.check(site.files());
    assertThat(problems).extracting(p -> p.kind() + " " + p.file() + " " + p.detail()).contains(
        "nav index.html nav entry gone/: no file gone/index.html",
        "link index.html guide/intro/#nope: no element #nope in guide/intro/index.html",
        "link index.html nowhere/: no file nowhere/index.html",
        "link guide/intro/index.html ../pic.png: no file guide/pic.png",
        "nav guide/intro/index.html nav entry ../../gone/: no file gone/index.html");
    assertThat(problems).noneMatch(p -> p.detail().startsWith("guide/intro/#start"));
    assertThat(problems).noneMatch(p -> p.kind().equals("search") || p.kind().equals("metadata"));
  }

  @Test
  void reportsPagesMissingFromTheSearchIndexAndUnlistedFiles() {
    GeneratedSite site = build(Map.of("mkdocs.yml", "site_name: S\n", "docs/index.md", "# A\n", "docs/b.md", "# B\n"), new ArrayList<>());
    Map<String, byte[]> files = new TreeMap<>(site.files());
    files.put("search/search_index.json", "{\"docs\":[{\"location\":\"\",\"title\":\"A\",\"text\":\"\"}]}".getBytes());
    files.put("extra.txt", new byte[0]);
    assertThat(SiteCheck.check(files)).extracting(SiteCheck.Problem::detail).containsExactlyInAnyOrder(
        "page b/ is not in the search index", "files does not list extra.txt");
  }
}
