package dev.greenroom.scaffolder.publish.bitbucket;

import dev.greenroom.integrations.BitbucketServerIntegrationConfig;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.Secret;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.publish.git.GitAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The credentials a Bitbucket Server action uses: the {@code token} input, else the integration's
 * token (both {@code Authorization: Bearer}, for the API and for git), else its user name and
 * password (Basic), as Backstage's {@code getBitbucketServerRequestOptions}.
 */
record BitbucketServerAuth(BitbucketServerIntegrationConfig config, String authorization,
    GitAuth git) {

  static BitbucketServerAuth of(String action, String host, IntegrationsConfig integrations,
      @Nullable String inputToken) {
    BitbucketServerIntegrationConfig config = integrations.bitbucketServer().stream()
        .filter(c -> c.host().equalsIgnoreCase(host)).findFirst()
        .orElseThrow(() -> new ActionException(action + ": no matching integration configuration"
            + " for host " + host + ", please check your integrations config"));
    String token = inputToken != null && !inputToken.isEmpty() ? inputToken
        : config.token() == null ? null : config.token().reveal();
    if (token != null) {
      return new BitbucketServerAuth(config, "Bearer " + token, GitAuth.bearer(token));
    }
    Secret password = config.password();
    if (config.username() != null && password != null) {
      String basic = "Basic " + Base64.getEncoder().encodeToString(
          (config.username() + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
      return new BitbucketServerAuth(config, basic,
          GitAuth.basic(config.username(), password.reveal()));
    }
    throw new ActionException(action + ": Authorization has not been provided for "
        + config.host() + ". Please add either (a) a user login auth token, or (b) a token input"
        + " from the template or (c) username + password to the integration config.");
  }

  @Override
  public String toString() {
    return "BitbucketServerAuth[" + config.host() + "]";
  }
}
