"""Talk to `vla4j serve` the way the reference Python clients do (issue 15, docs/REMOTE.md).

Written from the published protocols, not copied from the projects: OpenVLA's REST client
(requests + json_numpy's {"__numpy__", "dtype", "shape"} form, plain and "encoded"), openpi's
websocket client (msgpack with numpy arrays as maps with *bytes* keys, metadata frame first) and
the vla-eval harness (typed msgpack envelope with str keys, hello exchange, seq echo). Each sends
tiny-vla's golden observation upright (img[::-1, ::-1], as the LIBERO clients do) and must get the
action that OpenVLA's detokenize -> unnormalize -> gripper rules give for golden.json's tokens.

Usage (numpy, msgpack, websockets, requests: Debian's python3-numpy python3-msgpack
python3-websockets python3-requests):
    ./vla4j serve --protocol openvla-rest --port 8101 &   python3 remote_reference_clients.py openvla-rest 8101
    ./vla4j serve --protocol openpi-ws    --port 8102 &   python3 remote_reference_clients.py openpi-ws 8102
    ./vla4j serve --protocol vla-eval-ws  --port 8103 &   python3 remote_reference_clients.py vla-eval-ws 8103
"""

import asyncio
import base64
import json
import pathlib
import sys
import time

import msgpack
import numpy as np

MODEL = pathlib.Path(__file__).resolve().parents[2] / "models" / "tiny-vla"


def golden():
    g = json.loads((MODEL / "golden.json").read_text())
    h, w = g["image_height"], g["image_width"]
    agent = np.frombuffer(base64.b64decode(g["agentview_b64"]), np.uint8).reshape(h, w, 3)
    wrist = np.frombuffer(base64.b64decode(g["wrist_b64"]), np.uint8).reshape(h, w, 3)
    stats = json.loads((MODEL / "dataset_statistics.json").read_text())["vla4j_object"]["action"]
    a = np.asarray(g["normalized_actions"], np.float64)
    q01, q99, mask = (np.asarray(stats[k]) for k in ("q01", "q99", "mask"))
    env = np.where(mask, 0.5 * (a + 1) * (q99 - q01) + q01, a)
    env[6] = -np.sign(2 * env[6] - 1)  # LIBERO gripper: 2g - 1, sign, invert
    up = lambda im: np.ascontiguousarray(im[::-1, ::-1])  # noqa: E731  the clients' upright rotation
    return up(agent), up(wrist), g["instruction"], env


def check(name, got, expected):
    got = np.asarray(got, np.float64).reshape(-1)[:7]
    ok = np.allclose(got, expected, rtol=0, atol=1e-9)
    print(f"{name}: {'OK' if ok else 'MISMATCH'} {got.tolist()}")
    return ok


# ---- json_numpy form (OpenVLA REST)
def jn_default(o):
    if isinstance(o, np.ndarray):
        return {"__numpy__": base64.b64encode(o.tobytes()).decode(), "dtype": o.dtype.str, "shape": list(o.shape)}
    raise TypeError(type(o))


def jn_hook(d):
    if "__numpy__" in d:
        arr = np.frombuffer(base64.b64decode(d["__numpy__"]), np.dtype(d["dtype"]))
        return arr.reshape(d["shape"]) if d["shape"] else arr[0]
    return d


def openvla_rest(port, agent, wrist, instruction, expected):
    import requests

    url = f"http://127.0.0.1:{port}/act"
    payload = {"image": agent, "wrist_image": wrist, "instruction": instruction, "unnorm_key": "vla4j_object"}
    r = requests.post(url, data=json.dumps(payload, default=jn_default), headers={"Content-Type": "application/json"})
    ok = check("openvla-rest", json.loads(r.text, object_hook=jn_hook), expected)
    r2 = requests.post(url, json={"encoded": json.dumps(payload, default=jn_default)})
    ok &= check("openvla-rest encoded", json.loads(json.loads(r2.text), object_hook=jn_hook), expected)
    bad = requests.post(url, json={"image": "x", "instruction": "y"})
    print("bad request:", bad.status_code, bad.json())
    return ok and bad.status_code == 400


# ---- openpi msgpack-numpy (bytes keys)
def op_pack(o):
    if isinstance(o, np.ndarray):
        return {b"__ndarray__": True, b"data": o.tobytes(), b"dtype": o.dtype.str, b"shape": o.shape}
    if isinstance(o, np.generic):
        return {b"__npgeneric__": True, b"data": o.item(), b"dtype": o.dtype.str}
    return o


def op_unpack(d):
    if b"__ndarray__" in d:
        return np.ndarray(buffer=d[b"data"], dtype=np.dtype(d[b"dtype"]), shape=d[b"shape"])
    if b"__npgeneric__" in d:
        return np.dtype(d[b"dtype"]).type(d[b"data"])
    return d


async def openpi_ws(port, agent, wrist, instruction, expected):
    import websockets

    async with websockets.connect(f"ws://127.0.0.1:{port}", compression=None, max_size=None) as ws:
        meta = msgpack.unpackb(await ws.recv(), object_hook=op_unpack)
        print("metadata:", meta)
        obs = {"observation/image": agent, "observation/wrist_image": wrist,
               "observation/state": np.zeros(8), "prompt": instruction}
        await ws.send(msgpack.packb(obs, default=op_pack))
        reply = msgpack.unpackb(await ws.recv(), object_hook=op_unpack)
        print("actions shape", reply["actions"].shape, "server_timing", reply["server_timing"])
        ok = check("openpi-ws", reply["actions"][0], expected)
        await ws.send(b"\x84\xc4")  # malformed: openpi answers a text frame, then closes
        err = await ws.recv()
        print("bad request:", type(err).__name__, err)
        return ok and isinstance(err, str)


# ---- vla-eval (str keys, envelope)
def ve_pack(o):
    if isinstance(o, np.ndarray):
        return {"__ndarray__": True, "data": o.tobytes(), "dtype": o.dtype.str, "shape": list(o.shape)}
    return o


def ve_unpack(d):
    if "__ndarray__" in d:
        return np.frombuffer(d["data"], dtype=np.dtype(d["dtype"])).reshape(d["shape"]).copy()
    return d


def msg(type_, payload, seq):
    return msgpack.packb({"type": type_, "payload": payload, "seq": seq, "timestamp": time.time()},
                         default=ve_pack, use_bin_type=True)


async def vla_eval_ws(port, agent, wrist, instruction, expected):
    import websockets

    async with websockets.connect(f"ws://127.0.0.1:{port}", compression=None, max_size=None) as ws:
        await ws.send(msg("hello", {"harness_version": "reference-check"}, 1))
        hello = msgpack.unpackb(await ws.recv(), object_hook=ve_unpack, raw=False)
        print("hello:", hello["type"], hello["seq"], hello["payload"].get("model_server"))
        await ws.send(msg("episode_start", {"task_description": instruction}, 2))
        obs = {"images": {"agentview": agent, "wrist": wrist}, "task_description": instruction, "states": np.zeros(8)}
        await ws.send(msg("observation", obs, 3))
        act = msgpack.unpackb(await ws.recv(), object_hook=ve_unpack, raw=False)
        ok = act["type"] == "action" and act["seq"] == 3 and check("vla-eval-ws", act["payload"]["actions"], expected)
        await ws.send(msg("observation", {"task_description": instruction}, 4))
        err = msgpack.unpackb(await ws.recv(), raw=False)
        print("bad request:", err["type"], err["seq"], err["payload"])
        await ws.send(msg("episode_end", {}, 5))
        return ok and err["type"] == "error"


def main():
    protocol, port = sys.argv[1], int(sys.argv[2])
    agent, wrist, instruction, expected = golden()
    if protocol == "openvla-rest":
        ok = openvla_rest(port, agent, wrist, instruction, expected)
    elif protocol == "openpi-ws":
        ok = asyncio.run(openpi_ws(port, agent, wrist, instruction, expected))
    else:
        ok = asyncio.run(vla_eval_ws(port, agent, wrist, instruction, expected))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
