package dev.greenroom.events.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class GithubSignatureValidatorTest {
  static RequestDetails request(String body, Map<String, String> headers) {
    return new RequestDetails(JsonNodeFactory.instance.stringNode(body),
        body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, headers);
  }

  static List<String> rejections(RequestValidator v, RequestDetails r) {
    List<String> out = new ArrayList<>();
    v.validate(r, (status, message) -> out.add(status + " " + message));
    return out;
  }

  @Test
  void githubsDocumentedExampleSignatureIsAccepted() {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertThat(GithubSignatureValidator.sign("It's a Secret to Everybody",
        "Hello, World!".getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    RequestValidator v = GithubSignatureValidator.of(List.of("It's a Secret to Everybody")).orElseThrow();
    assertThat(rejections(v, request("Hello, World!", Map.of("x-hub-signature-256", expected))))
        .isEmpty();
  }

  @Test
  void anyConfiguredSecretMayHaveSigned() {
    RequestValidator v = GithubSignatureValidator.of(List.of("app-secret", "module-secret")).orElseThrow();
    String sig = GithubSignatureValidator.sign("module-secret", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(rejections(v, request("{}", Map.of("x-hub-signature-256", sig)))).isEmpty();
  }

  @Test
  void wrongMissingOrMalformedSignaturesAre401() {
    RequestValidator v = GithubSignatureValidator.of(List.of("s3cret")).orElseThrow();
    String other = GithubSignatureValidator.sign("other", "{}".getBytes(StandardCharsets.UTF_8));
    String forBodyA = GithubSignatureValidator.sign("s3cret", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(rejections(v, request("{}", Map.of("x-hub-signature-256", other))))
        .containsExactly("401 invalid signature");
    assertThat(rejections(v, request("{\"a\":2}", Map.of("x-hub-signature-256", forBodyA))))
        .containsExactly("401 invalid signature");
    assertThat(rejections(v, request("{}", Map.of()))).containsExactly("401 invalid signature");
    assertThat(rejections(v, request("{}", Map.of("x-hub-signature-256", "sha256=zz"))))
        .containsExactly("401 invalid signature");
    assertThat(rejections(v, request("{}", Map.of("x-hub-signature", "sha1=00"))))
        .containsExactly("401 invalid signature");
  }

  @Test
  void noSecretMeansNoValidatorAndBlankSecretsAreRefused() {
    assertThat(GithubSignatureValidator.of(List.of())).isEmpty();
    assertThatThrownBy(() -> GithubSignatureValidator.of(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gitlabTokenMustMatch() {
    RequestValidator v = new GitlabTokenValidator("gl-token");
    assertThat(rejections(v, request("{}", Map.of("x-gitlab-token", "gl-token")))).isEmpty();
    assertThat(rejections(v, request("{}", Map.of("x-gitlab-token", "gl-tokem"))))
        .containsExactly("401 invalid token");
    assertThat(rejections(v, request("{}", Map.of()))).containsExactly("401 invalid token");
  }
}
