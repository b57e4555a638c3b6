#!/usr/bin/env python3
"""Check the Panda in panda_table.xml against an independent DH forward kinematics.

The reference chain is the modified (Craig) Denavit-Hartenberg table of the Franka Control
Interface documentation (shared/REFERENCE.md section 9): for joint i,
T_i = RotX(alpha_{i-1}) TransX(a_{i-1}) TransZ(d_i) RotZ(q_i), then the flange TransZ(0.107).

For seeded random joint configurations inside the joint limits, the flange pose relative to
robot0_base computed here with numpy is compared with MuJoCo's robot0_hand body frame (the hand
is mounted rotated -pi/4 about the flange z; that rotation is undone before comparing). Both
should agree to round-off, and the grip site must sit 0.1034 m along the flange z.
"""

import argparse
import os
import sys

import mujoco
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_XML = os.path.normpath(
    os.path.join(HERE, "..", "..", "src", "main", "resources", "org", "vla4j", "sim", "panda_table.xml"))

# (a_{i-1}, d_i, alpha_{i-1}) per joint, metres / radians.
DH = [
    (0.0, 0.333, 0.0),
    (0.0, 0.0, -np.pi / 2),
    (0.0, 0.316, np.pi / 2),
    (0.0825, 0.0, np.pi / 2),
    (-0.0825, 0.384, -np.pi / 2),
    (0.0, 0.0, np.pi / 2),
    (0.088, 0.0, np.pi / 2),
]
FLANGE_D = 0.107
GRIP_OFFSET = 0.1034
LIMITS = np.array([
    [-2.8973, 2.8973],
    [-1.7628, 1.7628],
    [-2.8973, 2.8973],
    [-3.0718, -0.0698],
    [-2.8973, 2.8973],
    [-0.0175, 3.7525],
    [-2.8973, 2.8973],
])


def rot_x(a):
    c, s = np.cos(a), np.sin(a)
    t = np.eye(4)
    t[1, 1], t[1, 2], t[2, 1], t[2, 2] = c, -s, s, c
    return t


def rot_z(a):
    c, s = np.cos(a), np.sin(a)
    t = np.eye(4)
    t[0, 0], t[0, 1], t[1, 0], t[1, 1] = c, -s, s, c
    return t


def trans(x, y, z):
    t = np.eye(4)
    t[:3, 3] = (x, y, z)
    return t


def dh_flange(q):
    """Flange pose in the base frame, 4x4."""
    t = np.eye(4)
    for (a, d, alpha), qi in zip(DH, q):
        t = t @ rot_x(alpha) @ trans(a, 0.0, 0.0) @ trans(0.0, 0.0, d) @ rot_z(qi)
    return t @ trans(0.0, 0.0, FLANGE_D)


def rotation_angle(r):
    """Angle of a rotation matrix, robust near zero."""
    c = np.clip((np.trace(r) - 1.0) / 2.0, -1.0, 1.0)
    s = 0.5 * np.linalg.norm([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]])
    return float(np.arctan2(s, c))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xml", default=DEFAULT_XML)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    m = mujoco.MjModel.from_xml_path(args.xml)
    d = mujoco.MjData(m)
    base = m.body("robot0_base").id
    hand = m.body("robot0_hand").id
    site = m.site("robot0_grip_site").id
    qadr = [m.jnt_qposadr[m.joint(f"robot0_joint{i}").id] for i in range(1, 8)]

    # The model's limits must be the published ones.
    for i in range(7):
        rng = m.jnt_range[m.joint(f"robot0_joint{i + 1}").id]
        assert np.allclose(rng, LIMITS[i]), (i + 1, rng, LIMITS[i])

    undo_hand = rot_z(np.pi / 4)[:3, :3]  # hand = flange * RotZ(-pi/4)
    rng = np.random.default_rng(args.seed)
    max_p = max_r = max_site = 0.0
    for _ in range(args.n):
        q = rng.uniform(LIMITS[:, 0], LIMITS[:, 1])
        d.qpos[:] = m.qpos0
        d.qpos[qadr] = q
        mujoco.mj_kinematics(m, d)

        rb = d.xmat[base].reshape(3, 3)
        pb = d.xpos[base]
        p_mj = rb.T @ (d.xpos[hand] - pb)
        r_mj = rb.T @ d.xmat[hand].reshape(3, 3) @ undo_hand

        t = dh_flange(q)
        max_p = max(max_p, float(np.linalg.norm(p_mj - t[:3, 3])))
        max_r = max(max_r, rotation_angle(t[:3, :3].T @ r_mj))

        p_site = rb.T @ (d.site_xpos[site] - pb)
        p_site_dh = (t @ np.array([0.0, 0.0, GRIP_OFFSET, 1.0]))[:3]
        max_site = max(max_site, float(np.linalg.norm(p_site - p_site_dh)))

    print(f"mujoco {mujoco.__version__}, {args.n} random configurations (seed {args.seed})")
    print(f"max flange position error  {max_p:.3e} m")
    print(f"max flange rotation error  {max_r:.3e} rad")
    print(f"max grip-site position err {max_site:.3e} m")
    ok = max_p < 1e-9 and max_r < 1e-9 and max_site < 1e-9
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
