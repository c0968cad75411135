package dev.greenroom.events.catalog;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.events.EventParams;
import dev.greenroom.events.EventSubscriber;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Refreshes what was read from a repository when it is pushed to: on {@code github.push} and
 * {@code gitlab.push}, every entity holding a refresh key under the pushed branch of the
 * repository is scheduled for processing now ({@link CatalogEngine#refreshByKeyPrefix}). Url
 * locations hold {@code url:<target>}, so the Location that reads {@code
 * https://github.com/org/repo/blob/main/catalog-info.yaml} reads it again at once and a changed
 * file shows within seconds instead of at the next processing interval.
 *
 * <p>GitHub: {@code repository.html_url} and {@code ref} of the push payload; the prefixes are
 * {@code <html_url>/blob/<branch>/} and {@code <html_url>/tree/<branch>/}. GitLab: {@code
 * project.web_url} and {@code ref}; the prefixes are the same with and without GitLab's {@code
 * /-/}. A payload without a usable repository URL (not http or https, no owner and name, longer
 * than 500 characters) or ref is ignored.
 */
public final class PushRefreshSubscriber implements EventSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(PushRefreshSubscriber.class);
  private static final int MAX_URL = 500;

  private final CatalogEngine engine;

  /** A subscriber refreshing entities of {@code engine}. */
  public PushRefreshSubscriber(CatalogEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public String id() {
    return "CatalogPushRefresh";
  }

  @Override
  public Set<String> topics() {
    return Set.of("github.push", "gitlab.push");
  }

  @Override
  public void onEvent(EventParams event) {
    boolean github = event.topic().startsWith("github.");
    JsonNode p = event.payload();
    Optional<String> repo = text(p.path(github ? "repository" : "project")
        .path(github ? "html_url" : "web_url")).flatMap(PushRefreshSubscriber::repositoryUrl);
    Optional<String> branch = text(p.path("ref")).map(PushRefreshSubscriber::shortRef);
    if (repo.isEmpty() || branch.isEmpty() || branch.get().isEmpty()) {
      LOG.debug("A {} event without a repository URL or ref; ignored", event.topic());
      return;
    }
    List<String> prefixes = prefixes(repo.get(), branch.get(), !github);
    int n = engine.refreshByKeyPrefix(prefixes);
    LOG.info("Push to {} ({}): {} entities read from it refresh now", repo.get(), branch.get(), n);
  }

  /** The refresh key prefixes of files on {@code branch} of the repository at {@code repo}. */
  static List<String> prefixes(String repo, String branch, boolean gitlab) {
    List<String> out = new ArrayList<>();
    for (String kind : List.of("blob", "tree")) {
      out.add("url:" + repo + "/" + kind + "/" + branch + "/");
      if (gitlab) {
        out.add("url:" + repo + "/-/" + kind + "/" + branch + "/");
      }
    }
    return out;
  }

  private static Optional<String> text(JsonNode n) {
    return n.isString() ? Optional.of(n.stringValue()) : Optional.empty();
  }

  /** {@code refs/heads/main} → {@code main}, {@code refs/tags/v1} → {@code v1}. */
  private static String shortRef(String ref) {
    for (String p : List.of("refs/heads/", "refs/tags/")) {
      if (ref.startsWith(p)) {
        return ref.substring(p.length());
      }
    }
    return ref;
  }

  /** The repository's web address without a trailing slash, when it is a plausible one. */
  static Optional<String> repositoryUrl(String url) {
    if (url.length() > MAX_URL) {
      return Optional.empty();
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme();
      String path = u.getRawPath();
      if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))
          || u.getHost() == null || path == null || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        return Optional.empty();
      }
      String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      long segments = path.chars().filter(ch -> ch == '/').count();
      return segments >= 2 ? Optional.of(trimmed) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
