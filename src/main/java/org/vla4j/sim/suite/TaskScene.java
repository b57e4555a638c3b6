package org.vla4j.sim.suite;

import org.vla4j.sim.robot.PandaRobot;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;

/**
 * The compiled scene of one task: the Panda on its table, the task's target object, its
 * distractors and the basket, with the ids the env, the success predicate and the expert need.
 * The model is immutable and may be shared by every worker; each worker makes its own data.
 */
public final class TaskScene implements AutoCloseable {
  /** Distractors of task t of suite object: items (t + k) mod 10 for these k. */
  static final int[] DISTRACTOR_OFFSETS = {1, 3, 6, 8};

  private final Suite suite;
  private final Task task;
  private final MjModel model;
  private final PandaRobot robot;
  private final List<GroceryObject> objects;
  private final int[] objectBodies;
  private final int[] objectQpos;
  private final int basketBody;
  private final int basketQpos;
  private final boolean[] targetGeom;
  private final boolean[] basketGeom;

  private TaskScene(Suite suite, Task task, List<GroceryObject> objects) {
    this.suite = suite;
    this.task = task;
    this.objects = List.copyOf(objects);
    StringBuilder xml = new StringBuilder();
    double y = -0.3;
    for (GroceryObject o : objects) {
      xml.append(o.mjcf(0.0, y, PandaScene.TABLE_TOP_Z));
      y += 0.12;
    }
    xml.append(GroceryCatalog.basketMjcf());
    this.model = MjModel.fromXml(PandaScene.xml(GroceryCatalog.defaultsMjcf(), xml.toString()));
    this.robot = PandaRobot.find(model);
    objectBodies = new int[objects.size()];
    objectQpos = new int[objects.size()];
    for (int i = 0; i < objects.size(); i++) {
      objectBodies[i] = model.id(MjObj.BODY, objects.get(i).name());
      objectQpos[i] = model.jointQposAddress(model.id(MjObj.JOINT, objects.get(i).name() + "_joint"));
    }
    basketBody = model.id(MjObj.BODY, "basket");
    basketQpos = model.jointQposAddress(model.id(MjObj.JOINT, "basket_joint"));
    targetGeom = new boolean[model.ngeom()];
    basketGeom = new boolean[model.ngeom()];
    for (int g = 0; g < model.ngeom(); g++) {
      int b = model.geomBodyId(g);
      targetGeom[g] = b == objectBodies[0];
      basketGeom[g] = b == basketBody;
    }
  }

  /**
   * Builds and compiles the scene of a task.
   *
   * @throws IllegalArgumentException if the suite has no such task
   */
  public static TaskScene build(Suite suite, int taskId) {
    Task task = suite.task(taskId);
    List<GroceryObject> objs = new ArrayList<>();
    int t = GroceryCatalog.ITEMS.indexOf(GroceryCatalog.item(task.targetObject()));
    objs.add(GroceryCatalog.ITEMS.get(t));
    for (int k : DISTRACTOR_OFFSETS) objs.add(GroceryCatalog.ITEMS.get((t + k) % GroceryCatalog.ITEMS.size()));
    return new TaskScene(suite, task, objs);
  }

  public Suite suite() { return suite; }
  public Task task() { return task; }
  public MjModel model() { return model; }
  public PandaRobot robot() { return robot; }

  /** Objects on the table; index 0 is the task's target, the rest are distractors. */
  public List<GroceryObject> objects() { return objects; }

  /** The task's target object. */
  public GroceryObject target() { return objects.get(0); }

  /** Body id of object i (index into {@link #objects()}). */
  public int objectBody(int i) { return objectBodies[i]; }

  /** qpos address of object i's free joint (position xyz, then quaternion wxyz). */
  public int objectQpos(int i) { return objectQpos[i]; }

  public int basketBody() { return basketBody; }

  /** qpos address of the basket's free joint. */
  public int basketQpos() { return basketQpos; }

  /** Whether geom g belongs to the target object. */
  public boolean isTargetGeom(int g) { return g >= 0 && targetGeom[g]; }

  /** Whether geom g belongs to the basket. */
  public boolean isBasketGeom(int g) { return g >= 0 && basketGeom[g]; }

  @Override
  public void close() {
    model.close();
  }
}
