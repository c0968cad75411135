package dev.greenroom.cli;

import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.catalog.processing.CatalogListener;
import org.jspecify.annotations.Nullable;

/**
 * A catalog listener given to the engine before the plugin that handles its events exists (search
 * is built on the engine's catalog); events before {@link #set} are dropped, which the plugin's
 * first full pass covers.
 */
final class LateListener implements CatalogListener {
  private volatile @Nullable CatalogListener target;

  void set(CatalogListener listener) {
    this.target = listener;
  }

  @Override
  public void onEvent(CatalogEvent event) {
    CatalogListener t = target;
    if (t != null) {
      t.onEvent(event);
    }
  }
}
