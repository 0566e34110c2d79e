#!/bin/sh
# The GPU check of the offline bundle: one script to run on a GPU server (it is
# what a short device session runs). It prints, in order:
#   1. nnlab doctor (backends, the adapter, the Vulkan checks);
#   2. the default `nnlab run mlp` on webgpu (10 epochs of MNIST, batch 32), with its
#      wall time from start to exit;
#   3. webgpu against wasm: the same 10 training steps from the same weights, whose
#      running loss and accuracy must agree within 1e-4;
#   4. the benchmark on webgpu and wasm (and PyTorch, CUDA too, where python3 has torch).
# Usage: nnlab/bin/gpu-check [--quick]   (--quick: 2 epochs in step 2 and a shorter benchmark)
here=$(CDPATH= cd -P -- "$(dirname -- "$0")" >/dev/null && pwd) || exit 1
nnlab=$here/nnlab
node=$here/../node
quick=${1:-}
epochs=10
samples=60000
if [ "$quick" = --quick ]; then epochs=2; samples=20000; fi
status=0

echo "== 1. nnlab doctor"
"$nnlab" doctor || status=1

echo
echo "== 2. nnlab run mlp --backend webgpu --epochs $epochs (start included)"
start=$("$node" -e 'console.log(Date.now())')
"$nnlab" run mlp --backend webgpu --epochs "$epochs" --images 0 --plain | grep -E '^(backend|Each training step|epoch|  testAcc|  samplesPerSec)' || status=1
end=$("$node" -e 'console.log(Date.now())')
echo "wall time: $(( (end - start) / 1000 )).$(( (end - start) % 1000 / 100 )) s"

echo
echo "== 3. webgpu against wasm: 10 steps of batch 33 from the same weights"
steps() {
  "$nnlab" run mlp --backend "$1" --json --limit 330 --val-split 0 --batch-size 33 --epochs 1 --test-limit 10 --images 0
}
a=$(steps webgpu) && b=$(steps wasm) || status=1
"$node" -e '
  const result = (s) => s.trim().split("\n").map((l) => JSON.parse(l)).find((e) => e.kind === "result").metrics;
  const [gpu, cpu] = [result(process.argv[1]), result(process.argv[2])];
  const diff = Math.max(Math.abs(gpu.trainLoss - cpu.trainLoss), Math.abs(gpu.trainAcc - cpu.trainAcc));
  console.log(`webgpu loss ${gpu.trainLoss} acc ${gpu.trainAcc}; wasm loss ${cpu.trainLoss} acc ${cpu.trainAcc}; largest difference ${diff.toExponential(2)}`);
  process.exit(diff <= 1e-4 ? 0 : 1);
' "$a" "$b" || { echo "webgpu and wasm disagree"; status=1; }

echo
echo "== 4. nnlab bench --no-app --backends webgpu,wasm --samples $samples"
"$nnlab" bench --no-app --backends webgpu,wasm --samples "$samples" || status=1
exit $status
