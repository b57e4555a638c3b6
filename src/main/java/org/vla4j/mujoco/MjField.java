package org.vla4j.mujoco;

/**
 * Every struct offset, struct size and enum value that the bindings rely on, as read from MuJoCo
 * 3.14.0's C headers ({@code mujoco/mujoco.h}) with a gcc probe ({@code offsetof}/{@code sizeof}).
 *
 * <p>The bindings take these numbers from here and nowhere else, so a single test
 * ({@code MjFieldHeaderTest}) can compile a C probe from {@link #cExpression()} of every constant
 * and check all of them against the headers of the library in use. {@code width} is the member's
 * {@code sizeof} (8 for pointers and {@code mjtSize}, 4 for {@code int}) for {@link Kind#FIELD}.
 */
public enum MjField {
  MODEL_NQ(Kind.FIELD, "mjModel", "nq", 0L, 8),
  MODEL_NV(Kind.FIELD, "mjModel", "nv", 8L, 8),
  MODEL_NU(Kind.FIELD, "mjModel", "nu", 16L, 8),
  MODEL_NACTUATOR(Kind.FIELD, "mjModel", "nactuator", 24L, 8),
  MODEL_NA(Kind.FIELD, "mjModel", "na", 40L, 8),
  MODEL_NBODY(Kind.FIELD, "mjModel", "nbody", 48L, 8),
  MODEL_NJNT(Kind.FIELD, "mjModel", "njnt", 88L, 8),
  MODEL_NGEOM(Kind.FIELD, "mjModel", "ngeom", 136L, 8),
  MODEL_NSITE(Kind.FIELD, "mjModel", "nsite", 144L, 8),
  MODEL_NCAM(Kind.FIELD, "mjModel", "ncam", 152L, 8),
  MODEL_NLIGHT(Kind.FIELD, "mjModel", "nlight", 160L, 8),
  MODEL_NMOCAP(Kind.FIELD, "mjModel", "nmocap", 568L, 8),
  MODEL_NKEY(Kind.FIELD, "mjModel", "nkey", 560L, 8),
  MODEL_NUSERDATA(Kind.FIELD, "mjModel", "nuserdata", 736L, 8),
  MODEL_JNT_TYPE(Kind.FIELD, "mjModel", "jnt_type", 2104L, 8),
  MODEL_JNT_QPOSADR(Kind.FIELD, "mjModel", "jnt_qposadr", 2112L, 8),
  MODEL_JNT_DOFADR(Kind.FIELD, "mjModel", "jnt_dofadr", 2120L, 8),
  MODEL_JNT_BODYID(Kind.FIELD, "mjModel", "jnt_bodyid", 2128L, 8),
  MODEL_JNT_RANGE(Kind.FIELD, "mjModel", "jnt_range", 2224L, 8),
  MODEL_BODY_PARENTID(Kind.FIELD, "mjModel", "body_parentid", 1808L, 8),
  MODEL_BODY_ROOTID(Kind.FIELD, "mjModel", "body_rootid", 1816L, 8),
  MODEL_BODY_MOCAPID(Kind.FIELD, "mjModel", "body_mocapid", 1832L, 8),
  MODEL_GEOM_TYPE(Kind.FIELD, "mjModel", "geom_type", 2416L, 8),
  MODEL_GEOM_BODYID(Kind.FIELD, "mjModel", "geom_bodyid", 2448L, 8),
  MODEL_GEOM_SIZE(Kind.FIELD, "mjModel", "geom_size", 2528L, 8),
  MODEL_GEOM_RGBA(Kind.FIELD, "mjModel", "geom_rgba", 2624L, 8),
  MODEL_SITE_BODYID(Kind.FIELD, "mjModel", "site_bodyid", 2640L, 8),
  MODEL_CAM_FOVY(Kind.FIELD, "mjModel", "cam_fovy", 2792L, 8),
  MODEL_ACTUATOR_TRNID(Kind.FIELD, "mjModel", "actuator_trnid", 4848L, 8),
  MODEL_ACTUATOR_CTRLRANGE(Kind.FIELD, "mjModel", "actuator_ctrlrange", 5008L, 8),
  MODEL_KEY_QPOS(Kind.FIELD, "mjModel", "key_qpos", 5328L, 8),
  MODEL_KEY_QVEL(Kind.FIELD, "mjModel", "key_qvel", 5336L, 8),
  MODEL_KEY_CTRL(Kind.FIELD, "mjModel", "key_ctrl", 5368L, 8),
  MODEL_KEY_MPOS(Kind.FIELD, "mjModel", "key_mpos", 5352L, 8),
  MODEL_KEY_MQUAT(Kind.FIELD, "mjModel", "key_mquat", 5360L, 8),
  MODEL_OPT_TIMESTEP(Kind.FIELD, "mjModel", "opt.timestep", 792L, 8),
  MODEL_VIS_GLOBAL_OFFWIDTH(Kind.FIELD, "mjModel", "vis.global.offwidth", 1132L, 4),
  MODEL_VIS_GLOBAL_OFFHEIGHT(Kind.FIELD, "mjModel", "vis.global.offheight", 1136L, 4),
  MODEL_VIS_QUALITY_OFFSAMPLES(Kind.FIELD, "mjModel", "vis.quality.offsamples", 1152L, 4),
  // read accessors for comparing compiled models (org.vla4j.sim.libero): MjModelArray, MjModel scalars
  MODEL_BODY_JNTNUM(Kind.FIELD, "mjModel", "body_jntnum", 1840L, 8),
  MODEL_BODY_JNTADR(Kind.FIELD, "mjModel", "body_jntadr", 1848L, 8),
  MODEL_BODY_DOFNUM(Kind.FIELD, "mjModel", "body_dofnum", 1856L, 8),
  MODEL_BODY_DOFADR(Kind.FIELD, "mjModel", "body_dofadr", 1864L, 8),
  MODEL_BODY_GEOMNUM(Kind.FIELD, "mjModel", "body_geomnum", 1880L, 8),
  MODEL_BODY_GEOMADR(Kind.FIELD, "mjModel", "body_geomadr", 1888L, 8),
  MODEL_BODY_POS(Kind.FIELD, "mjModel", "body_pos", 1912L, 8),
  MODEL_BODY_QUAT(Kind.FIELD, "mjModel", "body_quat", 1920L, 8),
  MODEL_BODY_IPOS(Kind.FIELD, "mjModel", "body_ipos", 1928L, 8),
  MODEL_BODY_IQUAT(Kind.FIELD, "mjModel", "body_iquat", 1936L, 8),
  MODEL_BODY_MASS(Kind.FIELD, "mjModel", "body_mass", 1944L, 8),
  MODEL_BODY_INERTIA(Kind.FIELD, "mjModel", "body_inertia", 1960L, 8),
  MODEL_JNT_POS(Kind.FIELD, "mjModel", "jnt_pos", 2192L, 8),
  MODEL_JNT_AXIS(Kind.FIELD, "mjModel", "jnt_axis", 2200L, 8),
  MODEL_JNT_LIMITED(Kind.FIELD, "mjModel", "jnt_limited", 2152L, 8),
  MODEL_JNT_STIFFNESS(Kind.FIELD, "mjModel", "jnt_stiffness", 2208L, 8),
  MODEL_DOF_BODYID(Kind.FIELD, "mjModel", "dof_bodyid", 2256L, 8),
  MODEL_DOF_JNTID(Kind.FIELD, "mjModel", "dof_jntid", 2264L, 8),
  MODEL_DOF_DAMPING(Kind.FIELD, "mjModel", "dof_damping", 2336L, 8),
  MODEL_DOF_ARMATURE(Kind.FIELD, "mjModel", "dof_armature", 2328L, 8),
  MODEL_DOF_FRICTIONLOSS(Kind.FIELD, "mjModel", "dof_frictionloss", 2320L, 8),
  MODEL_GEOM_CONTYPE(Kind.FIELD, "mjModel", "geom_contype", 2424L, 8),
  MODEL_GEOM_CONAFFINITY(Kind.FIELD, "mjModel", "geom_conaffinity", 2432L, 8),
  MODEL_GEOM_CONDIM(Kind.FIELD, "mjModel", "geom_condim", 2440L, 8),
  MODEL_GEOM_DATAID(Kind.FIELD, "mjModel", "geom_dataid", 2456L, 8),
  MODEL_GEOM_GROUP(Kind.FIELD, "mjModel", "geom_group", 2472L, 8),
  MODEL_GEOM_PRIORITY(Kind.FIELD, "mjModel", "geom_priority", 2480L, 8),
  MODEL_GEOM_SOLMIX(Kind.FIELD, "mjModel", "geom_solmix", 2504L, 8),
  MODEL_GEOM_SOLREF(Kind.FIELD, "mjModel", "geom_solref", 2512L, 8),
  MODEL_GEOM_SOLIMP(Kind.FIELD, "mjModel", "geom_solimp", 2520L, 8),
  MODEL_GEOM_POS(Kind.FIELD, "mjModel", "geom_pos", 2552L, 8),
  MODEL_GEOM_QUAT(Kind.FIELD, "mjModel", "geom_quat", 2560L, 8),
  MODEL_GEOM_FRICTION(Kind.FIELD, "mjModel", "geom_friction", 2568L, 8),
  MODEL_GEOM_MARGIN(Kind.FIELD, "mjModel", "geom_margin", 2576L, 8),
  MODEL_GEOM_GAP(Kind.FIELD, "mjModel", "geom_gap", 2584L, 8),
  MODEL_SITE_TYPE(Kind.FIELD, "mjModel", "site_type", 2632L, 8),
  MODEL_SITE_GROUP(Kind.FIELD, "mjModel", "site_group", 2664L, 8),
  MODEL_SITE_SIZE(Kind.FIELD, "mjModel", "site_size", 2680L, 8),
  MODEL_SITE_POS(Kind.FIELD, "mjModel", "site_pos", 2688L, 8),
  MODEL_SITE_QUAT(Kind.FIELD, "mjModel", "site_quat", 2696L, 8),
  MODEL_SITE_RGBA(Kind.FIELD, "mjModel", "site_rgba", 2712L, 8),
  MODEL_CAM_MODE(Kind.FIELD, "mjModel", "cam_mode", 2720L, 8),
  MODEL_CAM_BODYID(Kind.FIELD, "mjModel", "cam_bodyid", 2728L, 8),
  MODEL_CAM_POS(Kind.FIELD, "mjModel", "cam_pos", 2744L, 8),
  MODEL_CAM_QUAT(Kind.FIELD, "mjModel", "cam_quat", 2752L, 8),
  MODEL_LIGHT_POS(Kind.FIELD, "mjModel", "light_pos", 2928L, 8),
  MODEL_LIGHT_DIR(Kind.FIELD, "mjModel", "light_dir", 2936L, 8),
  MODEL_ACTUATOR_TRNTYPE(Kind.FIELD, "mjModel", "actuator_trntype", 4760L, 8),
  MODEL_ACTUATOR_DYNTYPE(Kind.FIELD, "mjModel", "actuator_dyntype", 4768L, 8),
  MODEL_ACTUATOR_GAINTYPE(Kind.FIELD, "mjModel", "actuator_gaintype", 4776L, 8),
  MODEL_ACTUATOR_BIASTYPE(Kind.FIELD, "mjModel", "actuator_biastype", 4784L, 8),
  MODEL_ACTUATOR_CTRLLIMITED(Kind.FIELD, "mjModel", "actuator_ctrllimited", 5000L, 8),
  MODEL_ACTUATOR_FORCELIMITED(Kind.FIELD, "mjModel", "actuator_forcelimited", 4984L, 8),
  MODEL_ACTUATOR_GEAR(Kind.FIELD, "mjModel", "actuator_gear", 5016L, 8),
  MODEL_ACTUATOR_FORCERANGE(Kind.FIELD, "mjModel", "actuator_forcerange", 4992L, 8),
  MODEL_ACTUATOR_GAINPRM(Kind.FIELD, "mjModel", "actuator_gainprm", 4872L, 8),
  MODEL_ACTUATOR_BIASPRM(Kind.FIELD, "mjModel", "actuator_biasprm", 4880L, 8),
  MODEL_MESH_VERTNUM(Kind.FIELD, "mjModel", "mesh_vertnum", 3696L, 8),
  MODEL_MESH_FACENUM(Kind.FIELD, "mjModel", "mesh_facenum", 3712L, 8),
  MODEL_NMESH(Kind.FIELD, "mjModel", "nmesh", 296L, 8),
  MODEL_NMAT(Kind.FIELD, "mjModel", "nmat", 448L, 8),
  MODEL_NTEX(Kind.FIELD, "mjModel", "ntex", 432L, 8),
  MODEL_NEQ(Kind.FIELD, "mjModel", "neq", 472L, 8),
  MODEL_NSENSOR(Kind.FIELD, "mjModel", "nsensor", 504L, 8),
  MODEL_NTENDON(Kind.FIELD, "mjModel", "ntendon", 480L, 8),
  MODEL_NEXCLUDE(Kind.FIELD, "mjModel", "nexclude", 464L, 8),
  MODEL_NPAIR(Kind.FIELD, "mjModel", "npair", 456L, 8),
  MODEL_OPT_GRAVITY(Kind.FIELD, "mjModel", "opt.gravity", 848L, 24),
  MODEL_OPT_IMPRATIO(Kind.FIELD, "mjModel", "opt.impratio", 800L, 8),
  MODEL_OPT_DENSITY(Kind.FIELD, "mjModel", "opt.density", 920L, 8),
  MODEL_OPT_VISCOSITY(Kind.FIELD, "mjModel", "opt.viscosity", 928L, 8),
  MODEL_OPT_CONE(Kind.FIELD, "mjModel", "opt.cone", 1044L, 4),
  MODEL_OPT_INTEGRATOR(Kind.FIELD, "mjModel", "opt.integrator", 1040L, 4),
  MODEL_OPT_SOLVER(Kind.FIELD, "mjModel", "opt.solver", 1052L, 4),
  MODEL_OPT_ITERATIONS(Kind.FIELD, "mjModel", "opt.iterations", 1056L, 4),
  MODEL_OPT_TOLERANCE(Kind.FIELD, "mjModel", "opt.tolerance", 808L, 8),
  MODEL_VIS_MAP_ZNEAR(Kind.FIELD, "mjModel", "vis.map.znear", 1236L, 4),
  MJOBJ_MESH(Kind.CONSTANT, "mjOBJ_MESH", "", 10L, 0),
  MJOBJ_MATERIAL(Kind.CONSTANT, "mjOBJ_MATERIAL", "", 14L, 0),
  MJOBJ_TEXTURE(Kind.CONSTANT, "mjOBJ_TEXTURE", "", 13L, 0),
  MJOBJ_LIGHT(Kind.CONSTANT, "mjOBJ_LIGHT", "", 8L, 0),
  MJOBJ_SENSOR(Kind.CONSTANT, "mjOBJ_SENSOR", "", 20L, 0),
  DATA_TIME(Kind.FIELD, "mjData", "time", 160648L, 8),
  DATA_QPOS(Kind.FIELD, "mjData", "qpos", 160688L, 8),
  DATA_QVEL(Kind.FIELD, "mjData", "qvel", 160696L, 8),
  DATA_ACT(Kind.FIELD, "mjData", "act", 160704L, 8),
  DATA_CTRL(Kind.FIELD, "mjData", "ctrl", 160736L, 8),
  DATA_QACC(Kind.FIELD, "mjData", "qacc", 160784L, 8),
  DATA_QFRC_BIAS(Kind.FIELD, "mjData", "qfrc_bias", 161272L, 8),
  DATA_QFRC_APPLIED(Kind.FIELD, "mjData", "qfrc_applied", 160744L, 8),
  DATA_XFRC_APPLIED(Kind.FIELD, "mjData", "xfrc_applied", 160752L, 8),
  DATA_MOCAP_POS(Kind.FIELD, "mjData", "mocap_pos", 160768L, 8),
  DATA_MOCAP_QUAT(Kind.FIELD, "mjData", "mocap_quat", 160776L, 8),
  DATA_XPOS(Kind.FIELD, "mjData", "xpos", 160840L, 8),
  DATA_XQUAT(Kind.FIELD, "mjData", "xquat", 160848L, 8),
  DATA_XMAT(Kind.FIELD, "mjData", "xmat", 160856L, 8),
  DATA_XIPOS(Kind.FIELD, "mjData", "xipos", 160864L, 8),
  DATA_GEOM_XPOS(Kind.FIELD, "mjData", "geom_xpos", 160896L, 8),
  DATA_GEOM_XMAT(Kind.FIELD, "mjData", "geom_xmat", 160904L, 8),
  DATA_SITE_XPOS(Kind.FIELD, "mjData", "site_xpos", 160912L, 8),
  DATA_SITE_XMAT(Kind.FIELD, "mjData", "site_xmat", 160920L, 8),
  DATA_CAM_XPOS(Kind.FIELD, "mjData", "cam_xpos", 160928L, 8),
  DATA_CAM_XMAT(Kind.FIELD, "mjData", "cam_xmat", 160936L, 8),
  DATA_NCON(Kind.FIELD, "mjData", "ncon", 160560L, 4),
  DATA_CONTACT(Kind.FIELD, "mjData", "contact", 161448L, 8),
  DATA_WARNING(Kind.FIELD, "mjData", "warning", 160264L, 56),
  CONTACT_DIST(Kind.FIELD, "mjContact", "dist", 0L, 8),
  CONTACT_POS(Kind.FIELD, "mjContact", "pos", 8L, 24),
  CONTACT_FRAME(Kind.FIELD, "mjContact", "frame", 32L, 72),
  CONTACT_DIM(Kind.FIELD, "mjContact", "dim", 528L, 4),
  CONTACT_GEOM(Kind.FIELD, "mjContact", "geom", 540L, 8),
  CONTACT_EXCLUDE(Kind.FIELD, "mjContact", "exclude", 572L, 4),
  VCAMERA_TYPE(Kind.FIELD, "mjvCamera", "type", 0L, 4),
  VCAMERA_FIXEDCAMID(Kind.FIELD, "mjvCamera", "fixedcamid", 4L, 4),
  VSCENE_FLAGS(Kind.FIELD, "mjvScene", "flags", 11548L, 11),
  VOPTION_GEOMGROUP(Kind.FIELD, "mjvOption", "geomgroup", 8L, 6),
  WARNINGSTAT_NUMBER(Kind.FIELD, "mjWarningStat", "number", 4L, 4),
  RRECT_WIDTH(Kind.FIELD, "mjrRect", "width", 8L, 4),
  RRECT_HEIGHT(Kind.FIELD, "mjrRect", "height", 12L, 4),
  SIZEOF_MODEL(Kind.SIZEOF, "mjModel", "", 5696L, 0),
  SIZEOF_DATA(Kind.SIZEOF, "mjData", "", 162080L, 0),
  SIZEOF_CONTACT(Kind.SIZEOF, "mjContact", "", 584L, 0),
  SIZEOF_WARNINGSTAT(Kind.SIZEOF, "mjWarningStat", "", 8L, 0),
  SIZEOF_VCAMERA(Kind.SIZEOF, "mjvCamera", "", 72L, 0),
  SIZEOF_VOPTION(Kind.SIZEOF, "mjvOption", "", 92L, 0),
  SIZEOF_VSCENE(Kind.SIZEOF, "mjvScene", "", 11584L, 0),
  SIZEOF_RCONTEXT(Kind.SIZEOF, "mjrContext", "", 61512L, 0),
  SIZEOF_RRECT(Kind.SIZEOF, "mjrRect", "", 16L, 0),
  SIZEOF_VFS(Kind.SIZEOF, "mjVFS", "", 8L, 0),
  SIZEOF_TNUM(Kind.SIZEOF, "mjtNum", "", 8L, 0),
  MJOBJ_BODY(Kind.CONSTANT, "mjOBJ_BODY", "", 1L, 0),
  MJOBJ_JOINT(Kind.CONSTANT, "mjOBJ_JOINT", "", 3L, 0),
  MJOBJ_GEOM(Kind.CONSTANT, "mjOBJ_GEOM", "", 5L, 0),
  MJOBJ_SITE(Kind.CONSTANT, "mjOBJ_SITE", "", 6L, 0),
  MJOBJ_CAMERA(Kind.CONSTANT, "mjOBJ_CAMERA", "", 7L, 0),
  MJOBJ_ACTUATOR(Kind.CONSTANT, "mjOBJ_ACTUATOR", "", 19L, 0),
  MJOBJ_KEY(Kind.CONSTANT, "mjOBJ_KEY", "", 24L, 0),
  MJCAMERA_FIXED(Kind.CONSTANT, "mjCAMERA_FIXED", "", 2L, 0),
  MJFB_OFFSCREEN(Kind.CONSTANT, "mjFB_OFFSCREEN", "", 1L, 0),
  MJFONTSCALE_150(Kind.CONSTANT, "mjFONTSCALE_150", "", 150L, 0),
  MJCAT_ALL(Kind.CONSTANT, "mjCAT_ALL", "", 7L, 0),
  MJWARN_BADQPOS(Kind.CONSTANT, "mjWARN_BADQPOS", "", 3L, 0),
  MJWARN_BADQVEL(Kind.CONSTANT, "mjWARN_BADQVEL", "", 4L, 0),
  MJWARN_BADCTRL(Kind.CONSTANT, "mjWARN_BADCTRL", "", 6L, 0),
  MJWARN_BADQACC(Kind.CONSTANT, "mjWARN_BADQACC", "", 5L, 0),
  MJNWARNING(Kind.CONSTANT, "mjNWARNING", "", 7L, 0),
  MJRND_SHADOW(Kind.CONSTANT, "mjRND_SHADOW", "", 0L, 0),
  MJRND_REFLECTION(Kind.CONSTANT, "mjRND_REFLECTION", "", 2L, 0),
  MJRND_SKYBOX(Kind.CONSTANT, "mjRND_SKYBOX", "", 4L, 0),
  MJSTATE_FULLPHYSICS(Kind.CONSTANT, "mjSTATE_FULLPHYSICS", "", 8223L, 0),
  MJSTATE_INTEGRATION(Kind.CONSTANT, "mjSTATE_INTEGRATION", "", 16383L, 0),
  MJJNT_FREE(Kind.CONSTANT, "mjJNT_FREE", "", 0L, 0),
  MJJNT_HINGE(Kind.CONSTANT, "mjJNT_HINGE", "", 3L, 0),
  MJJNT_SLIDE(Kind.CONSTANT, "mjJNT_SLIDE", "", 2L, 0),
  MJVERSION_HEADER(Kind.CONSTANT, "mjVERSION_HEADER", "", 3014000L, 0);

  /** What a constant describes. */
  public enum Kind {
    /** {@code offsetof(struct, member)}. */
    FIELD,
    /** {@code sizeof(struct)}. */
    SIZEOF,
    /** the value of an enum constant or macro. */
    CONSTANT
  }

  private final Kind kind;
  private final String cType;
  private final String member;
  private final long value;
  private final int width;

  MjField(Kind kind, String cType, String member, long value, int width) {
    this.kind = kind;
    this.cType = cType;
    this.member = member;
    this.value = value;
    this.width = width;
  }

  /** Offset in bytes (FIELD), size in bytes (SIZEOF) or the constant's value (CONSTANT). */
  public long value() {
    return value;
  }

  /** The value as an int, for enum constants and offsets inside small structs. */
  public int intValue() {
    return Math.toIntExact(value);
  }

  /** {@code sizeof} the member for FIELD entries, 0 otherwise. */
  public int width() {
    return width;
  }

  public Kind kind() {
    return kind;
  }

  /** The C expression whose value this constant must equal, e.g. {@code offsetof(mjData, qpos)}. */
  public String cExpression() {
    return switch (kind) {
      case FIELD -> "offsetof(" + cType + ", " + member + ")";
      case SIZEOF -> "sizeof(" + cType + ")";
      case CONSTANT -> "(long)(" + cType + ")";
    };
  }

  /** The C expression for the member's width ({@code sizeof(((T*)0)->m)}), or "0". */
  public String cWidthExpression() {
    return kind == Kind.FIELD ? "sizeof(((" + cType + "*)0)->" + member + ")" : "0";
  }
}
