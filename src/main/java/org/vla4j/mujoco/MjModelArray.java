package org.vla4j.mujoco;

/**
 * Per-object arrays of a compiled {@code mjModel} that can be read whole with
 * {@link MjModel#values(MjModelArray)}, e.g. to compare two compiles field by field. Each constant
 * names the {@code mjModel} member (offsets in {@link MjField}, checked against the headers), the
 * count it is indexed by, the numbers per object and the C element type, as in MuJoCo 3.14.0's
 * {@code mjmodel.h}.
 */
public enum MjModelArray {
  BODY_PARENTID(MjField.MODEL_BODY_PARENTID, Count.NBODY, 1, Type.INT),
  BODY_ROOTID(MjField.MODEL_BODY_ROOTID, Count.NBODY, 1, Type.INT),
  BODY_JNTNUM(MjField.MODEL_BODY_JNTNUM, Count.NBODY, 1, Type.INT),
  BODY_JNTADR(MjField.MODEL_BODY_JNTADR, Count.NBODY, 1, Type.INT),
  BODY_DOFNUM(MjField.MODEL_BODY_DOFNUM, Count.NBODY, 1, Type.INT),
  BODY_DOFADR(MjField.MODEL_BODY_DOFADR, Count.NBODY, 1, Type.INT),
  BODY_GEOMNUM(MjField.MODEL_BODY_GEOMNUM, Count.NBODY, 1, Type.INT),
  BODY_GEOMADR(MjField.MODEL_BODY_GEOMADR, Count.NBODY, 1, Type.INT),
  /** metres, in the parent's frame */
  BODY_POS(MjField.MODEL_BODY_POS, Count.NBODY, 3, Type.DOUBLE),
  /** wxyz */
  BODY_QUAT(MjField.MODEL_BODY_QUAT, Count.NBODY, 4, Type.DOUBLE),
  BODY_IPOS(MjField.MODEL_BODY_IPOS, Count.NBODY, 3, Type.DOUBLE),
  BODY_IQUAT(MjField.MODEL_BODY_IQUAT, Count.NBODY, 4, Type.DOUBLE),
  /** kg */
  BODY_MASS(MjField.MODEL_BODY_MASS, Count.NBODY, 1, Type.DOUBLE),
  /** kg·m², principal axes */
  BODY_INERTIA(MjField.MODEL_BODY_INERTIA, Count.NBODY, 3, Type.DOUBLE),
  JNT_TYPE(MjField.MODEL_JNT_TYPE, Count.NJNT, 1, Type.INT),
  JNT_QPOSADR(MjField.MODEL_JNT_QPOSADR, Count.NJNT, 1, Type.INT),
  JNT_DOFADR(MjField.MODEL_JNT_DOFADR, Count.NJNT, 1, Type.INT),
  JNT_BODYID(MjField.MODEL_JNT_BODYID, Count.NJNT, 1, Type.INT),
  JNT_LIMITED(MjField.MODEL_JNT_LIMITED, Count.NJNT, 1, Type.BYTE),
  JNT_POS(MjField.MODEL_JNT_POS, Count.NJNT, 3, Type.DOUBLE),
  JNT_AXIS(MjField.MODEL_JNT_AXIS, Count.NJNT, 3, Type.DOUBLE),
  JNT_RANGE(MjField.MODEL_JNT_RANGE, Count.NJNT, 2, Type.DOUBLE),
  JNT_STIFFNESS(MjField.MODEL_JNT_STIFFNESS, Count.NJNT, 1, Type.DOUBLE),
  DOF_BODYID(MjField.MODEL_DOF_BODYID, Count.NV, 1, Type.INT),
  DOF_JNTID(MjField.MODEL_DOF_JNTID, Count.NV, 1, Type.INT),
  DOF_DAMPING(MjField.MODEL_DOF_DAMPING, Count.NV, 1, Type.DOUBLE),
  DOF_ARMATURE(MjField.MODEL_DOF_ARMATURE, Count.NV, 1, Type.DOUBLE),
  DOF_FRICTIONLOSS(MjField.MODEL_DOF_FRICTIONLOSS, Count.NV, 1, Type.DOUBLE),
  GEOM_TYPE(MjField.MODEL_GEOM_TYPE, Count.NGEOM, 1, Type.INT),
  GEOM_CONTYPE(MjField.MODEL_GEOM_CONTYPE, Count.NGEOM, 1, Type.INT),
  GEOM_CONAFFINITY(MjField.MODEL_GEOM_CONAFFINITY, Count.NGEOM, 1, Type.INT),
  GEOM_CONDIM(MjField.MODEL_GEOM_CONDIM, Count.NGEOM, 1, Type.INT),
  GEOM_BODYID(MjField.MODEL_GEOM_BODYID, Count.NGEOM, 1, Type.INT),
  /** mesh id, −1 for primitives */
  GEOM_DATAID(MjField.MODEL_GEOM_DATAID, Count.NGEOM, 1, Type.INT),
  GEOM_GROUP(MjField.MODEL_GEOM_GROUP, Count.NGEOM, 1, Type.INT),
  GEOM_PRIORITY(MjField.MODEL_GEOM_PRIORITY, Count.NGEOM, 1, Type.INT),
  GEOM_SOLMIX(MjField.MODEL_GEOM_SOLMIX, Count.NGEOM, 1, Type.DOUBLE),
  GEOM_SOLREF(MjField.MODEL_GEOM_SOLREF, Count.NGEOM, 2, Type.DOUBLE),
  GEOM_SOLIMP(MjField.MODEL_GEOM_SOLIMP, Count.NGEOM, 5, Type.DOUBLE),
  GEOM_SIZE(MjField.MODEL_GEOM_SIZE, Count.NGEOM, 3, Type.DOUBLE),
  GEOM_POS(MjField.MODEL_GEOM_POS, Count.NGEOM, 3, Type.DOUBLE),
  GEOM_QUAT(MjField.MODEL_GEOM_QUAT, Count.NGEOM, 4, Type.DOUBLE),
  GEOM_FRICTION(MjField.MODEL_GEOM_FRICTION, Count.NGEOM, 3, Type.DOUBLE),
  GEOM_MARGIN(MjField.MODEL_GEOM_MARGIN, Count.NGEOM, 1, Type.DOUBLE),
  GEOM_GAP(MjField.MODEL_GEOM_GAP, Count.NGEOM, 1, Type.DOUBLE),
  GEOM_RGBA(MjField.MODEL_GEOM_RGBA, Count.NGEOM, 4, Type.FLOAT),
  SITE_TYPE(MjField.MODEL_SITE_TYPE, Count.NSITE, 1, Type.INT),
  SITE_BODYID(MjField.MODEL_SITE_BODYID, Count.NSITE, 1, Type.INT),
  SITE_GROUP(MjField.MODEL_SITE_GROUP, Count.NSITE, 1, Type.INT),
  SITE_SIZE(MjField.MODEL_SITE_SIZE, Count.NSITE, 3, Type.DOUBLE),
  SITE_POS(MjField.MODEL_SITE_POS, Count.NSITE, 3, Type.DOUBLE),
  SITE_QUAT(MjField.MODEL_SITE_QUAT, Count.NSITE, 4, Type.DOUBLE),
  SITE_RGBA(MjField.MODEL_SITE_RGBA, Count.NSITE, 4, Type.FLOAT),
  CAM_MODE(MjField.MODEL_CAM_MODE, Count.NCAM, 1, Type.INT),
  CAM_BODYID(MjField.MODEL_CAM_BODYID, Count.NCAM, 1, Type.INT),
  CAM_POS(MjField.MODEL_CAM_POS, Count.NCAM, 3, Type.DOUBLE),
  CAM_QUAT(MjField.MODEL_CAM_QUAT, Count.NCAM, 4, Type.DOUBLE),
  /** degrees */
  CAM_FOVY(MjField.MODEL_CAM_FOVY, Count.NCAM, 1, Type.DOUBLE),
  LIGHT_POS(MjField.MODEL_LIGHT_POS, Count.NLIGHT, 3, Type.DOUBLE),
  LIGHT_DIR(MjField.MODEL_LIGHT_DIR, Count.NLIGHT, 3, Type.DOUBLE),
  ACTUATOR_TRNTYPE(MjField.MODEL_ACTUATOR_TRNTYPE, Count.NU, 1, Type.INT),
  ACTUATOR_DYNTYPE(MjField.MODEL_ACTUATOR_DYNTYPE, Count.NU, 1, Type.INT),
  ACTUATOR_GAINTYPE(MjField.MODEL_ACTUATOR_GAINTYPE, Count.NU, 1, Type.INT),
  ACTUATOR_BIASTYPE(MjField.MODEL_ACTUATOR_BIASTYPE, Count.NU, 1, Type.INT),
  ACTUATOR_TRNID(MjField.MODEL_ACTUATOR_TRNID, Count.NU, 2, Type.INT),
  ACTUATOR_CTRLLIMITED(MjField.MODEL_ACTUATOR_CTRLLIMITED, Count.NU, 1, Type.BYTE),
  ACTUATOR_FORCELIMITED(MjField.MODEL_ACTUATOR_FORCELIMITED, Count.NU, 1, Type.BYTE),
  ACTUATOR_GEAR(MjField.MODEL_ACTUATOR_GEAR, Count.NU, 6, Type.DOUBLE),
  ACTUATOR_CTRLRANGE(MjField.MODEL_ACTUATOR_CTRLRANGE, Count.NU, 2, Type.DOUBLE),
  ACTUATOR_FORCERANGE(MjField.MODEL_ACTUATOR_FORCERANGE, Count.NU, 2, Type.DOUBLE),
  ACTUATOR_GAINPRM(MjField.MODEL_ACTUATOR_GAINPRM, Count.NU, 10, Type.DOUBLE),
  ACTUATOR_BIASPRM(MjField.MODEL_ACTUATOR_BIASPRM, Count.NU, 10, Type.DOUBLE),
  MESH_VERTNUM(MjField.MODEL_MESH_VERTNUM, Count.NMESH, 1, Type.INT),
  MESH_FACENUM(MjField.MODEL_MESH_FACENUM, Count.NMESH, 1, Type.INT);

  /** The size an array is indexed by. */
  public enum Count { NBODY, NJNT, NV, NGEOM, NSITE, NCAM, NLIGHT, NU, NMESH }

  /** C element type of the array. */
  public enum Type {
    /** {@code int} */
    INT(4),
    /** {@code mjtNum} (double) */
    DOUBLE(8),
    /** {@code float} */
    FLOAT(4),
    /** {@code mjtByte} / {@code mjtBool} */
    BYTE(1);

    final int bytes;

    Type(int bytes) {
      this.bytes = bytes;
    }
  }

  final MjField field;
  private final Count count;
  private final int width;
  private final Type type;

  MjModelArray(MjField field, Count count, int width, Type type) {
    this.field = field;
    this.count = count;
    this.width = width;
    this.type = type;
  }

  /** The size the array is indexed by. */
  public Count count() {
    return count;
  }

  /** Numbers per object (e.g. 3 for a position, 4 for a quaternion). */
  public int width() {
    return width;
  }

  /** C element type. */
  public Type type() {
    return type;
  }

  /** The {@code mjModel} member name, e.g. {@code geom_size}. */
  public String member() {
    return field.name().substring("MODEL_".length()).toLowerCase(java.util.Locale.ROOT);
  }
}
