#!/usr/bin/env python3
"""Python peer of vla4j's LiberoStepBench: robosuite 1.4.1's env step on LIBERO's libero_object task 0,
written with MuJoCo's own Python bindings and numpy, timed the way LiberoStepBench times vla4j.

Why a peer and not LIBERO itself: the machine has neither robosuite's nor LIBERO's Python sources (the
shared LIBERO folder holds their assets, BDDL and init files only) and the package index serves neither.
So this script runs, on the exact MJCF robosuite compiled for the task (reference/libero_object/scenes/
task_0.xml) and its official init state 0, the work one robosuite env step does, in robosuite's order and
with robosuite's numpy calls:

  for each of the 25 substeps (robosuite environments/base.py step, robots/single_arm.py control):
    sim.forward()
    controller update (controllers/base_controller.py update): sim.forward() again, the grip site's
      pose, get_site_jacp/jacr (one mj_jacSite each, twice more for the velocities), mj_fullM, the
      arm's qpos/qvel, sliced with numpy fancy indexing
    OSC_POSE run_controller (controllers/osc.py, utils/control_utils.py): goal on the first substep,
      np.linalg.inv of the mass matrix, np.linalg.pinv of the three task-space inverses, the null-space
      posture torques, the torque clip, ctrl writes; the gripper ramp (grippers/panda_gripper.py)
    mj_step
    observable timers (utils/observables.py): every observable's update; the sample on substep 24 reads
      the robot's proprioception, every object's pos/quat and its pose relative to the eef (LIBERO's
      object observables), and, with cameras, renders agentview and robot0_eye_in_hand
  then _check_success (LIBERO's In(obj, contain_region)) and the observation dict with the two
  concatenated modality arrays.

It leaves out robosuite's object overhead (the Observable objects' corrupter/filter/delayer callables,
the binding layer's name-to-id wrappers, the recent_* buffers, the controller interpolator hooks), so it
is a lower bound on robosuite's cost: the real LIBERO loop, timed on this machine type, took 12.4-13.8 ms
per step without cameras (reference/libero_object/timing.json). The physics matches the reference run:
the script checks its eef trajectory against reference/libero_object/traj/task0_init0.jsonl.

Cameras render as robosuite's MjRenderContextOffscreen does: mjv_updateScene with MuJoCo's default
scene flags, the model's offsamples (multisampling), geom group 0 (collision) hidden, the robot's and
gripper's sites hidden, then mjr_render and mjr_readPixels of the RGB frame (mujoco.Renderer does the
same calls). MUJOCO_GL=egl (Mesa llvmpipe here).

Run: /work/venv-libero/bin/python bench/python/libero_step.py [--reference DIR] [--reps 5] [--episodes 10]
     [--modes none,raw,replay,cams128,cams256,frames]
Prints one JSON line per figure, in LiberoStepBench's layout.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

os.environ.setdefault("MUJOCO_GL", "egl")

import mujoco
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REFERENCE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "libero", "reference", "libero_object"))

INIT_QPOS = np.array([0, -0.161037389, 0.00, -2.44459747, 0.00, 2.22675220, math.pi / 4])
GRIPPER_INIT_QPOS = [0.020833, -0.020833]
SUBSTEPS = 25
KP = 150.0
KD = 2 * math.sqrt(KP)
OBJECTS = ["alphabet_soup_1", "basket_1", "salad_dressing_1", "cream_cheese_1", "milk_1", "tomato_sauce_1", "butter_1"]


def reference_actions():
    a = [[0, 0, 0, 0, 0, 0, -1] for _ in range(10)]
    for t in range(40):
        a.append([0.3 * math.sin(t / 5), 0.3 * math.cos(t / 7), -0.2, 0, 0, 0.1 * math.sin(t / 3), -1 if t < 25 else 1])
    return [np.array(x, dtype=np.float64) for x in a]


def mat2quat_xyzw(m):
    """robosuite transform_utils.mat2quat (returns xyzw)."""
    m = np.asarray(m, dtype=np.float32)[:3, :3]
    m00, m01, m02 = m[0, 0], m[0, 1], m[0, 2]
    m10, m11, m12 = m[1, 0], m[1, 1], m[1, 2]
    m20, m21, m22 = m[2, 0], m[2, 1], m[2, 2]
    k = np.array([
        [m00 - m11 - m22, np.float32(0.0), np.float32(0.0), np.float32(0.0)],
        [m01 + m10, m11 - m00 - m22, np.float32(0.0), np.float32(0.0)],
        [m02 + m20, m12 + m21, m22 - m00 - m11, np.float32(0.0)],
        [m21 - m12, m02 - m20, m10 - m01, m00 + m11 + m22]])
    k /= 3.0
    w, v = np.linalg.eigh(k)
    inds = np.array([3, 0, 1, 2])
    q1 = v[inds, np.argmax(w)]
    if q1[0] < 0.0:
        np.negative(q1, q1)
    inds = np.array([1, 2, 3, 0])
    return q1[inds]


def axisangle2mat(vec):
    angle = np.linalg.norm(vec)
    if math.isclose(angle, 0.0):
        return np.eye(3)
    axis = vec / angle
    q = np.zeros(4)
    q[3] = np.cos(angle / 2.0)
    q[:3] = axis * np.sin(angle / 2.0)
    q = np.asarray(q, dtype=np.float32)[[3, 0, 1, 2]]
    n = np.dot(q, q)
    q *= math.sqrt(2.0 / n)
    q2 = np.outer(q, q)
    return np.array([
        [1.0 - q2[2, 2] - q2[3, 3], q2[1, 2] - q2[3, 0], q2[1, 3] + q2[2, 0]],
        [q2[1, 2] + q2[3, 0], 1.0 - q2[1, 1] - q2[3, 3], q2[2, 3] - q2[1, 0]],
        [q2[1, 3] - q2[2, 0], q2[2, 3] + q2[1, 0], 1.0 - q2[1, 1] - q2[2, 2]]])


def orientation_error(desired, current):
    rc1, rc2, rc3 = current[0:3, 0], current[0:3, 1], current[0:3, 2]
    rd1, rd2, rd3 = desired[0:3, 0], desired[0:3, 1], desired[0:3, 2]
    return 0.5 * (np.cross(rc1, rd1) + np.cross(rc2, rd2) + np.cross(rc3, rd3))


class Env:
    """The work of robosuite 1.4.1 + LIBERO's OffScreenRenderEnv on one compiled scene (see the module doc)."""

    def __init__(self, m, size=None):
        self.m = m
        self.d = mujoco.MjData(m)
        self.size = size
        name = lambda t, n: mujoco.mj_name2id(m, t, n)
        self.site = name(mujoco.mjtObj.mjOBJ_SITE, "gripper0_grip_site")
        self.hand = name(mujoco.mjtObj.mjOBJ_BODY, "robot0_right_hand")
        joints = [name(mujoco.mjtObj.mjOBJ_JOINT, f"robot0_joint{i + 1}") for i in range(7)]
        self.qpos_index = [m.jnt_qposadr[j] for j in joints]
        self.qvel_index = [m.jnt_dofadr[j] for j in joints]
        self.arm_act = [name(mujoco.mjtObj.mjOBJ_ACTUATOR, f"robot0_torq_j{i + 1}") for i in range(7)]
        self.finger_act = [name(mujoco.mjtObj.mjOBJ_ACTUATOR, f"gripper0_gripper_finger_joint{i}") for i in (1, 2)]
        fj = [name(mujoco.mjtObj.mjOBJ_JOINT, f"gripper0_finger_joint{i}") for i in (1, 2)]
        self.finger_qpos = [m.jnt_qposadr[j] for j in fj]
        self.finger_dof = [m.jnt_dofadr[j] for j in fj]
        self.torque_lo = m.actuator_ctrlrange[self.arm_act, 0].copy()
        self.torque_hi = m.actuator_ctrlrange[self.arm_act, 1].copy()
        self.objects = {o: name(mujoco.mjtObj.mjOBJ_BODY, o + "_main") for o in OBJECTS}
        self.region = name(mujoco.mjtObj.mjOBJ_SITE, "basket_1_contain_region")
        self.n_observables = 8 + 4 * len(OBJECTS) + (2 if size else 0)
        self.renderer = None
        if size:
            for s in range(m.nsite):  # MujocoModel.set_sites_visibility(sim, False) for robot and gripper
                n = mujoco.mj_id2name(m, mujoco.mjtObj.mjOBJ_SITE, s) or ""
                if (n.startswith("robot0_") or n.startswith("gripper0_")) and m.site_rgba[s, 3] > 0:
                    m.site_rgba[s, 3] = -m.site_rgba[s, 3]
            self.renderer = mujoco.Renderer(m, size, size)
            self.vopt = mujoco.MjvOption()
            self.vopt.geomgroup[0] = 0  # render_collision_mesh=False
            self.vopt.geomgroup[1] = 1  # render_visual_mesh=True
        self.reset()

    # ---- robosuite Controller.update and OSC ----
    def update(self, force=False):
        if not self.new_update and not force:
            return
        m, d = self.m, self.d
        mujoco.mj_forward(m, d)
        self.ee_pos = np.array(d.site_xpos[self.site])
        self.ee_ori_mat = np.array(d.site_xmat[self.site].reshape([3, 3]))
        jacp = np.zeros((3, m.nv))
        jacr = np.zeros((3, m.nv))
        mujoco.mj_jacSite(m, d, jacp, None, self.site)
        self.ee_pos_vel = jacp @ d.qvel
        mujoco.mj_jacSite(m, d, None, jacr, self.site)
        self.ee_ori_vel = jacr @ d.qvel
        self.joint_pos = np.array(d.qpos[self.qpos_index])
        self.joint_vel = np.array(d.qvel[self.qvel_index])
        jp = np.zeros((3, m.nv))
        jr = np.zeros((3, m.nv))
        mujoco.mj_jacSite(m, d, jp, None, self.site)
        mujoco.mj_jacSite(m, d, None, jr, self.site)
        self.J_pos = np.array(jp.reshape((3, -1))[:, self.qvel_index])
        self.J_ori = np.array(jr.reshape((3, -1))[:, self.qvel_index])
        self.J_full = np.array(np.vstack([self.J_pos, self.J_ori]))
        mass = np.ndarray(shape=(m.nv, m.nv), dtype=np.float64, order="C")
        mujoco.mj_fullM(m, d, mass)
        self.mass_matrix = mass[self.qvel_index, :][:, self.qvel_index]
        self.new_update = False

    def set_goal(self, action):
        self.update()
        delta = np.clip(action[:6], -1, 1) * np.array([0.05, 0.05, 0.05, 0.5, 0.5, 0.5])
        if not all(math.isclose(x, 0.0) for x in delta[3:]):
            self.goal_ori = axisangle2mat(delta[3:]) @ self.ee_ori_mat
        self.goal_pos = self.ee_pos + delta[:3]

    def run_controller(self):
        self.update()
        position_error = self.goal_pos - self.ee_pos
        desired_force = np.multiply(position_error, KP) + np.multiply(-self.ee_pos_vel, KD)
        ori_error = orientation_error(self.goal_ori, self.ee_ori_mat)
        desired_torque = np.multiply(ori_error, KP) + np.multiply(-self.ee_ori_vel, KD)
        m_inv = np.linalg.inv(self.mass_matrix)
        lambda_full = np.linalg.pinv(self.J_full @ m_inv @ self.J_full.T)
        lambda_pos = np.linalg.pinv(self.J_pos @ m_inv @ self.J_pos.T)
        lambda_ori = np.linalg.pinv(self.J_ori @ m_inv @ self.J_ori.T)
        jbar = m_inv @ self.J_full.T @ lambda_full
        nullspace = np.eye(7, 7) - jbar @ self.J_full
        wrench = np.concatenate([lambda_pos @ desired_force, lambda_ori @ desired_torque])
        torques = self.J_full.T @ wrench + self.d.qfrc_bias[self.qvel_index]
        kv = math.sqrt(10) * 2
        pose = self.mass_matrix @ (10 * (INIT_QPOS - self.joint_pos) - kv * self.joint_vel)
        torques = torques + nullspace.T @ pose
        self.new_update = True
        return torques

    # ---- env ----
    def reset(self):
        m, d = self.m, self.d
        mujoco.mj_resetData(m, d)
        d.qpos[self.qpos_index] = INIT_QPOS
        d.qpos[self.finger_qpos] = GRIPPER_INIT_QPOS
        mujoco.mj_forward(m, d)
        self.new_update = True
        self.update(force=True)
        self.goal_pos = self.ee_pos.copy()
        self.goal_ori = self.ee_ori_mat.copy()
        self.gripper = np.zeros(2)
        self.timers = [0.0] * self.n_observables
        self.sampled = [False] * self.n_observables
        self.obs = None
        self.update_observables(force=True)

    def set_init_state(self, state):
        mujoco.mj_setState(self.m, self.d, state, mujoco.mjtState.mjSTATE_FULLPHYSICS)
        mujoco.mj_forward(self.m, self.d)
        self.update_observables(force=True)
        return self.get_observations()

    def update_observables(self, force=False):
        sample = False
        for i in range(self.n_observables):  # every Observable.update(timestep, obs_cache, force)
            self.timers[i] += 0.002
            if (not self.sampled[i] and 0.05 >= self.timers[i]) or force:
                sample = True
                self.sampled[i] = True
            if self.timers[i] >= 0.05:
                self.timers[i] %= 0.05
                self.sampled[i] = False
        if sample:
            self.obs = self.sample()

    def sample(self):
        m, d = self.m, self.d
        o = {}
        q = np.array(d.qpos[self.qpos_index])
        o["robot0_joint_pos"] = q
        o["robot0_joint_pos_cos"] = np.cos(q)
        o["robot0_joint_pos_sin"] = np.sin(q)
        o["robot0_joint_vel"] = np.array(d.qvel[self.qvel_index])
        eef_pos = np.array(d.site_xpos[self.site])
        eef_quat = mat2quat_xyzw(np.array(d.xmat[self.hand]).reshape(3, 3))
        o["robot0_eef_pos"] = eef_pos
        o["robot0_eef_quat"] = eef_quat
        o["robot0_gripper_qpos"] = np.array(d.qpos[self.finger_qpos])
        o["robot0_gripper_qvel"] = np.array(d.qvel[self.finger_dof])
        eef_rot = np.array(d.xmat[self.hand]).reshape(3, 3)
        for name, b in self.objects.items():
            p = np.array(d.xpos[b])
            quat = np.array(d.xquat[b])[[1, 2, 3, 0]]
            o[name + "_pos"] = p
            o[name + "_quat"] = quat
            o[name + "_to_robot0_eef_pos"] = eef_rot.T @ (p - eef_pos)
            o[name + "_to_robot0_eef_quat"] = mat2quat_xyzw(eef_rot.T @ np.array(d.xmat[b]).reshape(3, 3))
        if self.renderer is not None:
            for cam in ("agentview", "robot0_eye_in_hand"):
                self.renderer.update_scene(d, camera=cam, scene_option=self.vopt)
                o[cam + "_image"] = self.renderer.render()
        return o

    def get_observations(self):
        o = dict(self.obs)
        o["robot0_proprio-state"] = np.concatenate([o[k] for k in (
            "robot0_joint_pos", "robot0_joint_pos_cos", "robot0_joint_pos_sin", "robot0_joint_vel",
            "robot0_eef_pos", "robot0_eef_quat", "robot0_gripper_qpos", "robot0_gripper_qvel")])
        o["object-state"] = np.concatenate([o[n + s] for n in OBJECTS for s in ("_pos", "_quat", "_to_robot0_eef_pos", "_to_robot0_eef_quat")])
        return o

    def success(self):
        d = self.d
        p = d.site_xpos[self.region]
        r = d.site_xmat[self.region].reshape(3, 3)
        half = self.m.site_size[self.region]
        e = np.abs(r @ half)
        lo = p - e
        lo[2] -= 0.01
        hi = p + e
        o = d.xpos[self.objects["alphabet_soup_1"]]
        return bool(np.all(o > lo) and np.all(o < hi))

    def step(self, action):
        m, d = self.m, self.d
        policy_step = True
        for _ in range(SUBSTEPS):
            mujoco.mj_forward(m, d)
            if policy_step:
                self.set_goal(action)
            torques = np.clip(self.run_controller(), self.torque_lo, self.torque_hi)
            d.ctrl[self.arm_act] = torques
            self.gripper = np.clip(self.gripper + np.array([-1.0, 1.0]) * 0.01 * np.sign(action[6]), -1.0, 1.0)
            lo = m.actuator_ctrlrange[self.finger_act, 0]
            hi = m.actuator_ctrlrange[self.finger_act, 1]
            d.ctrl[self.finger_act] = 0.5 * (hi + lo) + 0.5 * (hi - lo) * self.gripper
            mujoco.mj_step(m, d)
            self.update_observables()
            policy_step = False
        ok = self.success()
        return self.get_observations(), 1.0 if ok else 0.0, ok, {}


def load(reference):
    m = mujoco.MjModel.from_xml_path(os.path.join(reference, "scenes", "task_0.xml"))
    init = np.array(json.load(open(os.path.join(reference, "init_states", "task_0.json")))["all"][0], dtype=np.float64)
    return m, init


def check_trajectory(env, init, actions, reference):
    """Max |eef_pos - reference| over the 50 steps (m): the peer must do the reference's physics."""
    rows = [json.loads(l) for l in open(os.path.join(reference, "traj", "task0_init0.jsonl"))]
    env.set_init_state(init)
    err = 0.0
    for t, a in enumerate(actions):
        obs, _, _, _ = env.step(a)
        err = max(err, float(np.max(np.abs(obs["robot0_eef_pos"] - np.array(rows[t + 1]["robot0_eef_pos"])))))
    return err


def fmt(v):
    return "[" + ",".join(f"{x:.3f}" for x in v) + "]"


def step_bench(mode, m, init, actions, reps, episodes, size, reference):
    env = Env(m, size)
    err = check_trajectory(env, init, actions, reference)  # also the warm-up
    ms, cpu, set_init = [], [], []
    for _ in range(reps):
        total = 0.0
        total_cpu = 0.0
        for _ in range(episodes):
            t0 = time.perf_counter()
            env.set_init_state(init)
            t1 = time.perf_counter()
            c1 = time.thread_time()
            for a in actions:
                env.step(a)
            total_cpu += time.thread_time() - c1
            total += time.perf_counter() - t1
            set_init.append((t1 - t0) * 1000)
        ms.append(total * 1000 / (episodes * len(actions)))
        cpu.append(total_cpu * 1000 / (episodes * len(actions)))
    med = statistics.median(ms)
    print(json.dumps({"figure": "env_step", "impl": "python", "mode": mode, "ms_per_step": round(med, 3),
                      "cpu_ms_per_step": round(statistics.median(cpu), 3), "steps_per_s": round(1000 / med, 1),
                      "reps": json.loads(fmt(ms)), "set_init_state_ms": round(statistics.median(set_init), 2),
                      "steps_per_rep": episodes * len(actions), "max_eef_err_vs_reference_m": err}), flush=True)
    if env.renderer is not None:
        env.renderer.close()


def bare_bench(figure, m, init, actions, reps, episodes):
    """25 bare mj_step per env step (LiberoStepBench's raw and replay): raw_mj_step_x25 with zero controls (the
    arm sags), replay_mj_step_x25 with the controls each env step of an episode left held for its substeps."""
    env = Env(m, None)
    env.set_init_state(init)
    ctrl = []
    for a in actions:
        if figure == "replay_mj_step_x25":
            env.step(a)
        ctrl.append(np.array(env.d.ctrl) if figure == "replay_mj_step_x25" else np.zeros(m.nu))
    d = env.d
    ms, cpu = [], []
    for rep in range(-1, reps):
        total = 0.0
        total_cpu = 0.0
        for _ in range(episodes):
            mujoco.mj_setState(m, d, init, mujoco.mjtState.mjSTATE_FULLPHYSICS)
            mujoco.mj_forward(m, d)
            t0 = time.perf_counter()
            c0 = time.thread_time()
            for c in ctrl:
                d.ctrl[:] = c
                for _ in range(SUBSTEPS):
                    mujoco.mj_step(m, d)
            total_cpu += time.thread_time() - c0
            total += time.perf_counter() - t0
        if rep >= 0:
            ms.append(total * 1000 / (episodes * len(actions)))
            cpu.append(total_cpu * 1000 / (episodes * len(actions)))
    print(json.dumps({"figure": figure, "impl": "python", "ms_per_step": round(statistics.median(ms), 3),
                      "cpu_ms_per_step": round(statistics.median(cpu), 3), "reps": json.loads(fmt(ms))}), flush=True)


def frame_bench(m, init, actions, reps, reference):
    """One 128x128 frame of each camera under other render settings, on the state after the 50 steps."""
    env = Env(m, 128)  # hides the robot's sites, as robosuite does
    env.set_init_state(init)
    for a in actions:
        env.step(a)
    env.renderer.close()
    d = env.d
    samples = m.vis.quality.offsamples
    variants = [
        ("robosuite (shadows, reflections, skybox, 4x MSAA, visual meshes)", (1, 1, 1), True, True),
        ("no shadows", (0, 1, 1), True, True),
        ("no reflections", (1, 0, 1), True, True),
        ("no skybox", (1, 1, 0), True, True),
        ("no MSAA", (1, 1, 1), False, True),
        ("all off (vla4j FAST, no MSAA)", (0, 0, 0), False, True),
        ("collision meshes instead of visual (render_collision_mesh)", (1, 1, 1), True, False),
    ]
    for name, (shadow, refl, sky), msaa, visual in variants:
        m.vis.quality.offsamples = samples if msaa else 0
        r = mujoco.Renderer(m, 128, 128)  # the GL context reads offsamples when it is made
        m.vis.quality.offsamples = samples
        opt = mujoco.MjvOption()
        opt.geomgroup[0] = 0 if visual else 1
        opt.geomgroup[1] = 1 if visual else 0
        for cam in ("agentview", "robot0_eye_in_hand"):
            def frame():
                r.update_scene(d, camera=cam, scene_option=opt)
                r.scene.flags[mujoco.mjtRndFlag.mjRND_SHADOW] = shadow
                r.scene.flags[mujoco.mjtRndFlag.mjRND_REFLECTION] = refl
                r.scene.flags[mujoco.mjtRndFlag.mjRND_SKYBOX] = sky
                r.render()
            for _ in range(3):
                frame()
            ms = []
            for _ in range(reps):
                t0 = time.perf_counter()
                for _ in range(10):
                    frame()
                ms.append((time.perf_counter() - t0) * 100)
            print(json.dumps({"figure": "render_frame_128", "impl": "python", "camera": cam, "settings": name,
                              "ms_per_frame": round(statistics.median(ms), 2), "reps": json.loads(fmt(ms))}), flush=True)
        r.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", default=DEFAULT_REFERENCE, help="reference/libero_object folder (scenes/, init_states/, traj/)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--episodes", type=int, default=10)
    ap.add_argument("--modes", default="none,raw,replay,cams128,cams256,frames")
    args = ap.parse_args()
    if not os.path.isdir(args.reference):
        sys.exit(f"--reference {args.reference}: no such folder (want shared/libero/reference/libero_object)")
    actions = reference_actions()
    modes = args.modes.split(",")
    for mode in modes:
        m, init = load(args.reference)
        if mode == "none":
            step_bench("none", m, init, actions, args.reps, args.episodes, None, args.reference)
        elif mode == "raw":
            bare_bench("raw_mj_step_x25", m, init, actions, args.reps, args.episodes)
        elif mode == "replay":
            bare_bench("replay_mj_step_x25", m, init, actions, args.reps, args.episodes)
        elif mode in ("cams128", "cams256"):
            step_bench(mode, m, init, actions, args.reps, 1, int(mode[4:]), args.reference)
        elif mode == "frames":
            frame_bench(m, init, actions, args.reps, args.reference)
        else:
            sys.exit(f"--modes: unknown mode '{mode}'; valid: none, raw, replay, cams128, cams256, frames")


if __name__ == "__main__":
    main()
