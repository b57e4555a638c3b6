package org.vla4j.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.Util;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Parquet through parquet-java's own API, without Hadoop.
 *
 * <p>Why this library: LeRobot's files need {@code list<float32>} columns and image structs
 * {@code {bytes: binary, path: string}}; parquet-floor's own API writes only flat columns, so vla4j
 * uses parquet-java 1.18.1 directly (a {@link WriteSupport} that drives the {@link RecordConsumer},
 * {@link LocalOutputFile}/{@link LocalInputFile}, {@link PlainParquetConfiguration}) and takes from
 * parquet-floor only its handful of stub Hadoop classes that parquet-hadoop's signatures need at
 * class-loading time. Measured: Parquet and its dependencies take 8.4 MB of the 13.7 MB shaded jar
 * (zstd-jni and snappy excluded; JTS stays: parquet-column loads it when opening a writer), and the
 * collect path runs on a {@code java.base}-only jlink runtime. DuckDB's JDBC jar alone is ≈ 77 MB
 * with native code for several platforms: too heavy to carry to the GPU
 * machine (64 MiB per call). Pages are written uncompressed (images are PNG already; no native codec),
 * Parquet format v1 pages, no dictionary encoding, statistics truncated to 64 bytes so
 * PNG bytes never land in the footer. Output bytes are a pure function of the rows written.
 *
 * <p>A record is written by a {@code Consumer<RecordConsumer>} that emits the fields between
 * {@code startMessage}/{@code endMessage} (added here); {@link Fields} has helpers for the shapes
 * vla4j uses.
 */
public final class ParquetIo {
  private ParquetIo() {}

  /** Writes records to one file; {@link #dataSize()} is the bytes written plus buffered so far. */
  public static final class Writer implements AutoCloseable {
    private final ParquetWriter<Consumer<RecordConsumer>> writer;

    Writer(ParquetWriter<Consumer<RecordConsumer>> writer) {
      this.writer = writer;
    }

    public void write(Consumer<RecordConsumer> record) throws IOException {
      writer.write(record);
    }

    public long dataSize() {
      return writer.getDataSize();
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /** Opens a writer (overwriting {@code file}) with no key-value metadata in the footer. */
  public static Writer open(Path file, MessageType schema) throws IOException {
    return open(file, schema, Map.of());
  }

  /**
   * Opens a writer (overwriting {@code file}) whose footer carries {@code keyValue} as the file's
   * key-value metadata (pyarrow exposes it as the Arrow schema's metadata, e.g. {@code b"pandas"},
   * {@code b"huggingface"}). parquet-java copies the entries into a {@link HashMap} before writing
   * them, so their order in the footer is that map's, not {@code keyValue}'s.
   */
  public static Writer open(Path file, MessageType schema, Map<String, String> keyValue) throws IOException {
    ParquetConfiguration conf = new PlainParquetConfiguration();
    ParquetWriter<Consumer<RecordConsumer>> w = new Builder(new LocalOutputFile(file), schema, keyValue)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withDictionaryEncoding(false)
        .withStatisticsTruncateLength(64)
        .withColumnIndexTruncateLength(64)
        .withRowGroupSize(64L * 1024 * 1024)
        .withPageSize(1024 * 1024)
        .build();
    return new Writer(w);
  }

  /** Writes all records to a new file. */
  public static void writeAll(Path file, MessageType schema, List<Consumer<RecordConsumer>> records) throws IOException {
    writeAll(file, schema, Map.of(), records);
  }

  /** Writes all records to a new file whose footer carries {@code keyValue} (see {@link #open(Path, MessageType, Map)}). */
  public static void writeAll(Path file, MessageType schema, Map<String, String> keyValue, List<Consumer<RecordConsumer>> records)
      throws IOException {
    try (Writer w = open(file, schema, keyValue)) {
      for (Consumer<RecordConsumer> r : records) w.write(r);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Consumer<RecordConsumer>, Builder> {
    private final MessageType schema;
    private final Map<String, String> keyValue;

    Builder(LocalOutputFile file, MessageType schema, Map<String, String> keyValue) {
      super(file);
      this.schema = schema;
      this.keyValue = keyValue;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Consumer<RecordConsumer>> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return new Support(schema, keyValue);
    }

    @Override
    protected WriteSupport<Consumer<RecordConsumer>> getWriteSupport(ParquetConfiguration conf) {
      return new Support(schema, keyValue);
    }
  }

  private static final class Support extends WriteSupport<Consumer<RecordConsumer>> {
    private final MessageType schema;
    private final Map<String, String> keyValue;
    private RecordConsumer consumer;

    Support(MessageType schema, Map<String, String> keyValue) {
      this.schema = schema;
      this.keyValue = keyValue;
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
      return new WriteContext(schema, new LinkedHashMap<>(keyValue));
    }

    @Override
    public WriteContext init(ParquetConfiguration conf) {
      return new WriteContext(schema, new LinkedHashMap<>(keyValue));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Consumer<RecordConsumer> record) {
      consumer.startMessage();
      record.accept(consumer);
      consumer.endMessage();
    }
  }

  /** Helpers that write one field of a record (field index = position in the schema). */
  public static final class Fields {
    private Fields() {}

    public static void int64(RecordConsumer rc, String name, int index, long v) {
      rc.startField(name, index);
      rc.addLong(v);
      rc.endField(name, index);
    }

    public static void float32(RecordConsumer rc, String name, int index, float v) {
      rc.startField(name, index);
      rc.addFloat(v);
      rc.endField(name, index);
    }

    public static void string(RecordConsumer rc, String name, int index, String v) {
      rc.startField(name, index);
      rc.addBinary(Binary.fromString(v));
      rc.endField(name, index);
    }

    /** A 3-level LIST of float32 ({@code list<element: float>}). */
    public static void floatList(RecordConsumer rc, String name, int index, float[] v) {
      rc.startField(name, index);
      rc.startGroup();
      if (v.length > 0) {
        rc.startField("list", 0);
        for (float x : v) {
          rc.startGroup();
          rc.startField("element", 0);
          rc.addFloat(x);
          rc.endField("element", 0);
          rc.endGroup();
        }
        rc.endField("list", 0);
      }
      rc.endGroup();
      rc.endField(name, index);
    }

    /** A 3-level LIST of strings. */
    public static void stringList(RecordConsumer rc, String name, int index, List<String> v) {
      rc.startField(name, index);
      rc.startGroup();
      if (!v.isEmpty()) {
        rc.startField("list", 0);
        for (String x : v) {
          rc.startGroup();
          rc.startField("element", 0);
          rc.addBinary(Binary.fromString(x));
          rc.endField("element", 0);
          rc.endGroup();
        }
        rc.endField("list", 0);
      }
      rc.endGroup();
      rc.endField(name, index);
    }

    /** A Hugging Face {@code Image} struct {bytes, path} with the PNG bytes and a null path. */
    public static void image(RecordConsumer rc, String name, int index, byte[] png) {
      rc.startField(name, index);
      rc.startGroup();
      rc.startField("bytes", 0);
      rc.addBinary(Binary.fromConstantByteArray(png));
      rc.endField("bytes", 0);
      rc.endGroup();
      rc.endField(name, index);
    }
  }

  /** The key-value metadata of a file's footer (empty when it has none), as parquet-java reads it. */
  public static Map<String, String> keyValueMetadata(Path file) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      return new LinkedHashMap<>(r.getFileMetaData().getKeyValueMetaData());
    }
  }

  /** Where a file's footer starts and what it holds; bytes {@code [0, footerStart)} are the data. */
  record Footer(long footerStart, FileMetaData metadata) {}

  /**
   * Reads the footer of a Parquet file straight from its last bytes ({@code <thrift FileMetaData>
   * <4-byte little-endian length> "PAR1"}, see the Parquet format's "File format" section).
   *
   * @throws IllegalArgumentException if the file is not an unencrypted Parquet file
   */
  static Footer footer(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 12) throw new IllegalArgumentException(file + " is not a Parquet file: " + size + " bytes");
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, tail, size - 8);
      int length = tail.getInt(0);
      byte[] magic = {tail.get(4), tail.get(5), tail.get(6), tail.get(7)};
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException(file + " is not a Parquet file (or is encrypted): it does not end in PAR1");
      }
      long start = size - 8 - length;
      if (length <= 0 || start < 4) throw new IllegalArgumentException(file + ": footer length " + length + " does not fit a file of " + size + " bytes");
      ByteBuffer buf = ByteBuffer.allocate(length);
      readFully(ch, buf, start);
      return new Footer(start, Util.readFileMetaData(new ByteArrayInputStream(buf.array())));
    }
  }

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) throw new IOException("unexpected end of file at " + (position + buf.position()));
    }
  }

  /**
   * Sets key-value metadata in a file's footer without touching its data: the bytes before the
   * footer (column chunks, page indexes) are copied as they are, the footer is re-serialized with
   * every other field unchanged, and the file is re-terminated after it. Entries of {@code set}
   * replace entries of the same key; other existing entries are kept; the entries are written in
   * {@link HashMap} order, as parquet-java's writer orders them, so a rewritten footer equals the
   * one a fresh write with the same metadata gives. Footer offsets are absolute from the file start
   * and the data does not move, so they stay valid. The new file is written next to the old one and
   * moved over it atomically: an interrupted call leaves the old file.
   *
   * @return true if the footer changed, false if it already held {@code set} (file untouched)
   * @throws IllegalArgumentException if the file is not an unencrypted Parquet file
   */
  public static boolean setKeyValueMetadata(Path file, Map<String, String> set) throws IOException {
    Footer f = footer(file);
    Map<String, String> current = entries(f.metadata());
    Map<String, String> merged = new HashMap<>(current);
    merged.putAll(set);
    if (merged.equals(current)) return false;
    replaceFooter(file, f, merged);
    return true;
  }

  /** Removes the named entries from a file's footer metadata as {@link #setKeyValueMetadata} does (tests: a dataset written before the metadata). */
  static void removeKeyValueMetadata(Path file, List<String> keys) throws IOException {
    Footer f = footer(file);
    Map<String, String> kept = entries(f.metadata());
    kept.keySet().removeAll(keys);
    replaceFooter(file, f, kept);
  }

  private static Map<String, String> entries(FileMetaData md) {
    Map<String, String> m = new HashMap<>();
    if (md.isSetKey_value_metadata()) for (KeyValue kv : md.getKey_value_metadata()) m.put(kv.getKey(), kv.getValue());
    return m;
  }

  private static void replaceFooter(Path file, Footer f, Map<String, String> entries) throws IOException {
    FileMetaData md = f.metadata().deepCopy();
    md.unsetKey_value_metadata();
    for (Map.Entry<String, String> e : new HashMap<>(entries).entrySet()) md.addToKey_value_metadata(new KeyValue(e.getKey()).setValue(e.getValue()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Util.writeFileMetaData(md, out);
    byte[] footer = out.toByteArray();
    ByteBuffer end = ByteBuffer.allocate(footer.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    end.put(footer).putInt(footer.length).put(MAGIC).flip();
    Path tmp = file.resolveSibling(file.getFileName() + ".footer-tmp");
    try (FileChannel src = FileChannel.open(file, StandardOpenOption.READ);
        FileChannel dst = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      long pos = 0;
      while (pos < f.footerStart()) pos += src.transferTo(pos, f.footerStart() - pos, dst);
      while (end.hasRemaining()) pos += dst.write(end, pos);
      dst.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The file's schema. */
  public static MessageType schema(Path file) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      return r.getFileMetaData().getSchema();
    }
  }

  /**
   * Reads the rows of a file, only the named top-level columns.
   *
   * @param columns top-level field names to read; all when empty
   * @throws IllegalArgumentException if a named column is not in the file (message lists the columns)
   */
  public static List<Group> read(Path file, List<String> columns) throws IOException {
    List<Group> out = new ArrayList<>();
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType fileSchema = r.getFileMetaData().getSchema();
      MessageType requested = fileSchema;
      if (!columns.isEmpty()) {
        List<Type> fields = new ArrayList<>();
        for (String c : columns) {
          if (!fileSchema.containsField(c)) {
            throw new IllegalArgumentException(file + " has no column '" + c + "'; its columns: "
                + fileSchema.getFields().stream().map(Type::getName).toList());
          }
          fields.add(fileSchema.getType(c));
        }
        requested = new MessageType(fileSchema.getName(), fields);
        r.setRequestedSchema(requested);
      }
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(requested, fileSchema);
      PageReadStore pages;
      while ((pages = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = io.getRecordReader(pages, new GroupRecordConverter(requested));
        for (long i = 0; i < pages.getRowCount(); i++) out.add(rr.read());
      }
    }
    return out;
  }

  /** The floats of a 3-level LIST field of a row. */
  public static float[] floatList(Group row, String field) {
    Group list = row.getGroup(field, 0);
    int n = list.getFieldRepetitionCount("list");
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = list.getGroup("list", i).getFloat("element", 0);
    return v;
  }

  /** The strings of a 3-level LIST field of a row. */
  public static List<String> stringList(Group row, String field) {
    Group list = row.getGroup(field, 0);
    int n = list.getFieldRepetitionCount("list");
    List<String> v = new ArrayList<>();
    for (int i = 0; i < n; i++) v.add(list.getGroup("list", i).getString("element", 0));
    return v;
  }
}
