package dev.greenroom.scorecard;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one run of a retriever did.
 *
 * @param retrieverId the retriever
 * @param stored facts stored
 * @param rejected messages for facts refused by the schema (entity and field named)
 * @param deleted facts deleted by retention
 * @param error the handler's failure, or null
 */
public record RetrieverRun(
    String retrieverId, int stored, List<String> rejected, int deleted, @Nullable String error) {}
