package dev.greenroom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared {@code harness.mjs}, run by node against a reader and providers written in the test
 * (no npm packages): what the conformance tests compare comes out of it as they expect. Skipped
 * without node.
 */
class HarnessTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path dir;

  private JsonNode run(String script, String argument) throws Exception {
    NodeConformance.writeHarness(dir);
    Files.writeString(dir.resolve("script.mjs"), script);
    NodeConformance.Result r;
    try {
      r = NodeConformance.run(List.of("node", "script.mjs", argument), dir, Duration.ofMinutes(1));
    } catch (IOException e) {
      r = Assumptions.abort("node is not on the PATH: skipping");
    }
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return JSON.readTree(r.stdout().trim());
  }

  @Test
  void readerAnswersNameTheErrorsAndSortTheFiles() throws Exception {
    JsonNode out = run("""
        import { argument, print, readerAnswers } from './harness.mjs';
        const fail = name => { const e = new Error(name); e.name = name; throw e; };
        const file = (path, url, content) => ({ path, url, content: async () => Buffer.from(content) });
        const reader = {
          async readUrl(url, options) {
            if (url.endsWith('missing')) fail('NotFoundError');
            if (options?.etag === 'e1') fail('NotModifiedError');
            return { etag: 'e1', buffer: async () => Buffer.from('file at ' + url) };
          },
          async readTree(url, options) {
            return { etag: 't1', files: async () => [file('b', '', 'B'), file('a', '', 'A')] };
          },
          async search(url) {
            return { etag: 's1', files: [file('', 'u2', '2'), file('', 'u1', '1')] };
          },
        };
        print(await readerAnswers(reader, argument()));
        """, "{\"file\":\"f\",\"tree\":\"t\",\"glob\":\"g\",\"missing\":\"missing\"}");
    assertThat(out.toString()).isEqualTo("""
        {"file":{"content":"file at f","etag":"e1"},"fileNotModified":"NotModifiedError",\
        "tree":{"etag":"t1","files":[{"path":"a","content":"A"},{"path":"b","content":"B"}]},\
        "treeNotModified":"read again",\
        "search":{"etag":"s1","files":[{"url":"u1","content":"1"},{"url":"u2","content":"2"}]},\
        "missing":"NotFoundError"}""");
  }

  @Test
  void withoutAMissingUrlNothingIsSaidOfIt() throws Exception {
    JsonNode out = run("""
        import { print, readerAnswers } from './harness.mjs';
        const reader = {
          async readUrl() { return { buffer: async () => Buffer.from('x') }; },
          async readTree() { return { etag: 't', files: async () => [] }; },
          async search() { return { etag: 's', files: [] }; },
        };
        print(await readerAnswers(reader, { file: 'f', tree: 't', glob: 'g' }));
        """, "{}");
    assertThat(out.has("missing")).isFalse();
    assertThat(out.path("file").path("etag").isNull()).isTrue();
    assertThat(out.path("fileNotModified").asString()).isEqualTo("read again");
  }

  @Test
  void fullMutationsRunEachProvidersTaskOnceAndRefuseOneThatAppliesNone() throws Exception {
    String providers = """
        import { fullMutations, logger, print } from './harness.mjs';
        const provider = (name, entities) => {
          let connection, run;
          return {
            getProviderName: () => name,
            async connect(c) {
              connection = c;
              await run({ id: name, fn: async () => {
                if (entities) await connection.applyMutation({ type: 'full', entities });
              } });
            },
            schedule(s) { run = s.run; return this; },
          };
        };
        const log = logger({ error: m => console.error(m) });
        log.child().info('silent');
        print(await fullMutations(schedule => [%s].map(p => p.schedule(schedule))));
        """;
    JsonNode out = run(providers.formatted(
        "provider('one', [{ entity: { kind: 'Location' } }]), provider('two', [])"), "{}");
    assertThat(out.toString()).isEqualTo("[{\"provider\":\"one\",\"type\":\"full\","
        + "\"entities\":[{\"entity\":{\"kind\":\"Location\"}}]},"
        + "{\"provider\":\"two\",\"type\":\"full\",\"entities\":[]}]");

    NodeConformance.writeHarness(dir);
    Files.writeString(dir.resolve("none.mjs"), providers.formatted("provider('quiet', null)"));
    NodeConformance.Result r = NodeConformance.run(List.of("node", "none.mjs"), dir,
        Duration.ofMinutes(1));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("quiet applied no mutation");
  }
}
