package io.reasonrank.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of the positions seen so far, per layer, {@code [rows, kv_heads, length, head_dim]}: one row for
 * one sequence, several after {@link #expand(int)}, when {@link Qwen2Model#decodeStep} advances several
 * continuations of one prompt in lockstep. The arrays are kept out of any {@link NDScope} and freed when
 * replaced or on {@link #close()}.
 */
public final class KvCache implements AutoCloseable {
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;
  private int rows = 1;

  public KvCache(int layers) {
    keys = new NDArray[layers];
    values = new NDArray[layers];
  }

  /** Positions cached. */
  public int length() {
    return length;
  }

  /** Sequences in the cache: 1, or the rows {@link #expand(int)} made. */
  public int rows() {
    return rows;
  }

  /**
   * Turns a single-sequence cache into {@code rows} identical copies, so that a prompt is prefilled once and its
   * continuations are then decoded as a batch (the prompt's keys and values do not depend on what follows).
   */
  public void expand(int rows) {
    if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
    if (this.rows > 1) throw new IllegalStateException("the cache already holds " + this.rows + " rows");
    if (length == 0) throw new IllegalStateException("an empty cache cannot be expanded: prefill the prompt first");
    for (int l = 0; l < keys.length; l++) put(l, keys[l].repeat(0, rows), values[l].repeat(0, rows));
    this.rows = rows;
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
    length = 0;
    rows = 1;
  }
}
