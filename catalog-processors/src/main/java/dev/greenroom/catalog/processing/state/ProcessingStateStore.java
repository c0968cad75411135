package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.EntityMutation;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The processing engine's persistent state: one row per known entity (its unprocessed and
 * processed forms, errors, hashes, schedule and lease), the references that keep entities alive
 * ("source key or parent ref emits child ref"), refresh keys, a stitch queue and the locations
 * users registered. Every method is one transaction and thread-safe; on PostgreSQL several engine
 * instances share one store.
 *
 * <p>Refs are compared case-insensitively ({@link EntityRef} equality); every method takes and
 * returns {@link EntityRef}s.
 *
 * <p><b>Location keys</b> (conflicts). Each row holds an optional location key. Writing an
 * unprocessed entity with ref R and key K (from a provider or a parent) succeeds when no row for R
 * exists (insert), or the row's key equals K, or the row's key is null (update: data and key are
 * replaced). Otherwise it is a conflict: the existing row is untouched, no reference is added for
 * the newcomer, and a {@link Conflict} is reported. A write whose unprocessed entity has the same
 * hash (SHA-1 of stable JSON) and key as the row changes nothing; any real change sets {@code
 * nextUpdateAt = now} so that the entity is processed next. A parent's children and a provider's
 * entities are written in the order they were emitted, so when one run emits a ref twice under two
 * keys (two files of one glob) the first keeps it and the second is a conflict. Both stores execute
 * the one decision in {@code state.internal.LocationKeyRule}.
 *
 * <p><b>Stitch queue.</b> Whenever what the final entity of a ref would be may have changed (new
 * processed data, new errors, orphan status changed, the row was deleted), the store puts the ref
 * in the stitch queue with a new ticket. The engine claims queued refs with {@link
 * #claimStitches}, writes the final entities, and calls {@link #finishStitches}; a ref re-queued
 * while claimed keeps its new ticket and is stitched again.
 */
public interface ProcessingStateStore extends AutoCloseable {

  // ---- providers -------------------------------------------------------------------------

  /**
   * Applies a provider's mutation under source key {@code sourceKey}.
   *
   * <p>{@code Full}: refs the source referenced before and does not list now are removed; each
   * listed entity is written by the location-key rule and referenced from the source. {@code
   * Delta}: removals first (a removal with a key removes the reference only if the row holds that
   * key), then additions as in full. Removing a reference deletes eagerly: the ref and every
   * descendant reachable through references are deleted, except rows still referenced by a source
   * or parent that is not being deleted. Deleted refs go to the stitch queue (their final entities
   * must go).
   *
   * @param now the time for {@code nextUpdateAt} of new or changed rows
   */
  MutationOutcome applyMutation(String sourceKey, EntityMutation mutation, Instant now);

  /** Every source key that references at least one entity. */
  List<String> sourceKeys();

  // ---- processing ------------------------------------------------------------------------

  /**
   * Claims up to {@code limit} due rows for {@code owner}: rows with {@code nextUpdateAt <= now}
   * whose lease is free or expired, oldest {@code nextUpdateAt} first. Each claimed row gets
   * {@code nextUpdateAt = now + nextInterval.get()} (called once per row) and a lease {@code (owner,
   * now + lease)}. On PostgreSQL the claim uses {@code FOR UPDATE SKIP LOCKED}, so that two
   * engines never claim the same row while its lease holds.
   */
  List<ClaimedEntity> claim(
      String owner, int limit, Instant now, Duration lease, Supplier<Duration> nextInterval);

  /**
   * Stores the outcomes of runs claimed by {@code owner}, in one transaction. An outcome whose row
   * is no longer leased by {@code owner} (the lease expired and another engine claimed it, or the
   * row was deleted) is skipped and listed in {@link CompletionOutcome#skipped()}. Every applied
   * outcome releases the lease. See {@link RunOutcome} for what each kind writes.
   *
   * @param now the time for {@code nextUpdateAt} of new or changed children
   */
  CompletionOutcome complete(String owner, List<RunOutcome> outcomes, Instant now);

  /**
   * Schedules {@code ref} and its ancestors (the parents that emitted it, up to 32 levels) for
   * processing now. Returns false when the ref is unknown.
   */
  boolean refreshNow(EntityRef ref, Instant now);

  /** Schedules every row holding one of the refresh {@code keys} for processing now. */
  int refreshKeys(Collection<String> keys, Instant now);

  /**
   * Schedules every row holding a refresh key that starts with one of {@code prefixes} for
   * processing now; letters are compared case-insensitively (SCM hosts, organisations and
   * repositories are). A webhook's push to a repository refreshes everything read from it: the
   * prefix {@code url:https://github.com/org/repo/blob/main/} matches each file read there. A
   * prefix longer than the 180 characters a long key keeps in clear is cut to them.
   *
   * @return how many rows were scheduled
   */
  int refreshKeyPrefixes(Collection<String> prefixes, Instant now);

  /** The number of rows with {@code nextUpdateAt <= now}. */
  long dueCount(Instant now);

  /**
   * The earliest {@code nextUpdateAt} of the rows due at {@code now}: how long the entity that has
   * waited longest has been waiting is {@code now} minus it. Empty when nothing is due.
   */
  Optional<Instant> oldestDue(Instant now);

  /** How long the entity due longest has waited at {@code now}; zero when none is due. */
  default Duration oldestDueAge(Instant now) {
    return oldestDue(now).filter(t -> t.isBefore(now)).map(t -> Duration.between(t, now))
        .orElse(Duration.ZERO);
  }

  /**
   * Frees the claims and stitch claims that {@code owner} holds: the engine calls this when it
   * starts, so that what an earlier run under the same instance id claimed and never finished (the
   * process was killed) is taken up at once instead of after its lease; rows claimed for
   * processing become due at once. Stores whose claims cannot outlive the process do nothing (the
   * default).
   *
   * @return how many claims were freed
   */
  default int releaseClaims(String owner) {
    return 0;
  }

  // ---- stitching ---------------------------------------------------------------------------

  /**
   * Claims up to {@code limit} queued refs whose stitch lease is free or expired (oldest first),
   * leasing them to {@code owner} until {@code now + lease}, and returns what stitching needs.
   */
  List<StitchInput> claimStitches(String owner, int limit, Instant now, Duration lease);

  /**
   * Ends stitch claims: each ref leaves the queue if its ticket is still the one claimed, else it
   * stays queued (it changed meanwhile); either way the lease is released.
   */
  void finishStitches(String owner, Collection<StitchInput> done);

  /** The number of refs in the stitch queue. */
  long stitchQueueSize();

  // ---- orphans and deletion ----------------------------------------------------------------

  /**
   * Deletes up to {@code limit} rows that nothing references (orphans), then the rows that only
   * they referenced, repeating up to {@code maxRounds} times. Deleted refs go to the stitch queue.
   *
   * @return the deleted refs
   */
  List<EntityRef> deleteOrphans(int limit, int maxRounds);

  /**
   * Deletes one row (an explicit delete): its own outgoing references go too, and every parent
   * that referenced it gets {@code resultHash = "child-was-deleted"} and {@code nextUpdateAt =
   * now}, so that a child still emitted comes back. The ref goes to the stitch queue.
   *
   * @return false when the ref is unknown
   */
  boolean deleteEntity(EntityRef ref, Instant now);

  // ---- reads -------------------------------------------------------------------------------

  /** The row of {@code ref}. */
  Optional<RefreshState> get(EntityRef ref);

  /**
   * The row with this entity id ({@link RefreshState#entityId()}, the final {@code metadata.uid}).
   */
  Optional<RefreshState> getById(String entityId);

  /**
   * Rows whose entity the catalog does not serve, for operators (Backstage's unprocessed-entities
   * module): {@link Unprocessed#FAILED} rows were processed and no run has succeeded yet (their
   * {@link RefreshState#errors()} say why); {@link Unprocessed#PENDING} rows have not been
   * processed yet. Sorted by ref; refresh keys are not read (such rows have none).
   *
   * @param limit the most rows returned, positive
   */
  List<RefreshState> unprocessed(Unprocessed which, int limit);

  /** Which rows {@link #unprocessed} lists. */
  enum Unprocessed {
    /** Processed, never successfully: no processed entity, a result hash. */
    FAILED,
    /** Not processed yet: no processed entity, no result hash. */
    PENDING
  }

  /** The parents that reference {@code ref} (not source keys), sorted. */
  List<EntityRef> parentsOf(EntityRef ref);

  /** The children {@code ref} references, sorted. */
  List<EntityRef> childrenOf(EntityRef ref);

  /** The number of rows. */
  long size();

  // ---- registered locations ----------------------------------------------------------------

  /**
   * Records a location a user registered.
   *
   * @throws DuplicateLocationException if the same type and target are registered already
   */
  RegisteredLocation addLocation(String type, String target);

  /** The registered location with this id. */
  Optional<RegisteredLocation> location(String id);

  /** Every registered location, in registration order. */
  List<RegisteredLocation> locations();

  /** Forgets a registered location; false when the id is unknown. */
  boolean removeLocation(String id);

  /** Releases what the store owns (not a host's data source). */
  @Override
  void close();
}
