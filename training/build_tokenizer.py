"""Builds the TinyVLA tokenizer (HuggingFace `tokenizers`, saved as tokenizer.json): a byte-pair
encoding with Llama-style Metaspace pre-tokenization trained on the prompts of the suite, then 256
action tokens appended so that they are the LAST 256 ids (OpenVLA's layout, arXiv:2406.09246).
Ids 0..3 are <pad>, <s> (BOS, added to every encoding), </s> (EOS), <unk>."""
import argparse
import json

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

from vla_data import PROMPTS

OBJECTS = ["alphabet soup", "cream cheese", "salad dressing", "bbq sauce", "ketchup", "tomato sauce", "butter", "milk",
           "chocolate pudding", "orange juice"]


def corpus():
    lines = []
    for o in OBJECTS:
        instr = f"pick up the {o} and place it in the basket"
        for template in PROMPTS.values():
            lines.append(template.format(instruction=instr))
    # a little general robot vocabulary, so other instructions do not fall apart into single letters
    lines += ["put the bowl on the plate", "open the top drawer of the cabinet", "push the plate to the front of the stove",
              "turn on the stove", "put the cream cheese in the bowl", "place the black bowl on the wooden cabinet",
              "close the microwave", "pick up the book and place it in the back compartment of the caddy"]
    return lines


def build(vocab_size=400):
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<pad>", "<s>", "</s>", "<unk>"],
                                  initial_alphabet=list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?:.,'-\n"))
    tok.train_from_iterator(corpus() * 4, trainer)
    tok.add_special_tokens([f"<act_{k}>" for k in range(256)])
    bos = tok.token_to_id("<s>")
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", bos)])
    return tok


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab-size", type=int, default=400)
    a = ap.parse_args()
    t = build(a.vocab_size)
    t.save(a.out)
    v = t.get_vocab_size(with_added_tokens=True)
    print(json.dumps({"vocab_size": v, "first_action_id": t.token_to_id("<act_0>"), "last_id": v - 1}))
