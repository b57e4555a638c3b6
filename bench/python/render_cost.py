#!/usr/bin/env python3
"""Per-frame cost of rendering panda_table.xml offscreen (mujoco.Renderer, MUJOCO_GL=egl).

Variants: the scene as shipped (key light castshadow off), the key light casting shadows
(shadowsize 512 from the model), and each of those without the skybox. The arm is at home; a
frame is update_scene + render (readback included), median over --frames after a warm-up.
"""

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("MUJOCO_GL", "egl")

import mujoco

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_XML = os.path.normpath(
    os.path.join(HERE, "..", "..", "src", "main", "resources", "org", "vla4j", "sim", "panda_table.xml"))


def frame_ms(m, d, camera, size, frames, skybox):
    r = mujoco.Renderer(m, size, size)
    opt = mujoco.MjvOption()
    try:
        r.update_scene(d, camera=camera, scene_option=opt)
        r.scene.flags[mujoco.mjtRndFlag.mjRND_SKYBOX] = skybox
        for _ in range(10):
            r.render()
        ts = []
        for _ in range(frames):
            t0 = time.perf_counter()
            r.update_scene(d, camera=camera, scene_option=opt)
            r.scene.flags[mujoco.mjtRndFlag.mjRND_SKYBOX] = skybox
            r.render()
            ts.append(time.perf_counter() - t0)
    finally:
        r.close()
    return 1000.0 * statistics.median(ts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xml", default=DEFAULT_XML)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--camera", default="agentview")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    m = mujoco.MjModel.from_xml_path(args.xml)
    d = mujoco.MjData(m)
    mujoco.mj_resetDataKeyframe(m, d, m.key("home").id)
    mujoco.mj_forward(m, d)
    key = m.light("key").id
    shipped = int(m.light_castshadow[key])

    out = {"bench": "render_cost", "mujoco": mujoco.__version__, "size": args.size,
           "camera": args.camera, "shadowsize": int(m.vis.quality.shadowsize),
           "offsamples": int(m.vis.quality.offsamples), "shipped_castshadow": bool(shipped)}
    for shadow in (0, 1):
        m.light_castshadow[key] = shadow
        for sky in (1, 0):
            name = f"{'shadows' if shadow else 'noshadows'}_{'sky' if sky else 'nosky'}_ms"
            out[name] = round(frame_ms(m, d, args.camera, args.size, args.frames, sky), 3)
    m.light_castshadow[key] = shipped

    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:24s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
