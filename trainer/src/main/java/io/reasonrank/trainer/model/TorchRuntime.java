package io.reasonrank.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.DoubleBuffer;
import java.nio.file.Path;

/**
 * Starts DJL's PyTorch engine offline with its natives unpacked once per machine: unless {@code ENGINE_CACHE_DIR} is
 * set (environment or system property), it is {@code ~/.cache/reasonrank/djl}. Nothing is downloaded: the natives
 * come from the {@code pytorch-native-cpu} jar on the class path.
 */
public final class TorchRuntime {
  private TorchRuntime() {}

  private static volatile boolean started;

  /** A new base manager on the CPU (the engine is started on first use). */
  public static NDManager newManager() {
    start();
    return NDManager.newBaseManager(ai.djl.Device.cpu());
  }

  public static synchronized void start() {
    if (started) return;
    if (System.getenv("ENGINE_CACHE_DIR") == null && System.getProperty("ENGINE_CACHE_DIR") == null) {
      System.setProperty("ENGINE_CACHE_DIR", Path.of(System.getProperty("user.home"), ".cache", "reasonrank", "djl").toString());
    }
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    Engine.getEngine("PyTorch");
    started = true;
  }

  /**
   * Sets libtorch's intra-op thread count for the rest of the process (starting the engine first). Its CPU kernels
   * split reductions by thread, so two runs agree bit for bit only with one thread.
   *
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public static void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    start();
    JniUtils.setNumThreads(n);
  }

  /** libtorch's intra-op thread count (starting the engine first). */
  public static int threads() {
    start();
    return JniUtils.getNumThreads();
  }

  /** Copies {@code data} (F32, as safetensors hold it) into {@code target}, widening when the array is F64. */
  public static void set(NDArray target, float[] data) {
    if (target.getDataType() == DataType.FLOAT32) {
      target.set(data);
    } else {
      double[] d = new double[data.length];
      for (int i = 0; i < d.length; i++) d[i] = data[i];
      target.set(DoubleBuffer.wrap(d));
    }
  }
}
