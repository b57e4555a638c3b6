package org.vla4j.sim.suite;

import org.vla4j.sim.robot.PandaController;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjState;

/**
 * Samples init states of a task: the basket and the objects placed collision-free on the table
 * with random positions and yaw, the robot at its home posture, then physics run for
 * {@link #SETTLE_STEPS} control steps with the controller holding still so everything rests.
 * A sample in which an object tipped over or left the table is rejected and drawn again from the
 * same random stream, so the result is a pure function of (suite seed, stream, task, index).
 *
 * <p>Two disjoint streams: {@link Stream#EVAL} made the 50 stored evaluation init states of each
 * task; {@link Stream#TRAIN} is reserved for demonstrations, so no evaluation init state is ever
 * used to make training data.
 */
public final class InitStateGenerator {
  /** Control steps (1/20 s each) of settling before a state is taken. */
  public static final int SETTLE_STEPS = 8;
  /** The seed the stored evaluation init states were generated with. */
  public static final long SUITE_SEED = 20261122L;

  /** Disjoint random streams. */
  public enum Stream {
    EVAL(0x45564131L),
    TRAIN(0x54524e31L);

    final long salt;

    Stream(long salt) {
      this.salt = salt;
    }
  }

  /** Where things may be placed, world frame, metres and radians. */
  static final double OBJ_X_MIN = -0.20, OBJ_X_MAX = 0.10, OBJ_Y_MIN = -0.30, OBJ_Y_MAX = 0.06;
  static final double BASKET_X_MIN = -0.10, BASKET_X_MAX = 0.06, BASKET_Y_MIN = 0.17, BASKET_Y_MAX = 0.26;
  static final double BOX_YAW = Math.PI / 4, BASKET_YAW = 0.3;

  private InitStateGenerator() {}

  /** 64-bit mix of the generator's coordinates (SplitMix64 finalizer over a running hash). */
  static long seedOf(long suiteSeed, Stream stream, int taskId, int index) {
    return Seeds.hash(suiteSeed, stream.salt, taskId, index);
  }

  /**
   * Generates init state {@code index} of the scene's task from a stream.
   *
   * @return a full-physics state ({@code mjSTATE_FULLPHYSICS}) with time 0
   * @throws IllegalStateException if no valid placement is found in 1000 draws
   */
  public static double[] generate(TaskScene scene, Stream stream, long suiteSeed, int index) {
    SplittableRandom rng = new SplittableRandom(seedOf(suiteSeed, stream, scene.task().id(), index));
    try (MjData d = new MjData(scene.model())) {
      PandaController controller = new PandaController(scene.model());
      for (int attempt = 0; attempt < 1000; attempt++) {
        if (!place(scene, d, rng)) continue;
        controller.reset();
        double[] hold = {0, 0, 0, 0, 0, 0, -1};
        for (int s = 0; s < SETTLE_STEPS; s++) controller.step(d, hold);
        if (!settledUpright(scene, d)) continue;
        double[] state = d.getState(MjState.FULL_PHYSICS);
        state[0] = 0; // time starts at zero in every episode
        return state;
      }
    }
    throw new IllegalStateException("no valid placement for task " + scene.task().id() + " index " + index);
  }

  /** Generates init states {@code 0..count−1}. */
  public static List<double[]> generateAll(TaskScene scene, Stream stream, long suiteSeed, int count) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(generate(scene, stream, suiteSeed, i));
    return out;
  }

  private static boolean place(TaskScene scene, MjData d, SplittableRandom rng) {
    d.resetToKeyframe("home");
    int n = scene.objects().size();
    double bx = uniform(rng, BASKET_X_MIN, BASKET_X_MAX), by = uniform(rng, BASKET_Y_MIN, BASKET_Y_MAX);
    setFree(d, scene.basketQpos(), bx, by, PandaScene.TABLE_TOP_Z, uniform(rng, -BASKET_YAW, BASKET_YAW));
    double basketRadius = (GroceryCatalog.BASKET_INNER_HALF + GroceryCatalog.BASKET_WALL) * Math.sqrt(2);
    double[] xs = new double[n], ys = new double[n];
    for (int i = 0; i < n; i++) {
      GroceryObject o = scene.objects().get(i);
      boolean ok = false;
      for (int tries = 0; tries < 200 && !ok; tries++) {
        double x = uniform(rng, OBJ_X_MIN, OBJ_X_MAX), y = uniform(rng, OBJ_Y_MIN, OBJ_Y_MAX);
        ok = Math.hypot(x - bx, y - by) > basketRadius + o.footprintRadius() + 0.03;
        for (int j = 0; j < i && ok; j++) {
          double need = Math.max(0.12, o.footprintRadius() + scene.objects().get(j).footprintRadius() + 0.05);
          ok = Math.hypot(x - xs[j], y - ys[j]) > need;
        }
        if (ok) {
          xs[i] = x;
          ys[i] = y;
          double yaw = o.roundInPlan() ? uniform(rng, -Math.PI, Math.PI) : uniform(rng, -BOX_YAW, BOX_YAW);
          setFree(d, scene.objectQpos(i), x, y, PandaScene.TABLE_TOP_Z + 0.001, yaw);
        }
      }
      if (!ok) return false;
    }
    d.forward();
    return true;
  }

  private static boolean settledUpright(TaskScene scene, MjData d) {
    double[] mat = new double[9], pos = new double[3];
    for (int i = 0; i < scene.objects().size(); i++) {
      d.bodyMat(scene.objectBody(i), mat);
      d.bodyPos(scene.objectBody(i), pos);
      if (mat[8] < Math.cos(Math.toRadians(8))) return false; // tipped
      if (Math.abs(pos[2] - PandaScene.TABLE_TOP_Z) > 0.01) return false; // not resting on the table
    }
    double[] qvel = d.qvel();
    for (double v : qvel) if (Math.abs(v) > 0.05) return false;
    return true;
  }

  private static void setFree(MjData d, int adr, double x, double y, double z, double yaw) {
    d.setQpos(adr, x);
    d.setQpos(adr + 1, y);
    d.setQpos(adr + 2, z);
    d.setQpos(adr + 3, StrictMath.cos(yaw / 2));
    d.setQpos(adr + 4, 0);
    d.setQpos(adr + 5, 0);
    d.setQpos(adr + 6, StrictMath.sin(yaw / 2));
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
