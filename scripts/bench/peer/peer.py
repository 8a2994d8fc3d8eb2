#!/usr/bin/python3
"""The Python peer of `npm run bench -- --peer` (scripts/bench/peer.ts drives it).

What a Python user of the field's standard tools would run on the same model and image:
  * the demo model's weights (tfjs layers format) loaded into an equivalent PyTorch module, following the
    conversion plan scripts/bench/peerLayout.ts computed (the layout mapping is unit-tested there);
  * lime's image explainer (lime 0.2.0.1, lime/lime_image.py + lime/lime_base.py) at its defaults,
    reimplemented here line for line because the `lime` PyPI package cannot be installed on these
    machines (no PyPI; Debian has no python3-lime): quickshift(kernel_size=4, max_dist=200, ratio=0.2),
    mean-colour hiding (hide_color=None), 1000 samples, batch_size=10, cosine distance, kernel width 0.25,
    'auto' feature selection (= highest_weights with Ridge(alpha=0.01) for num_features=100000),
    sklearn Ridge(alpha=1) with sample weights, top_labels=5;
  * N forward passes at a given batch size;
  * a hook-based Grad-CAM (as jacobgil/pytorch-grad-cam does: forward hook on the target layer's
    activations, tensor hook for its gradient, weights = spatial mean of the gradient);
  * skimage's SLIC on a 224x224 image.

Protocol: one JSON object per line on stdin, one JSON reply per line on stdout. Uses Debian's
python3-numpy, python3-torch, python3-skimage and python3-sklearn only.
"""

import copy
import json
import os
import sys
import time
from functools import partial

import numpy as np
import sklearn.metrics
import torch
import torch.nn.functional as F
from skimage.segmentation import quickshift, slic
from sklearn.linear_model import Ridge
from sklearn.utils import check_random_state


# ---------------------------------------------------------------------------------------------------------
# The model: built from the plan (layers in order) and the weights file (offsets, shapes, permutations).

class Net(torch.nn.Module):
    """A Sequential tfjs model as PyTorch; returns logits (the final softmax, if any, is applied by callers)."""

    def __init__(self, plan, shard_dir):
        super().__init__()
        self.steps = []
        self.mods = torch.nn.ModuleDict()
        for layer in plan['layers']:
            t = layer['type']
            if t == 'conv2d':
                k = layer['kernel']
                if layer['padding'] == 'same':
                    if k[0] % 2 == 0 or k[1] % 2 == 0 or layer['stride'] != [1, 1]:
                        raise ValueError('same padding is only mapped for odd kernels at stride 1')
                    pad = (k[0] // 2, k[1] // 2)
                else:
                    pad = (0, 0)
                m = torch.nn.Conv2d(layer['inChannels'], layer['outChannels'], tuple(k), stride=tuple(layer['stride']), padding=pad, bias=layer['bias'])
                self.mods[layer['name']] = m
            elif t == 'dense':
                self.mods[layer['name']] = torch.nn.Linear(layer['inUnits'], layer['units'], bias=layer['bias'])
            elif t not in ('maxpool', 'gap', 'flatten'):
                raise ValueError('layer type %s is not mapped' % t)
            self.steps.append(layer)
        buffers = {}
        for w in plan['weights']:
            path = os.path.join(shard_dir, w['file'])
            if path not in buffers:
                buffers[path] = open(path, 'rb').read()
            count = int(np.prod(w['shape']))
            a = np.frombuffer(buffers[path], dtype='<f4', count=count, offset=w['offset']).reshape(w['shape'])
            a = np.ascontiguousarray(np.transpose(a, w['perm']))
            mod = self.mods[w['layer']]
            target = getattr(mod, w['param'])
            if tuple(target.shape) != a.shape:
                raise ValueError('%s: torch expects %s, plan gives %s' % (w['name'], tuple(target.shape), a.shape))
            with torch.no_grad():
                target.copy_(torch.from_numpy(a))
        self.eval()

    def forward(self, x, hook=None):
        """x: [N, C, H, W] float32. hook(name, activation) is called after each layer (for Grad-CAM)."""
        for layer in self.steps:
            t = layer['type']
            if t in ('conv2d', 'dense'):
                x = self.mods[layer['name']](x)
                if layer.get('activation') == 'relu':
                    x = F.relu(x)
            elif t == 'maxpool':
                x = F.max_pool2d(x, tuple(layer['size']), tuple(layer['stride']))
            elif t == 'gap':
                x = x.mean(dim=(2, 3))
            elif t == 'flatten':
                # tfjs flattens NHWC: put channels last first so the order matches.
                x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
            if hook is not None:
                x = hook(layer['name'], x) or x
        return x


def to_nchw(images):
    """[N, H, W, C] numpy (what lime hands classifier_fn) -> [N, C, H, W] float32 torch tensor."""
    return torch.from_numpy(np.ascontiguousarray(np.asarray(images, dtype=np.float32).transpose(0, 3, 1, 2)))


# ---------------------------------------------------------------------------------------------------------
# lime 0.2.0.1's image explainer, faithfully (LimeImageExplainer.explain_instance, data_labels,
# LimeBase.explain_instance_with_data and feature_selection 'auto').

def lime_kernel(d, kernel_width):
    return np.sqrt(np.exp(-(d ** 2) / kernel_width ** 2))


class LimeBase:
    def __init__(self, kernel_fn, random_state):
        self.kernel_fn = kernel_fn
        self.random_state = check_random_state(random_state)

    def feature_selection(self, data, labels, weights, num_features, method):
        if method == 'auto':
            method = 'forward_selection' if num_features <= 6 else 'highest_weights'
        if method == 'highest_weights':
            clf = Ridge(alpha=0.01, fit_intercept=True, random_state=self.random_state)
            clf.fit(data, labels, sample_weight=weights)
            weighted_data = clf.coef_ * data[0]
            feature_weights = sorted(zip(range(data.shape[1]), weighted_data), key=lambda x: np.abs(x[1]), reverse=True)
            return np.array([x[0] for x in feature_weights[:num_features]])
        raise ValueError('only the defaults are reimplemented here (feature_selection auto with many features)')

    def explain_instance_with_data(self, neighborhood_data, neighborhood_labels, distances, label, num_features, feature_selection='auto'):
        weights = self.kernel_fn(distances)
        labels_column = neighborhood_labels[:, label]
        used_features = self.feature_selection(neighborhood_data, labels_column, weights, num_features, feature_selection)
        easy_model = Ridge(alpha=1, fit_intercept=True, random_state=self.random_state)
        easy_model.fit(neighborhood_data[:, used_features], labels_column, sample_weight=weights)
        prediction_score = easy_model.score(neighborhood_data[:, used_features], labels_column, sample_weight=weights)
        local_pred = easy_model.predict(neighborhood_data[0, used_features].reshape(1, -1))
        return (easy_model.intercept_, sorted(zip(used_features, easy_model.coef_), key=lambda x: np.abs(x[1]), reverse=True), prediction_score, local_pred)


class LimeImageExplainer:
    def __init__(self, kernel_width=.25, random_state=None):
        self.random_state = check_random_state(random_state)
        self.base = LimeBase(partial(lime_kernel, kernel_width=float(kernel_width)), self.random_state)

    def explain_instance(self, image, classifier_fn, top_labels=5, num_features=100000, num_samples=1000, batch_size=10, random_seed=None):
        if random_seed is None:
            random_seed = self.random_state.randint(0, high=1000)
        # lime's SegmentationAlgorithm('quickshift', kernel_size=4, max_dist=200, ratio=0.2, random_seed=...);
        # skimage >= 0.23 renamed random_seed to rng.
        try:
            segments = quickshift(image, kernel_size=4, max_dist=200, ratio=0.2, random_seed=random_seed)
        except TypeError:
            segments = quickshift(image, kernel_size=4, max_dist=200, ratio=0.2, rng=random_seed)
        fudged_image = image.copy()
        for x in np.unique(segments):
            fudged_image[segments == x] = (np.mean(image[segments == x][:, 0]), np.mean(image[segments == x][:, 1]), np.mean(image[segments == x][:, 2]))
        data, labels = self.data_labels(image, fudged_image, segments, classifier_fn, num_samples, batch_size)
        distances = sklearn.metrics.pairwise_distances(data, data[0].reshape(1, -1), metric='cosine').ravel()
        top = np.argsort(labels[0])[-top_labels:]
        out = {'segments': int(np.unique(segments).shape[0]), 'top': [int(t) for t in top[::-1]], 'score': {}, 'local_exp': {}}
        for label in top:
            _, local_exp, score, _ = self.base.explain_instance_with_data(data, labels, distances, label, num_features)
            out['score'][int(label)] = float(score)
            out['local_exp'][int(label)] = [(int(i), float(w)) for i, w in local_exp]
        return out

    def data_labels(self, image, fudged_image, segments, classifier_fn, num_samples, batch_size=10):
        n_features = np.unique(segments).shape[0]
        data = self.random_state.randint(0, 2, num_samples * n_features).reshape((num_samples, n_features))
        labels = []
        data[0, :] = 1
        imgs = []
        for row in data:
            temp = copy.deepcopy(image)
            zeros = np.where(row == 0)[0]
            mask = np.zeros(segments.shape).astype(bool)
            for z in zeros:
                mask[segments == z] = True
            temp[mask] = fudged_image[mask]
            imgs.append(temp)
            if len(imgs) == batch_size:
                labels.extend(classifier_fn(np.array(imgs)))
                imgs = []
        if len(imgs) > 0:
            labels.extend(classifier_fn(np.array(imgs)))
        return data, np.array(labels)


# ---------------------------------------------------------------------------------------------------------

class Peer:
    def __init__(self):
        self.net = None
        self.image = None  # [H, W, C] float32, the model's input scale (0..1)
        self.target = 0
        self.slic_image = None

    def classifier_fn(self, images):
        with torch.no_grad():
            return F.softmax(self.net(to_nchw(images)), dim=1).numpy()

    def setup(self, msg):
        torch.set_grad_enabled(True)
        self.net = Net(msg['plan'], msg['dir'])
        h, w, c = msg['shape']
        self.image = np.asarray(msg['image'], dtype=np.float32).reshape(h, w, c)
        self.target = int(msg['target'])
        sh, sw = msg['slicShape']
        self.slic_image = np.asarray(msg['slicImage'], dtype=np.float64).reshape(sh, sw, 3)
        self.slic_options = msg['slicOptions']
        # The equality check: Glassbox's probabilities for the same inputs, against ours.
        n = msg['check']['count']
        inputs = np.asarray(msg['check']['inputs'], dtype=np.float32).reshape(n, h, w, c)
        theirs = np.asarray(msg['check']['probs'], dtype=np.float64).reshape(n, -1)
        ours = self.classifier_fn(inputs).astype(np.float64)
        return {
            'maxDiff': float(np.max(np.abs(ours - theirs))),
            'checked': n,
            'torch': torch.__version__,
            'numpy': np.__version__,
            'skimage': __import__('skimage').__version__,
            'sklearn': sklearn.__version__,
            'python': sys.version.split()[0],
            'cpus': os.cpu_count(),
        }

    def threads(self, n):
        torch.set_num_threads(int(n))
        return {'threads': torch.get_num_threads()}

    def lime(self, batch, samples):
        explainer = LimeImageExplainer(random_state=0)
        t0 = time.perf_counter()
        r = explainer.explain_instance(self.image.astype(np.float64), self.classifier_fn, num_samples=samples, batch_size=batch)
        ms = (time.perf_counter() - t0) * 1000
        return {'ms': ms, 'segments': r['segments'], 'r2': r['score'].get(self.target)}

    def forward(self, batch, total):
        x = to_nchw(np.repeat(self.image[None], batch, axis=0))
        n = total // batch
        t0 = time.perf_counter()
        with torch.no_grad():
            for _ in range(n):
                p = F.softmax(self.net(x), dim=1)[:, self.target].numpy()
        ms = (time.perf_counter() - t0) * 1000
        return {'ms': ms, 'passes': n * batch, 'last': float(p[0])}

    def gradcam(self, layer):
        x = to_nchw(self.image[None])
        saved = {}

        def hook(name, a):
            if name == layer:
                saved['a'] = a
                a.register_hook(lambda g: saved.__setitem__('g', g))

        t0 = time.perf_counter()
        self.net.zero_grad(set_to_none=True)
        logits = self.net(x, hook=hook)
        logits[0, self.target].backward()
        a, g = saved['a'].detach(), saved['g']
        w = g.mean(dim=(2, 3), keepdim=True)
        cam = F.relu((w * a).sum(dim=1, keepdim=True))
        cam = F.interpolate(cam, size=self.image.shape[:2], mode='bilinear', align_corners=False)[0, 0]
        lo, hi = cam.min(), cam.max()
        cam = (cam - lo) / (hi - lo + 1e-7)
        out = cam.numpy()
        ms = (time.perf_counter() - t0) * 1000
        return {'ms': ms, 'max': float(out.max())}

    def slic(self):
        o = self.slic_options
        t0 = time.perf_counter()
        seg = slic(self.slic_image, n_segments=o['segments'], compactness=o['compactness'], max_num_iter=o['maxIterations'], start_label=0)
        ms = (time.perf_counter() - t0) * 1000
        return {'ms': ms, 'segments': int(seg.max()) + 1}


def main():
    peer = Peer()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        msg = json.loads(line)
        try:
            cmd = msg['cmd']
            if cmd == 'setup':
                out = peer.setup(msg)
            elif cmd == 'threads':
                out = peer.threads(msg['n'])
            elif cmd == 'lime':
                out = peer.lime(msg['batch'], msg['samples'])
            elif cmd == 'forward':
                out = peer.forward(msg['batch'], msg['total'])
            elif cmd == 'gradcam':
                out = peer.gradcam(msg['layer'])
            elif cmd == 'slic':
                out = peer.slic()
            elif cmd == 'quit':
                break
            else:
                raise ValueError('unknown command %s' % cmd)
            out['ok'] = True
        except Exception as e:  # reported to the driver, which marks the rows failed
            out = {'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
