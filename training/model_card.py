"""Fills a model card template (training/MODEL_CARD_libero.md, training/MODEL_CARD_oft.md) from a model
folder's config.json and ONNX files, and optionally the training log, the training dataset's meta/info.json
and the LIBERO pack's manifest.sha256 (training/pack_libero.sh).

  python training/model_card.py --model DIR --template T.md [--log train_log.jsonl] [--dataset DS] \
      [--assets-manifest PACK/manifest.sha256] --out DIR/MODEL_CARD.md

Placeholders are {field} names: from config.json {name}, {suite}, {unnorm_key}, {parameters}, {width},
{depth}, {heads}, {horizon}, {trained_frames}, {trained_episodes}, {epochs}, {seed}, {renderer},
{mujoco_version}, {render_settings}, {vision_mb}, {trunk_mb}; with --log {steps}, {val_loss},
{val_metric}, {samples_per_s}, {train_s}; with --dataset {expert}, {expert_noise}, {wait_steps},
{max_steps}, {image_size}; {assets_files}, {assets_sha256}, {assets_source}. A placeholder the sources
do not give is left as written and named in a warning. Evaluation results are left for a person to write (the template says where)."""
import argparse
import hashlib
import json
import os
import re


def fields(model_dir, log_file, dataset, manifest):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    f = {k: cfg.get(k) for k in ("name", "suite", "unnorm_key", "trained_frames", "trained_episodes", "epochs", "seed",
                                 "renderer", "mujoco_version")}
    f["parameters"] = f"{cfg['parameters'] / 1e6:.2f} M" if "parameters" in cfg else "unknown"
    for k in ("width", "depth", "heads"):
        f[k] = cfg.get("trunk", {}).get(k)
    f["horizon"] = cfg.get("head", {}).get("horizon", 1)
    for k in ("trained_frames", "trained_episodes"):
        if isinstance(f[k], int):
            f[k] = f"{f[k]:,}"
    f["render_settings"] = ", ".join(f"{k} {'on' if v is True else 'off' if v is False else v}"
                                     for k, v in cfg.get("render_settings", {}).items())
    onnx = cfg.get("onnx", {})
    for key, name in (("vision", "vision_mb"), ("trunk", "trunk_mb")):
        path = os.path.join(model_dir, onnx.get(key, ""))
        if onnx.get(key) and os.path.isfile(path):
            f[name] = f"{os.path.getsize(path) / 1e6:.1f}"
    if log_file:
        log = [json.loads(line) for line in open(log_file) if line.strip()]
        last = log[-1]
        metric = next((v for k, v in last.items() if k.startswith("val_") and k != "val_loss"), float("nan"))
        f.update(steps=f"{last['step']:,}", val_loss=f"{last['val_loss']:.4f}", val_metric=f"{metric:.4f}",
                 samples_per_s=f"{last['samples_per_s']:,}", train_s=f"{last['elapsed_s']:.0f}")
    if dataset:
        info = json.load(open(os.path.join(dataset, "meta", "info.json"))).get("vla4j", {})
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
    ap.add_argument("--template", required=True)
    ap.add_argument("--log", default=None)
    ap.add_argument("--dataset", default=None)
    ap.add_argument("--assets-manifest", default=None)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    f = fields(a.model, a.log, a.dataset, a.assets_manifest)
    text = open(a.template).read()
    missing = sorted({m for m in re.findall(r"\{([a-z_0-9]+)\}", text) if m not in f})
    if missing:  # e.g. a prompt template's literal {instruction}: left as written
        print(f"model_card: template {a.template} names {missing}, which the sources do not give: left as written")
    for k, v in f.items():
        text = text.replace("{" + k + "}", str(v))
    open(a.out, "w").write(text)
    print(f"model card: {a.out}")


if __name__ == "__main__":
    main()
