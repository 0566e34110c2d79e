#!/bin/sh
# The GPU check of the offline bundle: one script to run on a GPU server (it is
# what a short device session runs). It prints, in order:
#   1. nnlab doctor (backends, the adapter, the Vulkan checks);
#   2. the default `nnlab run mlp` on webgpu (10 epochs of MNIST, batch 32), with its
#      wall time from start to exit and its epochs' times;
#   3. webgpu against wasm: the same 10 training steps from the same weights, whose
#      running loss and accuracy must agree within 1e-4;
#   4. the benchmark on webgpu and wasm (and PyTorch, CUDA too, where python3 has torch);
# and ends with one PASS, FAIL or SKIP line per target of the GPU step.
# Usage: nnlab/bin/gpu-check [--quick]   (--quick: 2 epochs in step 2 and a shorter benchmark)
here=$(CDPATH= cd -P -- "$(dirname -- "$0")" >/dev/null && pwd) || exit 1
nnlab=$here/nnlab
node=$here/../node
quick=${1:-}
epochs=10
samples=60000
if [ "$quick" = --quick ]; then epochs=2; samples=20000; fi
work=$(mktemp -d 2>/dev/null || echo "/tmp/nnlab-gpu-check-$$")
mkdir -p "$work"
status=0

echo "== 1. nnlab doctor"
"$nnlab" doctor || status=1

echo
echo "== 2. nnlab run mlp --backend webgpu --epochs $epochs (start included)"
start=$("$node" -e 'console.log(Date.now())')
"$nnlab" run mlp --backend webgpu --epochs "$epochs" --images 0 --json >"$work/mlp.ndjson"
mlp_rc=$?
end=$("$node" -e 'console.log(Date.now())')
wall=$((end - start))
"$node" -e '
  const events = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const start = events.find((e) => e.kind === "start");
  if (start) console.log(`device: ${start.deviceDetail}`);
  for (const e of events.filter((e) => e.kind === "metric" && e.scope === "epoch")) console.log(`epoch ${e.step}/${e.total} - ${(e.elapsedMs / 1000).toFixed(2)}s - loss ${e.values.loss.toFixed(4)} - val_acc ${e.values.val_acc?.toFixed(4)}`);
  const result = events.find((e) => e.kind === "result");
  if (result) console.log(`testAcc ${result.metrics.testAcc} · samplesPerSec ${Math.round(result.metrics.samplesPerSec)}`);
' "$work/mlp.ndjson"
echo "wall time: $wall ms (exit $mlp_rc)"

echo
echo "== 3. webgpu against wasm: 10 steps of batch 33 from the same weights"
steps() {
  "$nnlab" run mlp --backend "$1" --json --limit 330 --val-split 0 --batch-size 33 --epochs 1 --test-limit 10 --images 0
}
agree=FAIL
if a=$(steps webgpu) && b=$(steps wasm); then
  if "$node" -e '
    const result = (s) => s.trim().split("\n").map((l) => JSON.parse(l)).find((e) => e.kind === "result").metrics;
    const [gpu, cpu] = [result(process.argv[1]), result(process.argv[2])];
    const diff = Math.max(Math.abs(gpu.trainLoss - cpu.trainLoss), Math.abs(gpu.trainAcc - cpu.trainAcc));
    console.log(`webgpu loss ${gpu.trainLoss} acc ${gpu.trainAcc}; wasm loss ${cpu.trainLoss} acc ${cpu.trainAcc}; largest difference ${diff.toExponential(2)}`);
    process.exit(diff <= 1e-4 ? 0 : 1);
  ' "$a" "$b"; then agree=PASS; fi
fi

echo
echo "== 4. nnlab bench --no-app --backends webgpu,wasm --samples $samples"
"$nnlab" bench --no-app --classroom 0 --backends webgpu,wasm --samples "$samples" --json >"$work/bench.json" || status=1
"$node" -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const t of r.training ?? []) console.log(`${t.backend} batch ${t.batchSize}: ${Math.round(t.samplesPerSec)} samples/s (${t.method})${t.hostMicrosPerStep ? `, ${t.dispatchesPerStep} dispatches and ${t.hostMicrosPerStep.toFixed(0)} µs of host CPU time per step (${t.hostWallMicrosPerStep.toFixed(0)} µs wall)` : ""}`);
  for (const t of Array.isArray(r.pytorch) ? r.pytorch : []) console.log(`PyTorch ${t.device} batch ${t.batchSize}: ${Math.round(t.samplesPerSec)} samples/s`);
' "$work/bench.json" 2>/dev/null

echo
echo "== targets"
"$node" -e '
  const fs = require("fs");
  const [mlpFile, benchFile, wall, rc, agree] = process.argv.slice(1);
  const lines = [];
  const say = (ok, what) => lines.push(`${ok === undefined ? "SKIP" : ok ? "PASS" : "FAIL"} ${what}`);
  let events = [];
  try { events = fs.readFileSync(mlpFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)); } catch {}
  const start = events.find((e) => e.kind === "start");
  say(Boolean(start && String(start.deviceDetail).startsWith("GPU:")), `webgpu computes on a hardware GPU (${start ? start.deviceDetail : "no run"})`);
  say(Number(rc) === 0 && Number(wall) <= 10000, `the default nnlab run mlp in <= 10 s wall (${wall} ms, exit ${rc})`);
  const epochs = events.filter((e) => e.kind === "metric" && e.scope === "epoch").map((e) => e.elapsedMs);
  say(epochs.length >= 2 ? epochs[0] <= 1.5 * epochs[1] : undefined, `its first epoch within 1.5x of its second (${epochs.slice(0, 2).map((ms) => (ms / 1000).toFixed(2) + " s").join(", ")})`);
  say(agree === "PASS", "webgpu equals wasm within 1e-4 over 10 steps");
  let bench = {};
  try { bench = JSON.parse(fs.readFileSync(benchFile, "utf8")); } catch {}
  const cuda = (Array.isArray(bench.pytorch) ? bench.pytorch : []).filter((t) => t.device === "cuda");
  for (const [batch, goal] of [[32, 2], [256, 5], [4096, 5]]) {
    const gpu = (bench.training ?? []).find((t) => t.backend === "webgpu" && t.batchSize === batch);
    const torch = cuda.find((t) => t.batchSize === batch);
    const ratio = gpu && torch ? gpu.samplesPerSec / torch.samplesPerSec : undefined;
    say(ratio === undefined ? undefined : ratio >= goal, `webgpu >= ${goal}x PyTorch CUDA at batch ${batch} (${ratio === undefined ? (gpu ? "no PyTorch CUDA here" : "no webgpu row") : ratio.toFixed(2) + "x"})`);
  }
  console.log(lines.join("\n"));
  process.exit(lines.some((l) => l.startsWith("FAIL")) ? 1 : 0);
' "$work/mlp.ndjson" "$work/bench.json" "$wall" "$mlp_rc" "$agree" || status=1
rm -rf "$work"
exit $status
