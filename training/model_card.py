"""Fills a model card template with one training run's numbers.

  python training/model_card.py --template training/MODEL_CARD_oft.md --model MODEL_DIR \
      --log train_log.jsonl --out MODEL_DIR/MODEL_CARD.md

Placeholders: {name}, {parameters}, {width}, {depth}, {heads}, {horizon}, {trained_frames},
{trained_episodes}, {epochs}, {steps}, {seed}, {renderer}, {val_loss}, {val_metric}, {samples_per_s},
{train_s}, {vision_mb}, {trunk_mb} (from config.json, the training log and the ONNX files' sizes).
Evaluation results are left for a person to write (the template says where)."""
import argparse
import json
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    cfg = json.load(open(os.path.join(args.model, "config.json")))
    log = [json.loads(line) for line in open(args.log) if line.strip()]
    last = log[-1]
    metric = next((v for k, v in last.items() if k.startswith("val_") and k != "val_loss"), float("nan"))
    mb = lambda f: f"{os.path.getsize(os.path.join(args.model, cfg['onnx'][f])) / 1e6:.1f}"
    values = {"name": cfg["name"], "parameters": f"{cfg['parameters'] / 1e6:.2f} M", "width": cfg["trunk"]["width"],
              "depth": cfg["trunk"]["depth"], "heads": cfg["trunk"]["heads"], "horizon": cfg.get("head", {}).get("horizon", 1),
              "trained_frames": f"{cfg['trained_frames']:,}", "trained_episodes": f"{cfg['trained_episodes']:,}",
              "epochs": cfg["epochs"], "steps": f"{last['step']:,}", "seed": cfg["seed"], "renderer": cfg["renderer"],
              "val_loss": f"{last['val_loss']:.4f}", "val_metric": f"{metric:.4f}", "samples_per_s": f"{last['samples_per_s']:,}",
              "train_s": f"{last['elapsed_s']:.0f}", "vision_mb": mb("vision"), "trunk_mb": mb("trunk")}
    text = open(args.template).read()
    for k, v in values.items():
        text = text.replace("{" + k + "}", str(v))
    open(args.out, "w").write(text)
    print(f"model card: {args.out}")


if __name__ == "__main__":
    main()
