package org.vla4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
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

  /** Opens a writer (overwriting {@code file}). */
  public static Writer open(Path file, MessageType schema) throws IOException {
    ParquetConfiguration conf = new PlainParquetConfiguration();
    ParquetWriter<Consumer<RecordConsumer>> w = new Builder(new LocalOutputFile(file), schema)
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
    try (Writer w = open(file, schema)) {
      for (Consumer<RecordConsumer> r : records) w.write(r);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Consumer<RecordConsumer>, Builder> {
    private final MessageType schema;

    Builder(LocalOutputFile file, MessageType schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Consumer<RecordConsumer>> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return new Support(schema);
    }

    @Override
    protected WriteSupport<Consumer<RecordConsumer>> getWriteSupport(ParquetConfiguration conf) {
      return new Support(schema);
    }
  }

  private static final class Support extends WriteSupport<Consumer<RecordConsumer>> {
    private final MessageType schema;
    private RecordConsumer consumer;

    Support(MessageType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration conf) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration conf) {
      return new WriteContext(schema, new HashMap<>());
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
