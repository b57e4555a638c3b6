#!/usr/bin/env python3
"""Benchmark peer for the vla4j Java control loop: OSC_POSE on panda_table.xml in MuJoCo's
own Python bindings.

What one control step does (robosuite OSC_POSE semantics, shared/REFERENCE.md section 4):

  * action a in [-1, 1]^7, clipped; 20 Hz control = 25 substeps of 0.002 s.
  * goal, set once per control step from the measured grip-site pose:
      p_goal = p_now + 0.05 * a[0:3]
      R_goal = R(0.5 * a[3:6] as a world-frame axis-angle) @ R_now
  * every substep, with kinematics, qM and qfrc_bias of the current state:
      J (6x7, robot0_grip_site, arm dofs), M_arm = arm block of the dense mass matrix,
      Lambda = pinv(J M_arm^-1 J^T)                       (robosuite uses np.linalg.pinv)
      --lam split (default, robosuite's uncouple_pos_ori=True, what the Java loop does):
        Lambda_pos = pinv(J_p M^-1 J_p^T), Lambda_ori = pinv(J_r M^-1 J_r^T) and the task
        torque is J_p^T Lambda_pos F + J_r^T Lambda_ori T; --lam full uses J^T Lambda [F; T].
      e_p = p_goal - p,  e_r = 0.5 * sum_i r_i x r_i^goal  (columns; robosuite orientation_error)
      [v; w] = J qdot,  F = kp e_p - kd v,  T = kp e_r - kd w,  kp = 150, kd = 2 sqrt(150)
      tau = J^T Lambda [F; T]
          + N (M_arm (10 (q0 - q) - 2 sqrt(10) qdot)),  N = I - J^T Jbar^T,  Jbar = M^-1 J^T Lambda
          + qfrc_bias[arm]
      ctrl[arm] = clip(tau, ctrlrange); one MuJoCo step.
  * gripper: state g (starts at -1 = open, matching the home keyframe's open fingers),
    g = clip(g + 0.01 sign(a[6]), -1, 1) every substep, finger targets 0.04 (1 - g) / 2.

"Current state" needs care: after mj_step, d.xpos/qM/qfrc_bias still describe the state the
step started from (MuJoCo runs forward, then integrates). robosuite calls sim.forward() before
every controller update. --sync picks how the peer gets current quantities:
  split   (default) mj_step1 -> controller -> mj_step2. Same numbers as robosuite's
          forward-then-step, at the cost of one mj_step.
  forward mj_forward -> controller -> mj_step (robosuite's literal order, ~2x physics cost).
  stale   controller on whatever mj_step left -> mj_step (kinematics one substep old).

The observation of control step k (the 128x128 agentview frame with --render agentview) is
taken at the start of step k, after the first substep's sync, i.e. of the state the policy
would act on.

Actions come from a scripted "policy" a Java port can reproduce without numpy's RNG:
SplitMix64(seed) draws per dimension a frequency f_j = 0.15 + 0.35 u (gripper: fixed 0.1 Hz, no draw) and a
phase phi_j = 2 pi u (u uniform in [0, 1), drawn f then phi, dimension by dimension); the excitation is
s_j(k) = A_j sin(2 pi f_j k / 20 + phi_j) (A = 0.5 for translation, 0.1 for rotation, 1 for the
gripper), and a weak pull back to the home pose keeps the arm in the workspace (pure open-loop
velocity commands random-walk into the joint limits within a minute):
    a[0:3] = s[0:3] + 0.1 (p_home - p_now) / 0.05
    a[3:6] = s[3:6] + 0.1 log(R_home R_now^T) / 0.5     (world-frame axis-angle)
    a[6]   = s[6]
then clipped to [-1, 1]. --trace-out writes the actions actually applied and the trajectory (CSV);
the Java loop can replay the actions open-loop (--replay does the same here) and compare.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

if "--render" in sys.argv and "none" not in sys.argv:
    os.environ.setdefault("MUJOCO_GL", "egl")

import mujoco
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_XML = os.path.normpath(
    os.path.join(HERE, "..", "..", "src", "main", "resources", "org", "vla4j", "sim", "panda_table.xml"))

CONTROL_HZ = 20
POS_SCALE = 0.05        # m per unit action (robosuite output_max)
ROT_SCALE = 0.5         # rad per unit action
KP = 150.0
KD = 2.0 * math.sqrt(KP)
NULL_KP = 10.0
NULL_KD = 2.0 * math.sqrt(NULL_KP)
GRIP_SPEED = 0.01       # gripper state change per substep
FINGER_OPEN = 0.04

ARM_JOINTS = [f"robot0_joint{i}" for i in range(1, 8)]
ARM_ACTS = [f"robot0_torq_j{i}" for i in range(1, 8)]
FINGER_ACTS = ["robot0_gripper_finger_left", "robot0_gripper_finger_right"]

MASK64 = (1 << 64) - 1


class SplitMix64:
    """Steele, Lea, Flood 2014 SplitMix64; trivially portable to Java longs."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform(self):
        """Double in [0, 1) from the top 53 bits."""
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))


CENTERING = 0.1


def make_excitation(n, seed):
    """n x 7 open-loop excitation s_j(k); see the module docstring."""
    rng = SplitMix64(seed)
    amp = [0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 1.0]
    freq, phase = [], []
    for j in range(7):
        f = 0.1 if j == 6 else 0.15 + 0.35 * rng.uniform()
        freq.append(f)
        phase.append(2.0 * math.pi * rng.uniform())
    s = np.empty((n, 7))
    for k in range(n):
        t = k / CONTROL_HZ
        for j in range(7):
            s[k, j] = amp[j] * math.sin(2.0 * math.pi * freq[j] * t + phase[j])
    return s


def mat_to_axis_angle(r):
    """Log map of a rotation matrix (angle in [0, pi]); robust near 0, adequate away from pi."""
    c = min(1.0, max(-1.0, (r[0, 0] + r[1, 1] + r[2, 2] - 1.0) / 2.0))
    w = np.array([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]])
    sn = 0.5 * float(np.linalg.norm(w))
    th = math.atan2(sn, c)
    if sn < 1e-12:
        return np.zeros(3)
    return (th / (2.0 * sn)) * w


def scripted_action(s, p_home, r_home, p, r):
    a = s.copy()
    a[:3] += CENTERING * (p_home - p) / POS_SCALE
    a[3:6] += CENTERING * mat_to_axis_angle(r_home @ r.T) / ROT_SCALE
    return np.clip(a, -1.0, 1.0)


def axis_angle_to_mat(v):
    """Rodrigues; identity for |v| ~ 0."""
    th = float(np.linalg.norm(v))
    if th < 1e-12:
        return np.eye(3)
    k = v / th
    kx = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + math.sin(th) * kx + (1.0 - math.cos(th)) * (kx @ kx)


def orientation_error(r_goal, r):
    """robosuite's orientation_error(desired, current): 0.5 * sum_i current_i x desired_i."""
    return 0.5 * (np.cross(r[:, 0], r_goal[:, 0]) + np.cross(r[:, 1], r_goal[:, 1])
                  + np.cross(r[:, 2], r_goal[:, 2]))


class Peer:
    def __init__(self, xml, sync, lam_mode="split"):
        self.lam_mode = lam_mode
        self.m = mujoco.MjModel.from_xml_path(xml)
        self.d = mujoco.MjData(self.m)
        self.sync = sync
        m = self.m
        self.site = m.site("robot0_grip_site").id
        self.key = m.key("home").id
        self.qadr = np.array([m.jnt_qposadr[m.joint(n).id] for n in ARM_JOINTS])
        self.dadr = np.array([m.jnt_dofadr[m.joint(n).id] for n in ARM_JOINTS])
        # The dense-block shortcuts below assume the arm dofs are 0..6, as in this model.
        assert list(self.dadr) == list(range(7)), self.dadr
        self.arm_act = np.array([m.actuator(n).id for n in ARM_ACTS])
        self.finger_act = np.array([m.actuator(n).id for n in FINGER_ACTS])
        self.lo = m.actuator_ctrlrange[self.arm_act, 0].copy()
        self.hi = m.actuator_ctrlrange[self.arm_act, 1].copy()
        self.q0 = m.key_qpos[self.key][self.qadr].copy()
        self.jacp = np.zeros((3, m.nv))
        self.jacr = np.zeros((3, m.nv))
        self.mfull = np.zeros((m.nv, m.nv))
        self.eye7 = np.eye(7)
        self.reset()
        self.p_home = self.d.site_xpos[self.site].copy()
        self.r_home = self.d.site_xmat[self.site].reshape(3, 3).copy()

    def reset(self):
        mujoco.mj_resetDataKeyframe(self.m, self.d, self.key)
        mujoco.mj_forward(self.m, self.d)
        self.g = -1.0

    def _sync(self):
        if self.sync == "split":
            mujoco.mj_step1(self.m, self.d)
        elif self.sync == "forward":
            mujoco.mj_forward(self.m, self.d)

    def _finish(self):
        if self.sync == "split":
            mujoco.mj_step2(self.m, self.d)
        else:
            mujoco.mj_step(self.m, self.d)

    def _torques(self, p_goal, r_goal):
        m, d = self.m, self.d
        mujoco.mj_jacSite(m, d, self.jacp, self.jacr, self.site)
        j = np.vstack((self.jacp[:, :7], self.jacr[:, :7]))
        mujoco.mj_fullM(m, d, self.mfull)       # 3.14 Python signature: (m, d, dst)
        m_arm = self.mfull[:7, :7]
        m_inv = np.linalg.inv(m_arm)
        lam = np.linalg.pinv(j @ m_inv @ j.T)
        q = d.qpos[self.qadr]
        qd = d.qvel[self.dadr]
        p = d.site_xpos[self.site]
        r = d.site_xmat[self.site].reshape(3, 3)
        twist = j @ qd
        f = KP * (p_goal - p) - KD * twist[:3]
        t = KP * orientation_error(r_goal, r) - KD * twist[3:]
        if self.lam_mode == "split":
            jp, jr = j[:3], j[3:]
            lam_p = np.linalg.pinv(jp @ m_inv @ jp.T)
            lam_r = np.linalg.pinv(jr @ m_inv @ jr.T)
            tau = jp.T @ (lam_p @ f) + jr.T @ (lam_r @ t)
        else:
            tau = j.T @ (lam @ np.concatenate((f, t)))
        jbar = m_inv @ j.T @ lam
        null = self.eye7 - j.T @ jbar.T
        tau += null @ (m_arm @ (NULL_KP * (self.q0 - q) - NULL_KD * qd))
        tau += d.qfrc_bias[self.dadr]
        return np.clip(tau, self.lo, self.hi)

    def control_step(self, s, renderer=None, camera=None, action=None):
        """One 20 Hz step driven by excitation row s (or a given action to replay).
        Returns (applied action, frame observed at the start of the step or None)."""
        d = self.d
        frame = None
        for sub in range(25):
            self._sync()
            if sub == 0:
                if renderer is not None:
                    renderer.update_scene(d, camera=camera)
                    frame = renderer.render()
                p_now = d.site_xpos[self.site].copy()
                r_now = d.site_xmat[self.site].reshape(3, 3).copy()
                if action is None:
                    a = scripted_action(s, self.p_home, self.r_home, p_now, r_now)
                else:
                    a = np.clip(np.asarray(action, dtype=float), -1.0, 1.0)
                p_goal = p_now + POS_SCALE * a[:3]
                r_goal = axis_angle_to_mat(ROT_SCALE * a[3:6]) @ r_now
                grip_dir = float(np.sign(a[6]))
            d.ctrl[self.arm_act] = self._torques(p_goal, r_goal)
            self.g = min(1.0, max(-1.0, self.g + GRIP_SPEED * grip_dir))
            d.ctrl[self.finger_act] = FINGER_OPEN * (1.0 - self.g) / 2.0
            self._finish()
        return a, frame


def run_once(peer, excitation, renderer, camera, log=None, replay=None):
    """Reset to home and run len(excitation) control steps; returns wall seconds.
    log, if given, collects rows [step, time, action(7), grip-site pos(3), qpos(9)]."""
    peer.reset()
    t0 = time.perf_counter()
    for k in range(len(excitation)):
        a, _ = peer.control_step(excitation[k], renderer, camera,
                                 None if replay is None else replay[k])
        if log is not None:
            d = peer.d
            log.append(np.concatenate(([k + 1, d.time], a, d.site_xpos[peer.site], d.qpos[:9])))
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description="OSC_POSE control-loop benchmark peer (MuJoCo Python).")
    ap.add_argument("--xml", default=DEFAULT_XML)
    ap.add_argument("--steps", type=int, default=2000, help="control steps per repeat")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--render", choices=["none", "agentview"], default="none")
    ap.add_argument("--size", type=int, default=128, help="frame width = height")
    ap.add_argument("--sync", choices=["split", "forward", "stale"], default="split")
    ap.add_argument("--lam", choices=["split", "full"], default="split",
                    help="task-space inertia: split pos/ori (robosuite default, as the Java loop) or full 6x6")
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--trace-out", help="CSV of the first repeat: step, time, applied action, "
                    "grip-site pos and qpos after each control step")
    ap.add_argument("--replay", help="CSV written by --trace-out: apply its actions open-loop "
                    "instead of the scripted policy")
    args = ap.parse_args()

    peer = Peer(args.xml, args.sync, args.lam)
    excitation = make_excitation(args.steps, args.seed)
    replay = None
    if args.replay:
        replay = np.loadtxt(args.replay, delimiter=",", skiprows=1)[:, 2:9]
        if len(replay) < args.steps:
            sys.exit(f"--replay has {len(replay)} actions, need {args.steps}")

    renderer = None
    if args.render != "none":
        renderer = mujoco.Renderer(peer.m, args.size, args.size)

    times, trace = [], []
    try:
        for rep in range(args.repeats):
            times.append(run_once(peer, excitation, renderer, args.render,
                                  trace if (rep == 0 and args.trace_out) else None, replay))
    finally:
        if renderer is not None:
            renderer.close()

    if args.trace_out:
        cols = ("step,time," + ",".join(f"a{i}" for i in range(7)) + ",px,py,pz,"
                + ",".join(f"q{i}" for i in range(1, 10)))
        np.savetxt(args.trace_out, np.array(trace), delimiter=",", fmt="%.17g", header=cols, comments="")

    med = statistics.median(times)
    d = peer.d
    p_end = d.site_xpos[peer.site].copy()
    result = {
        "bench": "peer_step", "mujoco": mujoco.__version__, "render": args.render,
        "size": args.size if renderer is not None else None, "sync": args.sync,
        "steps": args.steps, "repeats": args.repeats, "seed": args.seed,
        "median_s": round(med, 4), "steps_per_s": round(args.steps / med, 1),
        "ms_per_step": round(1000.0 * med / args.steps, 3),
        "all_s": [round(t, 4) for t in times],
        "final_site_pos": [round(float(x), 6) for x in p_end],
        "final_qpos": [round(float(x), 6) for x in d.qpos[:9]],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"mujoco {result['mujoco']}  render={args.render}  sync={args.sync}  "
              f"{args.steps} control steps x {args.repeats} repeats")
        print(f"median {med:.3f} s  ->  {result['steps_per_s']} control steps/s, "
              f"{result['ms_per_step']} ms/control step  (all: {result['all_s']})")
        print(f"final grip-site pos {result['final_site_pos']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
