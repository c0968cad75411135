package dev.greenroom.catalog.io;

import dev.greenroom.catalog.CatalogException;

/**
 * A catalog file could not be read: a YAML syntax error, or a limit of {@link EntityYamlReader}
 * was exceeded. The message names the file, the 1-based document number and the line, as in
 * {@code YAML error at catalog-info.yaml document 2 line 14: ...}.
 */
public final class CatalogReadException extends CatalogException {
  private final String source;
  private final int documentIndex;
  private final int line;

  /**
   * A read error.
   *
   * @param source the file name or other label of the input
   * @param documentIndex the 0-based index of the document (counting non-empty documents), or -1
   *     when the error is not tied to one document
   * @param line the 1-based line, or 0 when unknown
   * @param detail what went wrong
   */
  public CatalogReadException(String source, int documentIndex, int line, String detail) {
    super(format(source, documentIndex, line, detail));
    this.source = source;
    this.documentIndex = documentIndex;
    this.line = line;
  }

  private static String format(String source, int documentIndex, int line, String detail) {
    StringBuilder sb = new StringBuilder("YAML error at ").append(source);
    if (documentIndex >= 0) {
      sb.append(" document ").append(documentIndex + 1);
    }
    if (line > 0) {
      sb.append(" line ").append(line);
    }
    return sb.append(": ").append(detail).toString();
  }

  /** The file name or label of the input. */
  public String source() {
    return source;
  }

  /** The 0-based index of the document among non-empty documents, or -1 for the whole file. */
  public int documentIndex() {
    return documentIndex;
  }

  /** The 1-based line of the error, or 0 when unknown. */
  public int line() {
    return line;
  }
}
