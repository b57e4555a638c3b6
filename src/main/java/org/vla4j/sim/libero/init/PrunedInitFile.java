package org.vla4j.sim.libero.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads LIBERO's official init states ({@code libero/libero/init_files/<suite>/<task>.pruned_init}):
 * a {@code torch.save} zip archive ({@code <name>/data.pkl}, {@code <name>/version}, and for tensors
 * {@code <name>/data/<key>} storages) whose pickle holds one 2-D array, shape {@code [n, 1 + nq + nv]}:
 * robosuite's {@code sim.get_state().flatten()} = {@code [time, qpos, qvel]} per init state.
 *
 * <p>The pickle is read with Pyrolite ({@code net.razorvine:pickle}); the Python callables it names are
 * given Java constructors here: numpy's {@code numpy.core.multiarray._reconstruct} (and numpy 2's
 * {@code numpy._core.multiarray._reconstruct}), {@code numpy.ndarray}, {@code numpy.dtype}, and torch's
 * {@code torch._utils._rebuild_tensor_v2} with the {@code torch.*Storage} types, whose bytes come from the
 * archive through the pickle's persistent ids ({@code ('storage', type, key, location, numel)}).
 * Supported element types: little- or big-endian {@code f8, f4, i8, i4} (read as doubles).
 */
public final class PrunedInitFile {
  private PrunedInitFile() {}

  static {
    IObjectConstructor reconstruct = args -> new NumpyArray();
    Unpickler.registerConstructor("numpy.core.multiarray", "_reconstruct", reconstruct);
    Unpickler.registerConstructor("numpy._core.multiarray", "_reconstruct", reconstruct);
    Unpickler.registerConstructor("numpy", "ndarray", args -> new NumpyArray());
    Unpickler.registerConstructor("numpy", "dtype", NumpyDtype::of);
    Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchTensorRebuild::of);
    for (var e : TorchStorage.TYPES.entrySet()) {
      Unpickler.registerConstructor("torch", e.getKey(), new TorchStorageType(e.getKey(), e.getValue()));
    }
  }

  /**
   * The init states of one file, index = init-state id, each {@code [time, qpos(nq), qvel(nv)]}.
   *
   * @throws IllegalArgumentException if the file is not a torch.save archive of a 2-D numeric array
   * @throws UncheckedIOException if it cannot be read
   */
  public static List<double[]> read(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl")).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(file + " is not a torch.save archive: it has no data.pkl entry"));
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      Object value;
      ArchiveUnpickler u = new ArchiveUnpickler(zip, prefix, file);
      try (InputStream in = zip.getInputStream(pkl)) {
        value = u.load(in);
      } catch (PickleException e) {
        throw new IllegalArgumentException(file + ": cannot unpickle data.pkl: " + e.getMessage(), e);
      } finally {
        u.close();
      }
      if (!(value instanceof NumericArray a)) {
        throw new IllegalArgumentException(file + ": expected a pickled numpy array or torch tensor, found "
            + (value == null ? "None" : value.getClass().getSimpleName()));
      }
      return a.rows(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read init-state file " + file, e);
    }
  }

  /** Something that ends up as an n-dimensional array of numbers. */
  private sealed interface NumericArray permits NumpyArray, TorchTensorRebuild {
    int[] shape();

    double[] flat();

    default List<double[]> rows(Path file) {
      int[] s = shape();
      if (s.length != 2) throw new IllegalArgumentException(file + ": expected a 2-D array [n, 1 + nq + nv], found shape " + Arrays.toString(s));
      double[] v = flat();
      List<double[]> out = new ArrayList<>(s[0]);
      for (int i = 0; i < s[0]; i++) out.add(Arrays.copyOfRange(v, i * s[1], (i + 1) * s[1]));
      return Collections.unmodifiableList(out);
    }
  }

  /** Element type of an array: numpy's dtype string such as {@code <f8}. */
  record ElementType(char kind, int bytes, ByteOrder order) {
    static ElementType parse(String code, ByteOrder order) {
      String c = code;
      ByteOrder o = order;
      if (!c.isEmpty() && "<>=|".indexOf(c.charAt(0)) >= 0) {
        if (c.charAt(0) == '>') o = ByteOrder.BIG_ENDIAN;
        if (c.charAt(0) == '<') o = ByteOrder.LITTLE_ENDIAN;
        c = c.substring(1);
      }
      if (c.length() < 2 || "fi".indexOf(c.charAt(0)) < 0) throw new PickleException("unsupported numpy dtype '" + code + "'; supported: f8, f4, i8, i4");
      int n = Integer.parseInt(c.substring(1));
      if ((c.charAt(0) == 'f' && n != 8 && n != 4) || (c.charAt(0) == 'i' && n != 8 && n != 4)) {
        throw new PickleException("unsupported numpy dtype '" + code + "'; supported: f8, f4, i8, i4");
      }
      return new ElementType(c.charAt(0), n, o);
    }

    double[] decode(byte[] data, long offsetElements, int count) {
      ByteBuffer b = ByteBuffer.wrap(data).order(order);
      long need = (offsetElements + count) * bytes;
      if (need > data.length) throw new PickleException("array data has " + data.length + " bytes, needs " + need);
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        int at = Math.toIntExact((offsetElements + i) * bytes);
        out[i] = switch (kind) {
          case 'f' -> bytes == 8 ? b.getDouble(at) : b.getFloat(at);
          default -> bytes == 8 ? b.getLong(at) : b.getInt(at);
        };
      }
      return out;
    }
  }

  /** {@code numpy.dtype(code, align, copy)}, completed by its {@code __setstate__} (byte order). */
  static final class NumpyDtype {
    final String code;
    ByteOrder order = ByteOrder.nativeOrder();

    private NumpyDtype(String code) {
      this.code = code;
    }

    static Object of(Object[] args) {
      if (args.length < 1 || !(args[0] instanceof String s)) throw new PickleException("numpy.dtype expects a type code, got " + Arrays.toString(args));
      return new NumpyDtype(s);
    }

    ElementType type() {
      return ElementType.parse(code, order);
    }

    /** numpy's dtype state {@code (version, byteorder, ...)}. */
    void setState(Object[] state) {
      if (state.length > 1 && state[1] instanceof String bo) {
        if (bo.equals(">")) order = ByteOrder.BIG_ENDIAN;
        else if (bo.equals("<")) order = ByteOrder.LITTLE_ENDIAN;
      }
    }
  }

  /** {@code numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')}, filled by its {@code __setstate__}. */
  static final class NumpyArray implements NumericArray {
    private int[] shape;
    private double[] flat;

    /** numpy's ndarray state {@code (version, shape, dtype, is_fortran, data)}. */
    void setState(Object[] state) {
      int base = state.length == 5 ? 1 : 0; // version 0 pickles omit the version
      if (state.length - base != 4) throw new PickleException("unexpected ndarray state of " + state.length + " items");
      Object[] dims = (Object[]) state[base];
      shape = new int[dims.length];
      int count = 1;
      for (int i = 0; i < dims.length; i++) {
        shape[i] = ((Number) dims[i]).intValue();
        count = Math.multiplyExact(count, shape[i]);
      }
      if (!(state[base + 1] instanceof NumpyDtype dt)) throw new PickleException("ndarray state without a numpy.dtype");
      boolean fortran = Boolean.TRUE.equals(state[base + 2]);
      if (!(state[base + 3] instanceof byte[] data)) throw new PickleException("ndarray data is not raw bytes (object arrays are not supported)");
      double[] v = dt.type().decode(data, 0, count);
      flat = fortran && shape.length == 2 ? transpose(v, shape[1], shape[0]) : v;
    }

    private static double[] transpose(double[] columnMajor, int cols, int rows) {
      double[] out = new double[columnMajor.length];
      for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[r * cols + c] = columnMajor[c * rows + r];
      return out;
    }

    @Override
    public int[] shape() {
      if (shape == null) throw new PickleException("ndarray was never given its state");
      return shape.clone();
    }

    @Override
    public double[] flat() {
      return flat;
    }
  }

  /** The dtype of each legacy torch storage class ({@code torch.DoubleStorage}, ...). */
  static final class TorchStorage {
    static final Map<String, String> TYPES = Map.of(
        "DoubleStorage", "<f8", "FloatStorage", "<f4", "LongStorage", "<i8", "IntStorage", "<i4");
  }

  /** {@code torch.DoubleStorage} etc. as the pickle names them inside a persistent id. */
  record TorchStorageType(String name, String dtype) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("torch." + name + " is only expected inside a persistent id");
    }
  }

  /** The bytes of one storage of the archive with its element type. */
  record StorageBytes(ElementType type, byte[] data) {}

  /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)}: contiguous tensors only. */
  record TorchTensorRebuild(int[] shape, double[] flat) implements NumericArray {
    static Object of(Object[] args) {
      if (args.length < 4 || !(args[0] instanceof StorageBytes s)) throw new PickleException("_rebuild_tensor_v2 expects (storage, offset, size, stride, ...)");
      long offset = ((Number) args[1]).longValue();
      Object[] size = (Object[]) args[2];
      Object[] stride = (Object[]) args[3];
      int[] shape = new int[size.length];
      int count = 1;
      long expected = 1;
      for (int i = size.length - 1; i >= 0; i--) {
        shape[i] = ((Number) size[i]).intValue();
        if (((Number) stride[i]).longValue() != expected && shape[i] > 1) throw new PickleException("non-contiguous tensors are not supported");
        expected *= shape[i];
        count = Math.multiplyExact(count, shape[i]);
      }
      return new TorchTensorRebuild(shape, s.type().decode(s.data(), offset, count));
    }
  }

  /** Pyrolite's unpickler with numpy's BUILD states and torch's persistent storages, without reflection. */
  private static final class ArchiveUnpickler extends Unpickler {
    private final ZipFile zip;
    private final String prefix;
    private final Path file;
    private final Map<String, StorageBytes> storages = new HashMap<>();

    ArchiveUnpickler(ZipFile zip, String prefix, Path file) {
      this.zip = zip;
      this.prefix = prefix;
      this.file = file;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
      if (key == Opcodes.BUILD) {
        Object state = stack.pop();
        Object target = stack.peek();
        switch (target) {
          case NumpyArray a when state instanceof Object[] s -> a.setState(s);
          case NumpyDtype d when state instanceof Object[] s -> d.setState(s);
          default -> throw new PickleException("cannot BUILD a " + target.getClass().getSimpleName() + " in " + file);
        }
        return NO_RETURN_VALUE;
      }
      return super.dispatch(key);
    }

    @Override
    protected Object persistentLoad(Object pid) {
      if (!(pid instanceof Object[] t) || t.length < 3 || !"storage".equals(t[0]) || !(t[1] instanceof TorchStorageType type)) {
        throw new PickleException("unsupported persistent id " + (pid instanceof Object[] a ? Arrays.toString(a) : pid) + " in " + file);
      }
      String key = String.valueOf(t[2]);
      return storages.computeIfAbsent(key, k -> {
        ZipEntry e = zip.getEntry(prefix + "data/" + k);
        if (e == null) throw new PickleException(file + " lacks storage entry " + prefix + "data/" + k);
        try (InputStream in = zip.getInputStream(e)) {
          return new StorageBytes(ElementType.parse(type.dtype(), ByteOrder.LITTLE_ENDIAN), in.readAllBytes());
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      });
    }
  }
}
