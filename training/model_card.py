"""Fills a model card template (e.g. training/MODEL_CARD_libero.md) from a model folder's config.json, the
training dataset's meta/info.json and the LIBERO pack's manifest.sha256 (training/pack_libero.sh).

  python training/model_card.py --model DIR --dataset DS --template training/MODEL_CARD_libero.md \
      [--assets-manifest PACK/manifest.sha256] --out DIR/MODEL_CARD.md

Placeholders are Python format fields ({name}, {suite}, {renderer}, ...); one the sources do not give
fails naming it."""
import argparse
import hashlib
import json
import os


def fields(model_dir, dataset, manifest):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    info = json.load(open(os.path.join(dataset, "meta", "info.json"))).get("vla4j", {})
    f = {k: cfg.get(k) for k in ("name", "suite", "unnorm_key", "parameters", "trained_frames", "trained_episodes", "epochs", "seed",
                                 "renderer", "mujoco_version")}
    f["render_settings"] = ", ".join(f"{k} {'on' if v else 'off'}" for k, v in cfg.get("render_settings", {}).items())
    for k in ("expert", "wait_steps", "max_steps", "image_size"):
        f[k] = info.get(k, "unknown")
    f["expert_noise"] = ", ".join(f"{k} {v}" for k, v in info.get("expert_noise", {}).items())
    if manifest and os.path.isfile(manifest):
        data = open(manifest, "rb").read()
        f["assets_files"] = len(data.splitlines())
        f["assets_sha256"] = hashlib.sha256(data).hexdigest()
        f["assets_source"] = "the files of training/pack_libero.sh's pack, checked against this manifest when unpacked"
    else:
        f["assets_files"], f["assets_sha256"], f["assets_source"] = "unknown", "unknown", "not from a pack: a local install"
    return f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--template", required=True)
    ap.add_argument("--assets-manifest", default=None)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    f = fields(a.model, a.dataset, a.assets_manifest)
    try:
        text = open(a.template).read().format(**f)
    except KeyError as e:
        raise SystemExit(f"model_card: template {a.template} names {e}, which the sources do not give; valid: {sorted(f)}")
    open(a.out, "w").write(text)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
