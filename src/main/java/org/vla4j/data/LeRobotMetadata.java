package org.vla4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The Parquet footer metadata that LeRobot's own writer leaves in its files and its readers rely on,
 * built from a dataset's {@code meta/info.json} features. Both are key-value entries of the Parquet
 * footer, which pyarrow exposes as the Arrow schema's metadata.
 *
 * <ul>
 *   <li>{@link #PANDAS_KEY} in {@code meta/tasks.parquet}: LeRobot writes the tasks with {@code
 *       DataFrame.to_parquet} (a frame indexed by the task string, one column {@code task_index};
 *       huggingface/lerobot {@code src/lerobot/datasets/io_utils.py} {@code write_tasks}) and reads
 *       them back with {@code pd.read_parquet} ({@code load_tasks}), which rebuilds the index from
 *       the {@code "pandas"} entry's {@code index_columns}. Without it the index is a RangeIndex and
 *       a frame's task comes back as an integer. The JSON follows pyarrow's {@code
 *       pandas_compat.construct_metadata} (the {@code index_columns}, {@code column_indexes},
 *       {@code columns}, {@code creator}, {@code pandas_version} members), in the form pandas 2.x
 *       writes for an object-dtype string index.
 *   <li>{@link #HUGGINGFACE_KEY} in every data file: LeRobot builds the data tables with {@code
 *       datasets.Dataset.from_dict(..., features=get_hf_features_from_features(info.features))}
 *       (lerobot {@code io_utils.py} {@code to_parquet_with_hf_images}, {@code utils.py} /
 *       {@code feature_utils.py} {@code get_hf_features_from_features}), and HF {@code datasets}
 *       stores the features in the schema metadata as {@code {"info": {"features":
 *       Features.to_dict()}}} (huggingface/datasets {@code src/datasets/features/features.py},
 *       {@code Features.to_dict}/{@code from_arrow_schema}; {@code arrow_writer.py}). Readers that
 *       take the features from the files (the streaming reader, {@code load_dataset("parquet")})
 *       need it to decode {@code {bytes, path}} structs as images. The mapping is LeRobot's: dtype
 *       {@code image} → {@code {"_type": "Image"}}; shape {@code [1]} → {@code {"dtype": d, "_type":
 *       "Value"}}; shape {@code [n]} → {@code {"feature": {"dtype": d, "_type": "Value"}, "length":
 *       n, "_type": "List"}} (datasets ≥ 4 spells a fixed-length {@code Sequence} this way; LeRobot
 *       0.6 requires datasets ≥ 4).
 * </ul>
 *
 * <p>JSON is written the way Python's {@code json.dumps} writes it by default (separators {@code ", "}
 * and {@code ": "}, non-ASCII escaped as {@code \\uXXXX}), so the bytes match a Python writer's.
 * The layouts were checked against pandas 3.0.6 / pyarrow 25.0.1 / datasets 5.0.1 output.
 */
public final class LeRobotMetadata {
  private LeRobotMetadata() {}

  /** Footer key of pandas' DataFrame metadata ({@code b"pandas"}). */
  public static final String PANDAS_KEY = "pandas";
  /** Footer key of HF datasets' features ({@code b"huggingface"}). */
  public static final String HUGGINGFACE_KEY = "huggingface";
  /** The pandas metadata format version vla4j writes (the pandas 2.x layout). */
  static final String PANDAS_VERSION = "2.2.3";

  /**
   * The {@code "pandas"} entry of {@code meta/tasks.parquet}: index column {@code task} (the task
   * string, object dtype), data column {@code task_index} (int64), in the file's column order
   * ({@code task_index}, {@code task}; pyarrow puts index columns last).
   */
  public static String tasksPandas() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode n = f.objectNode();
    n.putArray("index_columns").add("task");
    ObjectNode ci = n.putArray("column_indexes").addObject();
    ci.putNull("name");
    ci.putNull("field_name");
    ci.put("pandas_type", "unicode");
    ci.put("numpy_type", "object");
    ci.putObject("metadata").put("encoding", "UTF-8");
    ArrayNode cols = n.putArray("columns");
    column(cols, LeRobotDataset.TASK_INDEX, "int64", "int64");
    column(cols, "task", "unicode", "object");
    ObjectNode creator = n.putObject("creator");
    creator.put("library", "vla4j");
    String v = LeRobotMetadata.class.getPackage().getImplementationVersion();
    creator.put("version", v == null ? "dev" : v);
    n.put("pandas_version", PANDAS_VERSION);
    return pythonJson(n);
  }

  private static void column(ArrayNode cols, String name, String pandasType, String numpyType) {
    ObjectNode c = cols.addObject();
    c.put("name", name);
    c.put("field_name", name);
    c.put("pandas_type", pandasType);
    c.put("numpy_type", numpyType);
    c.putNull("metadata");
  }

  /**
   * The {@code "huggingface"} entry of a data file for the features of {@code meta/info.json}
   * (its {@code "features"} object), in their order; {@code video} features are left out (they are
   * not columns of the data files).
   *
   * @throws IllegalArgumentException if a feature has no dtype or shape, or a shape LeRobot maps to
   *     an ArrayND (vla4j writes none), naming the feature
   */
  public static String dataHuggingface(JsonNode infoFeatures) {
    ObjectNode features = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = infoFeatures.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().path("dtype").asText().equals("video")) continue;
      features.set(e.getKey(), hfFeature(e.getKey(), e.getValue()));
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.putObject("info").set("features", features);
    return pythonJson(n);
  }

  private static JsonNode hfFeature(String name, JsonNode ft) {
    String dtype = ft.path("dtype").asText(null);
    JsonNode shape = ft.get("shape");
    if (dtype == null || shape == null || !shape.isArray() || shape.isEmpty()) {
      throw new IllegalArgumentException("meta/info.json feature '" + name + "' has no dtype or shape: " + ft);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (dtype.equals("image")) {
      o.put("_type", "Image");
    } else if (shape.size() == 1 && shape.get(0).asInt() == 1) {
      o.put("dtype", dtype);
      o.put("_type", "Value");
    } else if (shape.size() == 1) {
      ObjectNode inner = o.putObject("feature");
      inner.put("dtype", dtype);
      inner.put("_type", "Value");
      o.put("length", shape.get(0).asInt());
      o.put("_type", "List");
    } else {
      throw new IllegalArgumentException("meta/info.json feature '" + name + "' has shape " + shape + ": vla4j writes only images and 1-D features");
    }
    return o;
  }

  /** {@code json.dumps(obj)} with Python's default settings, for objects, arrays, strings, integers, booleans and null. */
  static String pythonJson(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    write(sb, n);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonNode n) {
    if (n.isObject()) {
      sb.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!first) sb.append(", ");
        first = false;
        string(sb, e.getKey());
        sb.append(": ");
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) sb.append(", ");
        write(sb, n.get(i));
      }
      sb.append(']');
    } else if (n.isTextual()) {
      string(sb, n.asText());
    } else if (n.isNull()) {
      sb.append("null");
    } else if (n.isBoolean()) {
      sb.append(n.asBoolean() ? "true" : "false");
    } else if (n.isIntegralNumber()) {
      sb.append(n.asText());
    } else {
      throw new IllegalArgumentException("pythonJson: unsupported JSON value " + n);
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
