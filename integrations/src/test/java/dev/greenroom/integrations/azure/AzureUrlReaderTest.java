package dev.greenroom.integrations.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.AzureIntegrationConfig;
import dev.greenroom.integrations.AzureIntegrationConfig.Credential;
import dev.greenroom.integrations.AzureIntegrationConfig.Kind;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.Secret;
import dev.greenroom.integrations.testing.FakeRepo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AzureUrlReaderTest {
  static final String PAT = "azpat-s3cr3t-never-shown-0001";

  FakeAzure azure;
  Path fixture;

  @BeforeEach
  void start() throws IOException, URISyntaxException {
    fixture = Path.of(getClass().getResource("/github-fixture/catalog").toURI());
    azure = new FakeAzure(fixture).token(PAT);
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  AzureUrlReader reader(String pat, ReadLimits limits) {
    List<Credential> creds = pat == null ? List.of()
        : List.of(new Credential(Kind.PersonalAccessToken, List.of(), Secret.of(pat), null, null, null));
    return AzureUrlReader.create(new AzureIntegrationConfig(azure.host(), "6.0", creds), limits, null);
  }

  byte[] file(String path) throws IOException {
    return Files.readAllBytes(fixture.resolve(path));
  }

  @Test
  void readsAFileWithThePatAsBasicAuthAndAnswersNotModifiedForItsEtag() throws IOException {
    AzureUrlReader reader = reader(PAT, ReadLimits.DEFAULTS);
    String url = azure.webUrl("path=/components/searcher/catalog-info.yaml&version=GBmain&_a=contents");

    UrlReader.ReadResponse first = reader.read(url, null, Long.MAX_VALUE);
    assertThat(first.content()).isEqualTo(file("components/searcher/catalog-info.yaml"));
    assertThat(first.etag()).isNotNull();
    FakeAzure.Request asked = azure.requests().get(0);
    assertThat(asked.path()).isEqualTo("/acme/catalog/_apis/git/repositories/catalog/items");
    assertThat(FakeRepo.query(asked.query())).containsEntry("path", "/components/searcher/catalog-info.yaml")
        .containsEntry("version", "main").containsEntry("api-version", "6.0");
    assertThat(asked.authorization()).isEqualTo("Basic "
        + java.util.Base64.getEncoder().encodeToString((":" + PAT).getBytes(StandardCharsets.UTF_8)));

    UrlReader.ReadResponse second = reader.read(url, first.etag(), Long.MAX_VALUE);
    assertThat(second.isNotModified()).isTrue();
  }

  @Test
  void readsAFolderAsAZipBelowTheFolderAndAnswersNotModifiedForTheCommit() throws IOException {
    AzureUrlReader reader = reader(PAT, ReadLimits.DEFAULTS);
    String url = azure.webUrl("path=/documented-component&version=GBmain");

    UrlReader.ReadTreeResponse tree = reader.readTree(url, null);
    assertThat(tree.etag()).isEqualTo(azure.repo().commitSha());
    assertThat(tree.files()).extracting(UrlReader.TreeFile::path)
        .containsExactly("catalog-info.yaml", "docs/index.md", "docs/sub-page.md", "mkdocs.yml");
    assertThat(tree.files().get(1).content()).isEqualTo(file("documented-component/docs/index.md"));
    assertThat(azure.requests()).anySatisfy(r -> {
      assertThat(r.accept()).isEqualTo("application/zip");
      assertThat(FakeRepo.query(r.query())).containsEntry("scopePath", "/documented-component")
          .containsEntry("recursionLevel", "full").containsEntry("download", "true");
    });

    int before = azure.requests().size();
    assertThat(reader.readTree(url, tree.etag()).notModified()).isTrue();
    assertThat(azure.requests().size() - before).as("only the commits request").isEqualTo(1);
  }

  @Test
  void searchesAGlobInTheRepositoryZipAndNamesEachFileByItsOwnUrl() throws IOException {
    AzureUrlReader reader = reader(PAT, ReadLimits.DEFAULTS);
    UrlReader.SearchResponse found =
        reader.search(azure.webUrl("path=/**/catalog-info.yaml&version=GBmain"), null);

    assertThat(found.files()).extracting(UrlReader.FoundFile::url).containsExactly(
        azure.webUrl("path=%2Fcomponents%2Fplayback-order%2Fcatalog-info.yaml&version=GBmain"),
        azure.webUrl("path=%2Fcomponents%2Fsearcher%2Fcatalog-info.yaml&version=GBmain"),
        azure.webUrl("path=%2Fdocumented-component%2Fcatalog-info.yaml&version=GBmain"));
    assertThat(found.etag()).isEqualTo(azure.repo().commitSha());
    // a found file's URL reads back as that file
    assertThat(reader.read(found.files().get(1).url(), null, Long.MAX_VALUE).content())
        .isEqualTo(file("components/searcher/catalog-info.yaml"));
    assertThat(reader.search(azure.webUrl("path=/**/catalog-info.yaml&version=GBmain"), found.etag())
        .notModified()).isTrue();

    // a glob below fixed folders downloads those folders only
    UrlReader.SearchResponse scoped =
        reader.search(azure.webUrl("path=/components/*/catalog-info.yaml&version=GBmain"), null);
    assertThat(scoped.files()).extracting(UrlReader.FoundFile::url).containsExactly(
        azure.webUrl("path=%2Fcomponents%2Fplayback-order%2Fcatalog-info.yaml&version=GBmain"),
        azure.webUrl("path=%2Fcomponents%2Fsearcher%2Fcatalog-info.yaml&version=GBmain"));
    assertThat(FakeRepo.query(azure.requests().get(azure.requests().size() - 1).query()))
        .containsEntry("scopePath", "/components");
    // braces, which java.net.URI refuses in a query, are glob syntax here
    assertThat(reader.search(azure.webUrl("path=/{acme,components/searcher}/*.yaml&version=GBmain"), null)
        .files()).hasSize(2);
  }

  @Test
  void aRefusedTokenNamesTheHostAndIntegrationButNeverTheToken() {
    AzureUrlReader reader = reader("azpat-wrong-token-0002", ReadLimits.DEFAULTS);
    String url = azure.webUrl("path=/components/searcher/catalog-info.yaml&version=GBmain");
    assertThatThrownBy(() -> reader.read(url, null, Long.MAX_VALUE))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("Azure integration for " + azure.host())
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("azpat-wrong")
        .hasMessageNotContaining(PAT);
    assertThatThrownBy(() -> reader(null, ReadLimits.DEFAULTS).readTree(azure.webUrl("version=GBmain"), null))
        .hasMessageContaining("401 Unauthorized")
        .hasMessageContaining("Azure integration for " + azure.host());
  }

  @Test
  void aMissingFileIsNotFoundAndAVersionThatIsNotABranchIsRefused() {
    AzureUrlReader reader = reader(PAT, ReadLimits.DEFAULTS);
    assertThatThrownBy(() -> reader.read(azure.webUrl("path=/nope.yaml&version=GBmain"), null, 100))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotFoundError"));
    assertThatThrownBy(() -> reader.read(azure.webUrl("path=/a.yaml&version=GTv1"), null, 100))
        .hasMessageContaining("version must point to a git branch");
    assertThatThrownBy(() -> reader.read("http://" + azure.host() + "/acme/nothing-here", null, 100))
        .hasMessageContaining("Invalid Azure URL");
  }

  @Test
  void aClientSecretIsExchangedAtEntraIdForABearerTokenThatIsCachedUntilItExpires() throws IOException {
    azure.entraApp("tenant-1", "client-1", "entra-s3cret-never-shown");
    Credential sp = new Credential(Kind.ClientSecret, List.of("acme"), null, "tenant-1", "client-1",
        Secret.of("entra-s3cret-never-shown"));
    java.time.Instant[] now = {java.time.Instant.parse("2026-01-01T00:00:00Z")};
    java.time.Clock clock = new java.time.Clock() {
      @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
      @Override public java.time.Clock withZone(java.time.ZoneId z) { return this; }
      @Override public java.time.Instant instant() { return now[0]; }
    };
    AzureUrlReader reader = AzureUrlReader.create(new AzureIntegrationConfig(azure.host(), "6.0",
        List.of(sp)), ReadLimits.DEFAULTS, clock, azure.authority(), null);
    String url = azure.webUrl("path=/acme/team-a-group.yaml&version=GBmain");
    assertThat(reader.read(url, null, Long.MAX_VALUE).content()).isEqualTo(file("acme/team-a-group.yaml"));
    assertThat(reader.readTree(azure.webUrl("path=/components&version=GBmain"), null).files()).hasSize(2);
    assertThat(azure.tokenRequests()).as("one token for both reads").isEqualTo(1);
    assertThat(azure.requests()).filteredOn(r -> r.path().endsWith("/items"))
        .allMatch(r -> r.authorization().startsWith("Bearer eyJ"));
    now[0] = now[0].plusSeconds(3599 - 60); // within five minutes of expiry: a new token
    reader.read(url, null, Long.MAX_VALUE);
    assertThat(azure.tokenRequests()).isEqualTo(2);

    AzureUrlReader wrong = AzureUrlReader.create(new AzureIntegrationConfig(azure.host(), "6.0",
        List.of(new Credential(Kind.ClientSecret, List.of(), null, "tenant-1", "client-1",
            Secret.of("entra-wrong-secret")))), ReadLimits.DEFAULTS, clock, azure.authority(), null);
    assertThatThrownBy(() -> wrong.read(url, null, Long.MAX_VALUE))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("Azure integration for " + azure.host())
        .hasMessageContaining("client-1")
        .hasMessageContaining("401 Unauthorized")
        .hasMessageNotContaining("entra-wrong-secret")
        .hasMessageNotContaining("entra-s3cret");
  }

  @Test
  void aManagedIdentityIsRefusedWithAnErrorSayingWhy() {
    AzureUrlReader reader = AzureUrlReader.create(new AzureIntegrationConfig(azure.host(), "6.0",
        List.of(new Credential(Kind.ManagedIdentity, List.of(), null, null, "mi-client", null))),
        ReadLimits.DEFAULTS, null);
    assertThatThrownBy(() -> reader.read(azure.webUrl("path=/a.yaml&version=GBmain"), null, 100))
        .hasMessageContaining("ManagedIdentity credential")
        .hasMessageContaining("configure a personalAccessToken or a clientSecret");
    assertThat(azure.requests()).isEmpty();
  }

  @Test
  void theAnalyzerFindsTheRepositorysCatalogFilesOnTheDefaultBranch() throws IOException {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(dev.greenroom.integrations.IntegrationsConfig.parse(JsonMapper.builder().build().readTree(
            "{\"azure\":[{\"host\":\"" + azure.host() + "\",\"credentials\":[{\"personalAccessToken\":\""
                + PAT + "\"}]}]}"), false))
        .build();
    dev.greenroom.catalog.processing.location.ScmLocationAnalyzer a = scm.locationAnalyzers().get(0);
    assertThat(a.supports(azure.webUrl(""))).isTrue();
    assertThat(a.supports("https://dev.azure.com/acme/catalog/_git/catalog")).isFalse();
    assertThat(a.projectSlugAnnotation()).isEqualTo("dev.azure.com/project-slug");
    assertThat(a.catalogFiles(azure.webUrl(""), null)).containsExactly(
        azure.webUrl("path=%2Fcomponents%2Fplayback-order%2Fcatalog-info.yaml"),
        azure.webUrl("path=%2Fcomponents%2Fsearcher%2Fcatalog-info.yaml"),
        azure.webUrl("path=%2Fdocumented-component%2Fcatalog-info.yaml"));
    assertThat(a.catalogFiles(azure.webUrl("version=GBmain"), "team-a-group.yaml"))
        .containsExactly(azure.webUrl("path=%2Facme%2Fteam-a-group.yaml&version=GBmain"));
    assertThat(a.catalogFiles(azure.webUrl(""), "nothing.yaml")).isEmpty();
  }

  @Test
  void aZipBombStopsAtTheInflatedLimit() {
    byte[] zeros = new byte[5_000_000]; // deflates to a few kilobytes
    azure.zip(FakeRepo.zipOf(Map.of("a.txt", zeros)));
    AzureUrlReader reader = reader(PAT, new ReadLimits(Duration.ofSeconds(10), 1_000_000, 100, 1_000_000));
    assertThatThrownBy(() -> reader.readTree(azure.webUrl("version=GBmain"), null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("inflates to more than the limit of 1000000 bytes");
  }

  @Test
  void aZipWithTooManyEntriesOrAnEscapingPathIsRefused() {
    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      many.put("f" + i + ".txt", new byte[] {1});
    }
    azure.zip(FakeRepo.zipOf(many));
    AzureUrlReader reader = reader(PAT, new ReadLimits(Duration.ofSeconds(10), 1_000_000, 10, 1_000_000));
    assertThatThrownBy(() -> reader.readTree(azure.webUrl("version=GBmain"), null))
        .hasMessageContaining("more than 10 files, the limit");

    azure.zip(FakeRepo.zipOf(Map.of("../../etc/passwd", new byte[] {1})));
    assertThatThrownBy(() -> reader.readTree(azure.webUrl("version=GBmain"), null))
        .hasMessageContaining("leaves the tree; refused");

    azure.zip("not a zip at all".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> reader.readTree(azure.webUrl("version=GBmain"), null))
        .hasMessageContaining("Unable to read the archive");
  }

  @Test
  void scmIntegrationsRoutesTheAzureHostToItsReader() throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(json.readTree("{\"azure\":[{\"host\":\"" + azure.host() + "\",\"credentials\":"
            + "[{\"organizations\":[\"acme\"],\"personalAccessToken\":\"" + PAT + "\"}]}]}"))
        .build();
    assertThat(scm.readerFor(azure.host())).get().isInstanceOf(AzureUrlReader.class);
    assertThat(scm.urlReader().read(azure.webUrl("path=/acme/team-a-group.yaml&version=GBmain"))
        .content()).isEqualTo(file("acme/team-a-group.yaml"));
    assertThat(scm.toString()).doesNotContain(PAT);
  }
}
