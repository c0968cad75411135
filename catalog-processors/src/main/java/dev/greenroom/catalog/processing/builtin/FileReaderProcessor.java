package dev.greenroom.catalog.processing.builtin;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.ProcessingResult;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.FileLocations;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code file} locations (Backstage's {@code FileReaderProcessor}): the target, a path or a
 * glob, is matched against the local file system within the allowed {@link FileLocations}, and
 * every matching file is parsed with the run's parser. Each entity's location is {@code
 * file:<absolute normalised path>}; each file read emits the refresh key {@code file:<path>}.
 *
 * <p>Errors are emitted, not thrown: no match for a required location is a {@code NotFoundError}
 * ({@code file <target> does not exist}); a target outside the allowed roots a {@code
 * NotAllowedError}; a folder target, or a file larger than the size limit, an {@code InputError}
 * naming the file. The engine resolves relative targets before calling; a relative target that
 * still arrives is taken from the working folder.
 */
public final class FileReaderProcessor implements CatalogProcessor {
  /** The processor's name, as in Backstage. */
  public static final String NAME = "FileReaderProcessor";

  private final FileLocations files;
  private final long maxFileBytes;

  /** Reads any file, with the parser's default size limit (10 MiB). */
  public FileReaderProcessor() {
    this(FileLocations.allowAny());
  }

  /** Reads files within {@code files}, of at most 10 MiB. */
  public FileReaderProcessor(FileLocations files) {
    this(files, EntityYamlReader.DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * Reads files within {@code files}, of at most {@code maxFileBytes} (checked before parsing;
   * the parser applies its own limits as well).
   */
  public FileReaderProcessor(FileLocations files, long maxFileBytes) {
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
    }
    this.files = files;
    this.maxFileBytes = maxFileBytes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean readLocation(LocationSpec location, ProcessorContext context) {
    if (!location.type().equals("file")) {
      return false;
    }
    String target = location.target();
    if (target.endsWith("/") || target.endsWith(File.separator)) {
      context.emit(
          ProcessingResult.inputError(
              location,
              "File location target "
                  + target
                  + " ends in a path separator; name a file or a glob such as "
                  + target
                  + "catalog-info.yaml"));
      return true;
    }
    List<Path> matches;
    try {
      matches = files.glob(target);
    } catch (ProcessingException e) {
      context.emit(ProcessingResult.error(location, e.error()));
      return true;
    }
    for (Path file : matches) {
      LocationSpec fileLocation = LocationSpec.of("file", file.toString());
      byte[] data;
      try {
        data = files.read(file, maxFileBytes);
      } catch (ProcessingException e) {
        context.emit(ProcessingResult.error(fileLocation, e.error()));
        continue;
      } catch (RuntimeException e) {
        context.emit(
            ProcessingResult.error(
                fileLocation,
                ProcessingError.general("Unable to read file " + file + ", " + e.getMessage())));
        continue;
      }
      context.parser().parse(fileLocation, data, context);
      context.emit(ProcessingResult.refresh("file:" + file));
    }
    if (matches.isEmpty() && !location.optional()) {
      context.emit(
          ProcessingResult.notFoundError(location, "file " + target + " does not exist"));
    }
    return true;
  }
}
