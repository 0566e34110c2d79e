"""The course's MNIST MLP in PyTorch, for nnlab's benchmark: same model, data,
batch size and optimiser as nnlab's training loop. Prints one JSON line.
Arguments: mnist_dir batch_size samples threads [device cpu|cuda] [epochs];
with more than one epoch the first is a warm-up and is not timed."""
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path, header):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def main():
    mnist_dir, batch_size, samples, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    device = sys.argv[5] if len(sys.argv) > 5 else "cpu"
    epochs = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    if threads > 0:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = read_idx(os.path.join(mnist_dir, "train-images-idx3-ubyte"), 16).reshape(-1, 1, 28, 28)[:samples]
    y = read_idx(os.path.join(mnist_dir, "train-labels-idx1-ubyte"), 8)[:samples]
    x = (torch.tensor(x, dtype=torch.float32) / 255.0).to(device)
    y = torch.tensor(y, dtype=torch.int64).to(device)
    model = nn.Sequential(
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 128), nn.ReLU(),
        nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10),
    ).to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    seconds = 0.0
    for epoch in range(epochs):
        order = torch.randperm(len(y), device=device)
        start = time.perf_counter()
        for i in range(0, len(y), batch_size):
            idx = order[i:i + batch_size]
            pred = model(x[idx])
            loss = loss_fn(pred, y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if torch.device(device).type == "cuda":
            torch.cuda.synchronize()
        if epoch > 0 or epochs == 1:
            seconds += time.perf_counter() - start
    timed = max(1, epochs - 1)
    print(json.dumps({"samplesPerSec": len(y) * timed / seconds, "seconds": seconds, "torch": torch.__version__, "threads": threads if threads > 0 else torch.get_num_threads(), "device": device}))


if __name__ == "__main__":
    main()
