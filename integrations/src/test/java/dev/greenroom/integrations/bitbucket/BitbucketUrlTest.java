package dev.greenroom.integrations.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link BitbucketUrl}: the URL shapes Backstage's git-url-parse reads for Bitbucket. */
class BitbucketUrlTest {
  @Test
  void cloudUrls() {
    assertThat(BitbucketUrl.parseCloud("https://bitbucket.org/acme/repo/src/main/a/catalog-info.yaml"))
        .isEqualTo(new BitbucketUrl("https", "bitbucket.org", "acme", "repo", "src", "main", "a/catalog-info.yaml"));
    assertThat(BitbucketUrl.parseCloud("https://Bitbucket.org/acme/repo.git"))
        .isEqualTo(new BitbucketUrl("https", "bitbucket.org", "acme", "repo", "src", null, ""));
    assertThat(BitbucketUrl.parseCloud("https://bitbucket.org/acme/repo/raw/v1.2/docs/%2A%2A/x.md").isGlob()).isTrue();
    assertThat(BitbucketUrl.parseCloud("https://bitbucket.org/acme/repo/commits/abc")).isNull();
    assertThat(BitbucketUrl.parseCloud("https://user:pw@bitbucket.org/acme/repo/src/main/a.yaml")).isNull();
    assertThat(BitbucketUrl.parseCloud("https://bitbucket.org/acme/repo/src/main/../../etc/passwd")).isNull();
    assertThat(BitbucketUrl.parseCloud("https://bitbucket.org/acme/repo/src/main/a%2F..%2Fb")).isNull();
    assertThat(BitbucketUrl.parseCloud("ftp://bitbucket.org/acme/repo")).isNull();
  }

  @Test
  void serverUrls() {
    assertThat(BitbucketUrl.parseServer(
        "https://bitbucket.example.com/projects/PAY/repos/billing/browse/catalog-info.yaml?at=main"))
        .isEqualTo(new BitbucketUrl("https", "bitbucket.example.com", "PAY", "billing", "browse", "main",
            "catalog-info.yaml"));
    assertThat(BitbucketUrl.parseServer(
        "https://bitbucket.example.com:7990/projects/PAY/repos/billing/raw/a/b.yaml?at=refs%2Fheads%2Frelease%2F1.0").ref())
        .isEqualTo("release/1.0");
    assertThat(BitbucketUrl.parseServer("https://bitbucket.example.com/users/jdoe/repos/dots/browse/x.yaml").owner())
        .isEqualTo("~jdoe");
    assertThat(BitbucketUrl.parseServer("https://bitbucket.example.com/projects/PAY/repos/billing"))
        .isEqualTo(new BitbucketUrl("https", "bitbucket.example.com", "PAY", "billing", "browse", null, ""));
    assertThat(BitbucketUrl.parseServer("https://bitbucket.example.com/projects/PAY/repos/billing/commits")).isNull();
    assertThat(BitbucketUrl.parseServer("https://bitbucket.example.com/PAY/billing/src/main/x.yaml")).isNull();
  }
}
