package io.reasonrank.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts DJL's PyTorch engine offline and places tensors on a device.
 *
 * <p>By default the natives come from the {@code pytorch-native-cpu} jar on the class path, unpacked once per machine
 * into {@code ENGINE_CACHE_DIR} (environment or system property; unless set, {@code ~/.cache/reasonrank/djl}), and
 * nothing is downloaded. A GPU needs a CUDA build of libtorch that the user installs and names with
 * {@code PYTORCH_LIBRARY_PATH}; {@link LibtorchOverride} checks that folder before DJL loads it (docs/trainer.md,
 * "Training on a GPU").
 */
public final class TorchRuntime {
  private TorchRuntime() {}

  private static volatile boolean started;
  private static volatile boolean userLibtorch;
  /** GPUs a probe has placed a tensor on; the CLI and the trainers both check, and a GPU is probed once. */
  private static final Set<Device> usableGpus = ConcurrentHashMap.newKeySet();

  /** A new base manager on the CPU (the engine is started on first use). */
  public static NDManager newManager() {
    return newManager(Device.cpu());
  }

  /** A new base manager whose arrays live on {@code device}; check a GPU first with {@link #require}. */
  public static NDManager newManager(Device device) {
    start();
    return NDManager.newBaseManager(device);
  }

  /**
   * Starts the engine once.
   *
   * @throws IllegalArgumentException when {@code PYTORCH_LIBRARY_PATH} is set but names no libtorch of the bundled JNI
   *     library's version, or one that fails to load
   */
  public static synchronized void start() {
    if (started) return;
    if (System.getenv("ENGINE_CACHE_DIR") == null && System.getProperty("ENGINE_CACHE_DIR") == null) {
      System.setProperty("ENGINE_CACHE_DIR", Path.of(System.getProperty("user.home"), ".cache", "reasonrank", "djl").toString());
    }
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    Optional<LibtorchOverride> override = LibtorchOverride.fromEnvironment();
    override.ifPresent(LibtorchOverride::apply);
    try {
      Engine.getEngine("PyTorch");
    } catch (RuntimeException | LinkageError e) {
      // with the bundled natives a failure is ours; with the user's libtorch it is most likely their installation
      if (override.isEmpty()) throw e;
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      throw new IllegalArgumentException("PYTORCH_LIBRARY_PATH=" + System.getenv("PYTORCH_LIBRARY_PATH") + ": libtorch from "
          + override.get().dir() + " failed to load: " + root.getMessage(), e);
    }
    userLibtorch = override.isPresent();
    started = true;
  }

  /**
   * Parses a device name: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}. Nothing is started.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Device device(String name) {
    if (name.equals("cpu")) return Device.cpu();
    if (name.equals("gpu")) return Device.gpu(0);
    if (name.startsWith("gpu:") && name.length() > 4 && name.length() <= 7 && name.substring(4).chars().allMatch(Character::isDigit)) {
      return Device.gpu(Integer.parseInt(name.substring(4)));
    }
    throw new IllegalArgumentException("device must be cpu, gpu or gpu:N, got \"" + name + "\"");
  }

  /** The name {@link #device} reads: {@code cpu} or {@code gpu:N}. */
  public static String name(Device device) {
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }

  /**
   * Checks, before any model is loaded, that libtorch can place tensors on {@code device} (starting the engine).
   *
   * @throws IllegalArgumentException when it is a GPU and the loaded libtorch has no CUDA, or cannot use that GPU
   */
  public static void require(Device device) {
    start();
    if (!device.isGpu() || usableGpus.contains(device)) return;
    Info info = info();
    if (!info.cuda()) {
      throw new IllegalArgumentException("device " + name(device) + ": libtorch " + info.version() + " from " + info.path()
          + " has no CUDA (" + (userLibtorch ? "PYTORCH_LIBRARY_PATH names a CPU build" : "the bundled natives are the CPU build")
          + "; docs/trainer.md, \"Training on a GPU\")");
    }
    try (NDManager m = NDManager.newBaseManager(device); NDArray probe = m.zeros(new Shape(1))) {
      probe.toFloatArray();
      usableGpus.add(device);
    } catch (EngineException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("").strip();
      throw new IllegalArgumentException("device " + name(device) + ": libtorch cannot use it: " + why);
    }
  }

  /**
   * The GPUs the loaded libtorch can place tensors on, {@code gpu:0} upwards until one fails (starting the engine);
   * empty for a build without CUDA.
   */
  public static List<Device> gpus() {
    List<Device> found = new ArrayList<>();
    if (!info().cuda()) return found;
    for (int i = 0; i < 64; i++) {
      try {
        require(Device.gpu(i));
      } catch (IllegalArgumentException e) {
        break;
      }
      found.add(Device.gpu(i));
    }
    return found;
  }

  /**
   * What the loaded libtorch is: its version, the folder it was loaded from, and its build features in name order
   * (DJL's names, such as {@code CUDA}, {@code CUDNN}, {@code MKL}, {@code OPENMP}).
   */
  public record Info(String version, String path, Set<String> features) {
    public Info {
      features = Collections.unmodifiableSortedSet(new TreeSet<>(features));
    }

    public boolean cuda() {
      return features.contains(StandardCapabilities.CUDA);
    }
  }

  /** The loaded libtorch (starting the engine first). */
  public static Info info() {
    start();
    return new Info(LibUtils.getVersion(), LibUtils.getLibtorchPath(), JniUtils.getFeatures());
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
