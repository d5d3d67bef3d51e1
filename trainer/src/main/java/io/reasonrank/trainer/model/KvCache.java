package io.reasonrank.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of the positions seen so far, per layer ({@code [kv_heads, length, head_dim]}). The arrays are
 * kept out of any {@link NDScope} and freed when replaced or on {@link #close()}.
 */
public final class KvCache implements AutoCloseable {
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  public KvCache(int layers) {
    keys = new NDArray[layers];
    values = new NDArray[layers];
  }

  /** Positions cached. */
  public int length() {
    return length;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  void put(int layer, NDArray k, NDArray v) {
    NDScope.unregister(k, v);
    if (keys[layer] != null) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = k;
    values[layer] = v;
  }

  void advance(int tokens) {
    length += tokens;
  }

  @Override
  public void close() {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) keys[i].close();
      if (values[i] != null) values[i].close();
      keys[i] = values[i] = null;
    }
  }
}
