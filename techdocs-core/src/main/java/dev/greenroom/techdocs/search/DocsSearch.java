package dev.greenroom.techdocs.search;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.techdocs.TechDocsException;
import dev.greenroom.techdocs.build.SearchEntry;
import dev.greenroom.techdocs.render.Html;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.highlight.SimpleSpanFragmenter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jspecify.annotations.Nullable;

/**
 * A Lucene index over every entity's search entries (the {@code docs[]} of each site's {@code
 * search_index.json}, as Backstage's TechDocs collator indexes them). Re-indexing an entity replaces
 * its documents. Queries are the user's words (Lucene syntax escaped), matched in title (boosted)
 * and text; hits carry a highlighted snippet. Thread-safe; close it with the host.
 */
public final class DocsSearch implements AutoCloseable {
  /** The most hits one query returns. */
  public static final int MAX_LIMIT = 100;

  private static final String ENTITY = "entity";
  private static final String ENTITY_TITLE = "entityTitle";
  private static final String LOCATION = "location";
  private static final String TITLE = "title";
  private static final String TEXT = "text";

  private final Directory directory;
  private final Analyzer analyzer = new StandardAnalyzer();
  private final IndexWriter writer;
  private final SearcherManager searchers;

  private DocsSearch(Directory directory) {
    this.directory = directory;
    try {
      this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
      this.writer.commit();
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new TechDocsException("Cannot open the docs search index: " + e.getMessage(), null, null, e);
    }
  }

  /** An index in memory (rebuilt from the published sites after a restart). */
  public static DocsSearch inMemory() {
    return new DocsSearch(new ByteBuffersDirectory());
  }

  /** An index in a folder, kept across restarts. */
  public static DocsSearch inFolder(java.nio.file.Path folder) {
    try {
      return new DocsSearch(FSDirectory.open(folder));
    } catch (IOException e) {
      throw new TechDocsException("Cannot open the docs search index in " + folder + ": " + e.getMessage(), null, null, e);
    }
  }

  /**
   * Replaces an entity's documents.
   *
   * @param entity the entity
   * @param entityTitle its title (or name), shown in hits
   * @param entries the site's search entries
   */
  public void index(EntityRef entity, String entityTitle, List<SearchEntry> entries) {
    String ref = entity.toString();
    try {
      List<Document> docs = new ArrayList<>(entries.size());
      for (SearchEntry e : entries) {
        Document d = new Document();
        d.add(new StringField(ENTITY, ref, Field.Store.YES));
        d.add(new StoredField(ENTITY_TITLE, entityTitle));
        d.add(new StoredField(LOCATION, e.location()));
        d.add(new TextField(TITLE, e.title(), Field.Store.YES));
        d.add(new TextField(TEXT, e.text(), Field.Store.YES));
        docs.add(d);
      }
      writer.updateDocuments(new Term(ENTITY, ref), docs);
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new TechDocsException("Cannot index the docs of " + ref + ": " + e.getMessage(), ref, null, e);
    }
  }

  /** Removes an entity's documents. */
  public void remove(EntityRef entity) {
    try {
      writer.deleteDocuments(new Term(ENTITY, entity.toString()));
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new TechDocsException("Cannot update the docs search index: " + e.getMessage(), entity.toString(), null, e);
    }
  }

  /** At most this many words of a query are searched. */
  private static final int MAX_WORDS = 64;

  /**
   * The user's words as the index's analyzer splits them, each looked for in titles (weighted
   * twice) and text; no query syntax is parsed, so {@code title:(AND "} searches "title" and
   * "and". Null when the term has no words.
   */
  private @Nullable Query wordsQuery(String term) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    int words = 0;
    try (TokenStream tokens = analyzer.tokenStream(TEXT, term)) {
      CharTermAttribute word = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (words < MAX_WORDS && tokens.incrementToken()) {
        String w = word.toString();
        any.add(new BoostQuery(new TermQuery(new Term(TITLE, w)), 2.0f), BooleanClause.Occur.SHOULD);
        any.add(new TermQuery(new Term(TEXT, w)), BooleanClause.Occur.SHOULD);
        words++;
      }
      tokens.end();
    } catch (IOException e) {
      throw new TechDocsException("Cannot read the search words: " + e.getMessage(), null, null, e);
    }
    return words == 0 ? null : any.build();
  }

  /**
   * Ranked hits for the user's words.
   *
   * @param term the words; Lucene operators are taken literally
   * @param limit at most this many hits (capped at {@link #MAX_LIMIT})
   * @return hits, best first; empty for a blank term
   */
  public List<SearchHit> search(String term, int limit) {
    if (term.isBlank()) {
      return List.of();
    }
    int n = Math.max(1, Math.min(limit, MAX_LIMIT));
    Query query = wordsQuery(term.length() > 500 ? term.substring(0, 500) : term);
    if (query == null) {
      return List.of();
    }
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(query, n);
        QueryScorer scorer = new QueryScorer(query);
        Highlighter hl = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), scorer);
        hl.setTextFragmenter(new SimpleSpanFragmenter(scorer, 160));
        List<SearchHit> hits = new ArrayList<>();
        var stored = searcher.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
          Document d = stored.document(sd.doc);
          String text = d.get(TEXT);
          String snippet = hl.getBestFragment(analyzer, TEXT, text);
          if (snippet == null) {
            snippet = Html.escape(text.length() > 160 ? text.substring(0, 160) + "…" : text);
          }
          hits.add(new SearchHit(d.get(ENTITY), d.get(ENTITY_TITLE), d.get(LOCATION), d.get(TITLE), snippet, sd.score));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | InvalidTokenOffsetsException e) {
      throw new TechDocsException("Docs search failed: " + e.getMessage(), null, null, e);
    }
  }

  /** The number of indexed entries. */
  public int size() {
    return writer.getDocStats().numDocs;
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new TechDocsException("Cannot close the docs search index: " + e.getMessage(), null, null, e);
    }
  }
}
