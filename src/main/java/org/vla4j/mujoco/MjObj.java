package org.vla4j.mujoco;

/**
 * MuJoCo object types ({@code mjtObj}) that vla4j looks up by name. Values come from
 * {@link MjField} so the header test covers them.
 */
public enum MjObj {
  BODY(MjField.MJOBJ_BODY),
  JOINT(MjField.MJOBJ_JOINT),
  GEOM(MjField.MJOBJ_GEOM),
  SITE(MjField.MJOBJ_SITE),
  CAMERA(MjField.MJOBJ_CAMERA),
  ACTUATOR(MjField.MJOBJ_ACTUATOR),
  KEY(MjField.MJOBJ_KEY),
  MESH(MjField.MJOBJ_MESH),
  MATERIAL(MjField.MJOBJ_MATERIAL),
  TEXTURE(MjField.MJOBJ_TEXTURE),
  LIGHT(MjField.MJOBJ_LIGHT),
  SENSOR(MjField.MJOBJ_SENSOR);

  final int code;

  MjObj(MjField constant) {
    this.code = constant.intValue();
  }
}
