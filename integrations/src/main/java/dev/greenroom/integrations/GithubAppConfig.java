package dev.greenroom.integrations;

import static dev.greenroom.integrations.ConfigNodes.*;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One GitHub App of a GitHub integration ({@code integrations.github[].apps[]}).
 *
 * @param appId the App's id, the issuer of its JWTs
 * @param privateKey the App's RSA private key in PEM (PKCS#1 as GitHub hands it out, or PKCS#8)
 * @param clientId the App's client id
 * @param clientSecret the App's client secret
 * @param webhookSecret the secret of the App's webhooks
 * @param allowedInstallationOwners when set, installation tokens are fetched only for these
 *     owners (organisations or users); null allows every installation
 */
public record GithubAppConfig(
    long appId,
    Secret privateKey,
    String clientId,
    Secret clientSecret,
    Secret webhookSecret,
    @Nullable List<String> allowedInstallationOwners) {

  /** Reads one App entry; every key but {@code allowedInstallationOwners} is required. */
  static GithubAppConfig read(JsonNode node, String path) {
    JsonNode id = node.path("appId");
    long appId;
    if (id.isIntegralNumber()) {
      appId = id.longValue();
    } else if (id.isString() && id.stringValue().matches("\\d{1,18}")) {
      appId = Long.parseLong(id.stringValue());
    } else if (id.isMissingNode() || id.isNull()) {
      throw invalid(join(path, "appId"), "is required");
    } else {
      throw invalid(join(path, "appId"), "must be a number, got " + type(id));
    }
    return new GithubAppConfig(
        appId,
        secret(node, "privateKey", path),
        string(node, "clientId", path),
        secret(node, "clientSecret", path),
        secret(node, "webhookSecret", path),
        optionalStrings(node, "allowedInstallationOwners", path));
  }
}
