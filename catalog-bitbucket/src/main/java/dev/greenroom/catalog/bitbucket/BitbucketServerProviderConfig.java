package dev.greenroom.catalog.bitbucket;

import static dev.greenroom.catalog.bitbucket.ProviderConfigs.*;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One provider under {@code catalog.providers.bitbucketServer} (Backstage's {@code
 * BitbucketServerEntityProviderConfig}).
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     bitbucketServer:
 *       yourProviderId:
 *         host: bitbucket.example.com         # an integrations.bitbucketServer host
 *         catalogPath: /catalog-info.yaml     # the default
 *         filters:
 *           projectKey: '^apis-.*$'           # searched in the key, as JavaScript's RegExp.test
 *           repoSlug: '^service-.*$'
 *           skipArchivedRepos: true
 *         validateLocationsExist: true        # emit only repositories that have the file
 *         schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } }
 * }</pre>
 *
 * A provider may also be written without an id (then it is {@code default}) when {@code
 * bitbucketServer} holds {@code host} itself.
 *
 * @param id the provider's id
 * @param host the lower-case {@code host[:port]} of the Bitbucket Server integration
 * @param catalogPath the path of catalog files in a repository, {@code /catalog-info.yaml} by default
 * @param projectKey only projects whose key this finds, or null for all
 * @param repoSlug only repositories whose slug this finds, or null for all
 * @param skipArchivedRepos whether archived repositories are left out
 * @param validateLocationsExist whether a repository is emitted only when its catalog file exists
 * @param schedule the schedule, or null when the host gives one in code
 */
public record BitbucketServerProviderConfig(
    String id,
    String host,
    String catalogPath,
    @Nullable Pattern projectKey,
    @Nullable Pattern repoSlug,
    boolean skipArchivedRepos,
    boolean validateLocationsExist,
    @Nullable TaskSchedule schedule) {
  /** The config key the providers live under. */
  public static final String KEY = "catalog.providers.bitbucketServer";

  /**
   * Reads the {@code catalog.providers.bitbucketServer} node (missing: no providers).
   *
   * @throws BitbucketConfigException naming the key when a value has the wrong shape
   */
  public static List<BitbucketServerProviderConfig> readAll(JsonNode node) {
    return ProviderConfigs.read(node, KEY, "host", (id, n) -> {
      String key = id.equals("default") && node.has("host") ? KEY : KEY + "." + id;
      JsonNode filters = n.path("filters");
      return new BitbucketServerProviderConfig(
          id,
          string(n, "host", key).toLowerCase(Locale.ROOT),
          ProviderConfigs.catalogPath(n, key),
          pattern(filters, "projectKey", key + ".filters", false),
          pattern(filters, "repoSlug", key + ".filters", false),
          optionalBoolean(filters, "skipArchivedRepos", key + ".filters"),
          optionalBoolean(n, "validateLocationsExist", key),
          ProviderConfigs.schedule(n, key));
    });
  }
}
