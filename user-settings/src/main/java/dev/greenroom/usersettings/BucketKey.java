package dev.greenroom.usersettings;

import java.util.Objects;

/**
 * Where one setting lives: a bucket (the frontend's storage namespace, such as {@code
 * default.starredEntities}) and a key in it.
 */
public record BucketKey(String bucket, String key) {
  /** Both parts present; {@link UserSettings} checks their lengths. */
  public BucketKey {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }
}
