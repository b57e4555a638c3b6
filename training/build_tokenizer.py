"""Builds the TinyVLA tokenizer (HuggingFace `tokenizers`, saved as tokenizer.json): a byte-pair
encoding with Llama-style Metaspace pre-tokenization trained on the prompts of the suite (suite `object`'s
instructions, and with --dataset the instructions of those datasets' tasks, e.g. a LIBERO suite's BDDL
`:language`), then 256
action tokens appended so that they are the LAST 256 ids (OpenVLA's layout, arXiv:2406.09246).
Ids 0..3 are <pad>, <s> (BOS, added to every encoding), </s> (EOS), <unk>."""
import argparse
import json
import os

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

from vla_data import PROMPTS

OBJECTS = ["alphabet soup", "cream cheese", "salad dressing", "bbq sauce", "ketchup", "tomato sauce", "butter", "milk",
           "chocolate pudding", "orange juice"]


def dataset_instructions(roots):
    """The task texts of vla4j LeRobot datasets (meta/tasks.parquet), lowercased as prompt() gives them, sorted."""
    import pyarrow.parquet as pq
    out = set()
    for r in roots:
        out.update(t.lower() for t in pq.read_table(os.path.join(r, "meta", "tasks.parquet")).column("task").to_pylist())
    return sorted(out)


def corpus(extra_instructions=()):
    lines = []
    instructions = [f"pick up the {o} and place it in the basket" for o in OBJECTS] + list(extra_instructions)
    for instr in instructions:
        for template in PROMPTS.values():
            lines.append(template.format(instruction=instr))
    # a little general robot vocabulary, so other instructions do not fall apart into single letters
    lines += ["put the bowl on the plate", "open the top drawer of the cabinet", "push the plate to the front of the stove",
              "turn on the stove", "put the cream cheese in the bowl", "place the black bowl on the wooden cabinet",
              "close the microwave", "pick up the book and place it in the back compartment of the caddy"]
    return lines


def build(vocab_size=400, extra_instructions=()):
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<pad>", "<s>", "</s>", "<unk>"],
                                  initial_alphabet=list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?:.,'-\n"))
    tok.train_from_iterator(corpus(extra_instructions) * 4, trainer)
    tok.add_special_tokens([f"<act_{k}>" for k in range(256)])
    bos = tok.token_to_id("<s>")
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", bos)])
    return tok


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab-size", type=int, default=400)
    ap.add_argument("--dataset", nargs="*", default=[], help="datasets whose task instructions join the corpus (other suites)")
    a = ap.parse_args()
    extra = dataset_instructions(a.dataset)
    t = build(a.vocab_size, extra)
    t.save(a.out)
    v = t.get_vocab_size(with_added_tokens=True)
    print(json.dumps({"vocab_size": v, "first_action_id": t.token_to_id("<act_0>"), "last_id": v - 1, "dataset_instructions": len(extra)}))
