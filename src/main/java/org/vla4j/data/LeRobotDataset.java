package org.vla4j.data;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.util.List;
import java.util.Locale;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The LeRobot dataset format v3.0 as vla4j writes it (see docs/FORMATS.md, "Datasets"):
 *
 * <pre>
 * meta/info.json                                  features, totals, paths, splits, and a "vla4j" block
 * meta/vla4j.json                                 the same "vla4j" block, in a file LeRobot leaves alone
 * meta/stats.json                                 per feature mean/std/min/max/count/q01/q10/q50/q90/q99
 * meta/tasks.parquet                              task_index int64, task string (footer: pandas metadata, index "task")
 * meta/episodes/chunk-000/file-000.parquet        episode_index, tasks list&lt;string&gt;, length,
 *                                                 dataset_from_index, dataset_to_index, data/chunk_index, data/file_index,
 *                                                 meta/episodes/chunk_index, meta/episodes/file_index (always 0: one file)
 * data/chunk-{c:03d}/file-{f:03d}.parquet         one row per frame (columns below; footer: HF "huggingface" features)
 * dataset_statistics.json                         OpenVLA's normalization statistics (not part of LeRobot)
 * </pre>
 */
public final class LeRobotDataset {
  private LeRobotDataset() {}

  public static final String CODEBASE_VERSION = "v3.0";
  public static final int FPS = 20;
  public static final int CHUNKS_SIZE = 1000;
  public static final int DATA_FILES_SIZE_IN_MB = 100;
  public static final int VIDEO_FILES_SIZE_IN_MB = 500;
  public static final String DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
  public static final String ORIENTATION = "opengl_bottom_up";

  public static final String AGENTVIEW = "observation.images.agentview";
  public static final String WRIST = "observation.images.wrist";
  public static final String STATE = "observation.state";
  public static final String ACTION = "action";
  public static final String TIMESTAMP = "timestamp";
  public static final String FRAME_INDEX = "frame_index";
  public static final String EPISODE_INDEX = "episode_index";
  public static final String INDEX = "index";
  public static final String TASK_INDEX = "task_index";

  public static final List<String> STATE_NAMES =
      List.of("eef_x", "eef_y", "eef_z", "eef_axis_angle_x", "eef_axis_angle_y", "eef_axis_angle_z", "gripper_qpos_left", "gripper_qpos_right");
  public static final List<String> ACTION_NAMES = List.of("dx", "dy", "dz", "drx", "dry", "drz", "gripper");

  /** Columns of a data file, in order. */
  public static final List<String> DATA_COLUMNS =
      List.of(AGENTVIEW, WRIST, STATE, ACTION, TIMESTAMP, FRAME_INDEX, EPISODE_INDEX, INDEX, TASK_INDEX);

  /** Schema of a data file: images as {bytes, path} structs, vectors as list&lt;float32&gt;. */
  public static final MessageType DATA_SCHEMA = Types.buildMessage()
      .addField(imageStruct(AGENTVIEW))
      .addField(imageStruct(WRIST))
      .addField(Types.optionalList().optionalElement(FLOAT).named(STATE))
      .addField(Types.optionalList().optionalElement(FLOAT).named(ACTION))
      .optional(FLOAT).named(TIMESTAMP)
      .optional(INT64).named(FRAME_INDEX)
      .optional(INT64).named(EPISODE_INDEX)
      .optional(INT64).named(INDEX)
      .optional(INT64).named(TASK_INDEX)
      .named("schema");

  public static final MessageType TASKS_SCHEMA = Types.buildMessage()
      .optional(INT64).named(TASK_INDEX)
      .optional(BINARY).as(stringType()).named("task")
      .named("schema");

  public static final MessageType EPISODES_SCHEMA = Types.buildMessage()
      .optional(INT64).named(EPISODE_INDEX)
      .addField(Types.optionalList().optionalElement(BINARY).as(stringType()).named("tasks"))
      .optional(INT64).named("length")
      .optional(INT64).named("dataset_from_index")
      .optional(INT64).named("dataset_to_index")
      .optional(INT64).named("data/chunk_index")
      .optional(INT64).named("data/file_index")
      .optional(INT64).named("meta/episodes/chunk_index")
      .optional(INT64).named("meta/episodes/file_index")
      .named("schema");

  private static org.apache.parquet.schema.GroupType imageStruct(String name) {
    return Types.optionalGroup()
        .optional(BINARY).named("bytes")
        .optional(BINARY).as(stringType()).named("path")
        .named(name);
  }

  /** {@code data/chunk-XXX/file-XXX.parquet} for a chunk and file index. */
  public static String dataPath(int chunk, int file) {
    return String.format(Locale.ROOT, "data/chunk-%03d/file-%03d.parquet", chunk, file);
  }

  public static final String TASKS_PATH = "meta/tasks.parquet";
  public static final String EPISODES_PATH = "meta/episodes/chunk-000/file-000.parquet";
  public static final String INFO_PATH = "meta/info.json";
  public static final String STATS_PATH = "meta/stats.json";
  /** The "vla4j" provenance block on its own (LeRobot rewrites info.json without it). */
  public static final String VLA4J_PATH = "meta/vla4j.json";
  public static final String OPENVLA_STATS_PATH = "dataset_statistics.json";
}
