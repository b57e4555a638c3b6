"""Encodes FastTokenizerBench's held-out chunks with Python's HuggingFace `tokenizers` and compares the ids
with vla4j's own BPE (docs/RESULTS.md, FAST). Usage: python fast_hf_check.py SAVE_DIR"""
import json
import sys

from tokenizers import Tokenizer

d = sys.argv[1]
tok = Tokenizer.from_file(f"{d}/tokenizer.json")
rows = [json.loads(l) for l in open(f"{d}/held_out.jsonl")]
same = sum(tok.encode(r["symbols"], add_special_tokens=False).ids == r["ids"] for r in rows)
back = sum(tok.decode(r["ids"], skip_special_tokens=False).replace(" ", "") == r["symbols"].replace(" ", "") for r in rows)
print(f"tokenizers {__import__('tokenizers').__version__}: {same}/{len(rows)} chunks encode to vla4j's ids, vocab {tok.get_vocab_size()}")
sys.exit(0 if same == len(rows) else 1)
