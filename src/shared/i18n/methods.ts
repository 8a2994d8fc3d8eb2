import type { Catalogue } from './catalogue';

// The explanation methods' texts (label, summary, "What am I looking at?" and every option's label, help and
// choices), keyed by method id and option key: core/explain/registry.ts resolves them through t() when the
// page asks for the method list, so they come in the language of the moment. The English here is the method
// files' own text (a test checks they agree); the method files keep it so Node scripts and the bench need no
// catalogue. Also: the option-validation messages (core/explain/types.ts validateOptions).

// The "until stable" budget options of LIME, SHAP and RISE (core/explain/stopping.ts BUDGET_OPTION,
// SETTLE_TOP_OPTION and rise.ts settleShare).
const BUDGET_EN = {
  label: 'Budget',
  help: 'Until stable: sample in rounds and stop as soon as the top regions are settled at 95% confidence (never more than the samples set here). Fixed: always use every sample.',
  choices: { stable: 'Until stable', fixed: 'Fixed' },
};
const SETTLE_TOP_EN = { label: 'Regions to settle', help: 'Until stable stops when the set of this many highest regions is settled' };
const SETTLE_SHARE_EN = { label: 'Share of the map to settle (%)', help: 'Until stable stops when the highest cells of the map (this share of the grid) are settled' };
const BUDGET_ZH = {
  label: '采样预算',
  help: '直到稳定：分轮采样，一旦前几个区域在 95% 置信度下确定就停止（不超过这里设定的样本数）。固定：始终用完全部样本。',
  choices: { stable: '直到稳定', fixed: '固定' },
};
const SETTLE_TOP_ZH = { label: '需稳定的区域数', help: '当这么多个最高的区域组成的集合确定后，“直到稳定”即停止' };
const SETTLE_SHARE_ZH = { label: '需稳定的图面比例（%）', help: '当图中最高的格子（网格的这一比例）确定后，“直到稳定”即停止' };

/** The superpixel options LIME and SHAP share (core/explain/perturb.ts), in English. */
const SUPERPIXEL_OPTIONS_EN = {
  "segments": {
    "label": "Superpixels (about)",
    "help": "Target number of regions the image is cut into; each region is kept or hidden as a whole"
  },
  "segmentation": {
    "label": "Regions",
    "choices": {
      "slic": "SLIC superpixels (follow colour edges)",
      "grid": "Square grid"
    }
  },
  "compactness": {
    "label": "Compactness",
    "help": "SLIC only: higher gives rounder, more even regions; lower follows colour edges more closely"
  },
  "baseline": {
    "label": "Baseline (what hidden regions become)",
    "help": "What replaces a region when it is hidden; the explanation is relative to this",
    "choices": {
      "blur": "Blurred image",
      "regionMean": "Each region’s own mean colour",
      "mean": "Mean colour of the image",
      "black": "Black",
      "noise": "Random noise",
      "color": "A chosen colour"
    }
  },
  "baselineColor": {
    "label": "Baseline colour",
    "help": "Used when the baseline is a chosen colour",
    "choices": {
      "#808080": "Grey",
      "#ffffff": "White",
      "#000000": "Black",
      "#00ff00": "Green",
      "#ff00ff": "Magenta",
      "#0000ff": "Blue"
    }
  },
};
const en = {
  "gradcam": {
    "label": "Grad-CAM",
    "summary": "Highlights the regions whose features pushed the chosen class score up.",
    "about": "Grad-CAM looks at the last convolutional layer, where each channel has learned to respond to some visual pattern. It asks how much raising each channel would raise the score of the chosen class, weights the channels by that, and adds them up. Bright areas are where the model found evidence for the class; the map is coarse (the size of that layer), so it shows where, not exactly which pixels.",
    "options": {
      "layer": {
        "label": "Target layer",
        "help": "Defaults to the last convolutional layer with spatial size > 1"
      }
    }
  },
  "gradcampp": {
    "label": "Grad-CAM++",
    "summary": "A refinement of Grad-CAM that weighs each location of a feature by how much it helps, which copes better with several objects.",
    "about": "Like Grad-CAM, this looks at the last convolutional layer, where each channel responds to some visual pattern, and adds the channels up weighted by how much they support the chosen class. The difference is in the weights: Grad-CAM++ gives more say to the specific places where a channel helps, instead of averaging over the whole image, so several separate pieces of evidence (say, two lesions) all show up rather than only the largest. Bright areas are where the evidence for the class is; the map is as coarse as that layer.",
    "options": {
      "layer": {
        "label": "Target layer",
        "help": "Defaults to the last convolutional layer with spatial size > 1"
      }
    }
  },
  "hirescam": {
    "label": "HiResCAM",
    "summary": "Multiplies each feature by its own gradient at each location, so the map shows exactly where the layer added to the class score.",
    "about": "HiResCAM works on the last convolutional layer like Grad-CAM, but instead of giving each channel a single weight for the whole image, it multiplies the channel at every location by the gradient at that same location. The result is provably faithful for models that end in average pooling and a linear layer: bright areas are exactly the locations that raised the class score. Its resolution is that of the chosen layer.",
    "options": {
      "layer": {
        "label": "Target layer",
        "help": "Defaults to the last convolutional layer with spatial size > 1"
      }
    }
  },
  "layercam": {
    "label": "LayerCAM",
    "summary": "Keeps only the features that pushed the class score up, location by location, which also works on earlier, finer layers.",
    "about": "LayerCAM weighs every channel of a convolutional layer at every location by how much it pushed the chosen class up there, ignoring locations where it pushed it down. Because it does not average the weights over the image, it also gives sensible maps on earlier layers, which are finer-grained: pick an earlier layer for more detail, the last one for the most class-specific view. Bright areas are where evidence for the class was found.",
    "options": {
      "layer": {
        "label": "Target layer",
        "help": "Defaults to the last convolutional layer; earlier layers give finer maps"
      }
    }
  },
  "scorecam": {
    "label": "Score-CAM",
    "summary": "Uses each feature map of a layer as a mask on the image and weighs it by how sure the model stays of the class when it only sees that part.",
    "about": "Score-CAM does not use gradients. It takes each channel of a convolutional layer (each one lights up on some pattern), turns it into a soft mask, shows the model only the part of the image under that mask (the rest is replaced by a plain fill), and records how sure the model then is of the chosen class. Channels whose region alone convinces the model count most. Bright areas are what, on its own, made the model choose the class. It needs one model run per channel, so it is slower than Grad-CAM.",
    "options": {
      "layer": {
        "label": "Target layer",
        "help": "Defaults to the last convolutional layer with spatial size > 1"
      },
      "baseline": {
        "label": "Baseline (what hidden parts become)",
        "help": "What the model sees outside each mask; black can look like an object to some models. The noise is the same for every run",
        "choices": {
          "mean": "Mean colour of the image",
          "blur": "Blurred image",
          "black": "Black",
          "noise": "Random noise",
          "color": "A chosen colour"
        }
      },
      "baselineColor": {
        "label": "Baseline colour",
        "help": "Used when the baseline is a chosen colour",
        "choices": {
          "#808080": "Grey",
          "#ffffff": "White",
          "#000000": "Black",
          "#00ff00": "Green",
          "#ff00ff": "Magenta",
          "#0000ff": "Blue"
        }
      }
    }
  },
  "eigencam": {
    "label": "Eigen-CAM",
    "summary": "Shows the strongest common pattern in a layer’s features, without looking at any class.",
    "about": "Eigen-CAM summarises all the channels of a convolutional layer into the single spatial pattern that explains most of their variation (their first principal component). It uses no gradients and no class: it shows what stands out most to the model in this image, whatever it then decides. That makes it robust and quick, but it cannot tell you why one class was chosen over another; the map is the same for every class.",
    "options": {
      "layer": {
        "label": "Target layer",
        "help": "Defaults to the last convolutional layer with spatial size > 1"
      }
    }
  },
  "saliency": {
    "label": "Vanilla gradient",
    "summary": "Shows which pixels would change the class score most if they changed slightly.",
    "about": "This is the simplest gradient map: for every pixel it asks \"if this pixel got a little brighter or darker, how much would the score of the chosen class move?\" Bright pixels are the ones the score is most sensitive to, whichever direction. It is sharp but often noisy and speckled, and sensitivity is not the same as importance: a pixel can matter a lot to the model and still have a small gradient.",
    "options": {
      "channels": {
        "label": "Colour channels",
        "help": "How the gradient magnitudes of the red, green and blue values of a pixel are combined",
        "choices": {
          "max": "Largest of the channels (Simonyan et al.)",
          "sum": "Sum of the channels"
        }
      }
    }
  },
  "gradxinput": {
    "label": "Gradient × Input",
    "summary": "Multiplies each pixel by how sensitive the class score is to it: red pushed the score up, blue pushed it down.",
    "about": "For every pixel this multiplies its value by the gradient, i.e. by how much the score of the chosen class would move if that pixel changed. For a simple linear model the result is exactly how much each pixel adds to or takes away from the score. Red areas supported the class, blue areas argued against it. Dark (near-zero) pixels always get little credit here, even if the model cares about them.",
    "options": {}
  },
  "smoothgrad": {
    "label": "SmoothGrad",
    "summary": "Averages the gradient map over many slightly noisy copies of the image, which removes most of the speckle.",
    "about": "A plain gradient map is sharp but speckled, because tiny changes to the image flip many small details inside the model. SmoothGrad adds a little random noise to the image many times, computes the gradient map for each noisy copy, and averages them. What survives the averaging is what the model is consistently sensitive to: bright areas are pixels whose change would move the class score most. More samples give a smoother, more stable map at the cost of time; the seed fixes the random noise so the map can be reproduced.",
    "options": {
      "samples": {
        "label": "Noisy samples",
        "help": "How many noisy copies to average (the paper finds 50 enough)"
      },
      "noise": {
        "label": "Noise level",
        "help": "Standard deviation of the noise as a fraction of the image value range (the paper suggests 0.1 to 0.2)"
      },
      "seed": {
        "label": "Random seed",
        "help": "Same seed, same map"
      }
    }
  },
  "intgrad": {
    "label": "Integrated Gradients",
    "summary": "Splits the class score among the pixels by following a straight path from a plain reference image to this one.",
    "about": "Integrated Gradients starts from a reference image that carries no information (black, blurred, a flat average colour, or random noise) and fades the real image in step by step. Along the way it adds up how much each pixel moved the score of the chosen class. Red pixels raised the score compared with the reference, blue pixels lowered it, and all the values add up to the difference in score between the image and the reference (the \"completeness\" check shown with the result tells how closely they did). The choice of reference matters: a pixel that already looks like the reference gets no credit.",
    "options": {
      "steps": {
        "label": "Steps",
        "help": "Points on the path from the reference to the image; more steps, smaller integration error"
      },
      "rule": {
        "label": "Integration rule",
        "choices": {
          "trapezoid": "Trapezoid (includes both end points)",
          "midpoint": "Midpoint (centres of the steps)"
        }
      },
      "baseline": {
        "label": "Baseline (where the path starts)",
        "help": "What \"no information\" looks like; attributions are relative to it",
        "choices": {
          "black": "Black",
          "blur": "Blurred image",
          "mean": "Mean colour of the image",
          "noise": "Random noise",
          "color": "A chosen colour"
        }
      },
      "baselineColor": {
        "label": "Baseline colour",
        "help": "Used when the baseline is a chosen colour",
        "choices": {
          "#808080": "Grey",
          "#ffffff": "White",
          "#000000": "Black",
          "#00ff00": "Green",
          "#ff00ff": "Magenta",
          "#0000ff": "Blue"
        }
      },
      "draws": {
        "label": "Noise draws",
        "help": "How many noise references to average over (noise reference only)"
      },
      "seed": {
        "label": "Random seed",
        "help": "Fixes the noise references"
      }
    }
  },
  "occlusion": {
    "label": "Occlusion",
    "summary": "Covers the image one patch at a time and shows where hiding it lowers the class probability most.",
    "about": "Occlusion is the most direct test there is: it hides a small square of the image, asks the model again, and notes how much less sure it became of the chosen class. It repeats this for squares all over the image. Red areas are where hiding the image hurt the prediction (the model relied on them); blue areas are where hiding it made the model more sure. The window size sets the scale of what it can find: objects smaller than the window blur together, and the map is only as sharp as the stride.",
    "options": {
      "window": {
        "label": "Window size (pixels)",
        "help": "Side of the square that is hidden; larger than the input is clamped to the input"
      },
      "stride": {
        "label": "Stride (pixels)",
        "help": "How far the window moves each time; at most the window size"
      },
      "baseline": {
        "label": "Baseline (what hidden pixels become)",
        "help": "What the model sees in the hidden window; black can look like an object to some models. The noise is the same for every run",
        "choices": {
          "mean": "Mean colour of the image",
          "blur": "Blurred image",
          "black": "Black",
          "noise": "Random noise",
          "color": "A chosen colour"
        }
      },
      "baselineColor": {
        "label": "Baseline colour",
        "help": "Used when the baseline is a chosen colour",
        "choices": {
          "#808080": "Grey",
          "#ffffff": "White",
          "#000000": "Black",
          "#00ff00": "Green",
          "#ff00ff": "Magenta",
          "#0000ff": "Blue"
        }
      }
    }
  },
  "rise": {
    "label": "RISE",
    "summary": "Shows the model thousands of randomly masked copies of the image and credits the regions that were visible whenever it stayed sure.",
    "about": "RISE treats the model as a black box. It hides random, soft-edged parts of the image thousands of times and records how sure the model still is of the chosen class each time. A region gets a high value if the model tended to be sure whenever that region was visible. Bright areas are what the model needs to see; the map is smooth rather than pixel-sharp, and more masks make it less noisy. The seed fixes the random masks.",
    "options": {
      "masks": {
        "label": "Masks",
        "help": "Number of random masks (N); the paper uses 4000-8000 on ImageNet"
      },
      "grid": {
        "label": "Grid size (cells per side)",
        "help": "Masks are drawn on an s x s grid and smoothly enlarged; smaller s, larger blobs"
      },
      "keep": {
        "label": "Keep probability",
        "help": "Chance that a grid cell stays visible (p)"
      },
      "budget": BUDGET_EN,
      "settleShare": SETTLE_SHARE_EN,
      "baseline": {
        "label": "Baseline (what hidden parts become)",
        "help": "What the model sees where a mask hides the image; black can look like an object to some models",
        "choices": {
          "mean": "Mean colour of the image",
          "blur": "Blurred image",
          "black": "Black",
          "noise": "Random noise",
          "color": "A chosen colour"
        }
      },
      "baselineColor": {
        "label": "Baseline colour",
        "help": "Used when the baseline is a chosen colour",
        "choices": {
          "#808080": "Grey",
          "#ffffff": "White",
          "#000000": "Black",
          "#00ff00": "Green",
          "#ff00ff": "Magenta",
          "#0000ff": "Blue"
        }
      },
      "seed": {
        "label": "Random seed",
        "help": "Same seed, same masks, same map"
      }
    }
  },
  "lime": {
    "label": "LIME",
    "summary": "Hides random groups of superpixels, fits a simple weighted linear model to the answers, and shows each region’s weight.",
    "about": "LIME cuts the image into regions (superpixels) and asks the model about many copies of the image with random regions hidden. It then fits a straight-line model that predicts the class probability from which regions were visible, paying most attention to copies close to the original. Each region’s weight is how much showing it raised (positive) or lowered (negative) the probability in that simple model. R² says how well the simple model fits: when it is low, the model’s behaviour around this image is not linear in the regions and the weights are not to be trusted. The seed fixes the random copies.",
    "options": {
      ...SUPERPIXEL_OPTIONS_EN,
      "samples": {
        "label": "Samples",
        "help": "Perturbed copies the model sees (lime: 1000); the first keeps every region"
      },
      "kernelWidth": {
        "label": "Kernel width",
        "help": "How fast a copy’s weight falls with its cosine distance from the original (lime: 0.25)"
      },
      "ridgeAlpha": {
        "label": "Ridge alpha",
        "help": "Strength of the ridge penalty on the weights (lime: 1)"
      },
      "budget": BUDGET_EN,
      "settleTop": SETTLE_TOP_EN,
      "seed": {
        "label": "Random seed",
        "help": "Same seed, same copies, same explanation"
      }
    }
  },
  "shap": {
    "label": "SHAP (Kernel, superpixels)",
    "summary": "Splits the change in the class probability, from an image with every region hidden to the real image, fairly among the regions.",
    "about": "SHAP cuts the image into regions (superpixels) and treats them as players in a game whose payout is the model’s probability for the chosen class. It asks the model about many copies of the image with different regions hidden, and gives each region its Shapley value: its average contribution over all the orders in which regions could be revealed. The values add up exactly to the difference between the probability for the real image, f(x), and for the image with everything hidden (the base value). Positive regions pushed the probability up, negative ones pulled it down. With few regions every combination is tried and the values are exact; otherwise they are estimated, and the error bars show how precise.",
    "options": {
      ...SUPERPIXEL_OPTIONS_EN,
      "samples": {
        "label": "Samples",
        "help": "Combinations of regions the model sees; 0 = automatic (2 × regions + 2048, as shap). Exact when every combination fits"
      },
      "budget": BUDGET_EN,
      "settleTop": SETTLE_TOP_EN,
      "seed": {
        "label": "Random seed",
        "help": "Same seed, same combinations, same values"
      }
    }
  }
};

const LAYER_ZH = { label: '目标层', help: '默认为空间尺寸大于 1 的最后一个卷积层' };
const COLOUR_ZH = {
  label: '基线颜色',
  help: '基线为“指定颜色”时使用',
  choices: { '#808080': '灰色', '#ffffff': '白色', '#000000': '黑色', '#00ff00': '绿色', '#ff00ff': '品红', '#0000ff': '蓝色' },
};
const BASELINE_CHOICES_ZH = {
  mean: '图像的平均颜色',
  blur: '模糊后的图像',
  black: '黑色',
  noise: '随机噪声',
  color: '指定颜色',
};
const SEGMENTS_ZH = { label: '超像素数（约）', help: '图像要切分成的区域数目标；每个区域整体保留或整体隐藏' };
const SEGMENTATION_ZH = { label: '区域', choices: { slic: 'SLIC 超像素（沿颜色边缘）', grid: '方形网格' } };
const COMPACTNESS_ZH = { label: '紧凑度', help: '仅用于 SLIC：越高区域越圆、越均匀；越低越贴合颜色边缘' };
const REGION_BASELINE_ZH = {
  label: '基线（被隐藏的区域变成什么）',
  help: '区域被隐藏时用什么替代；解释是相对于它而言的',
  choices: { ...BASELINE_CHOICES_ZH, regionMean: '各区域自身的平均颜色' },
};

const zh = {
  gradcam: {
    label: 'Grad-CAM',
    summary: '突出显示那些特征推高了所选类别分数的区域。',
    about:
      'Grad-CAM 查看最后一个卷积层，该层的每个通道都学会了对某种视觉模式作出响应。' +
      '它计算提高每个通道会使所选类别的分数提高多少，按此为各通道加权并求和。' +
      '亮的区域是模型找到该类别证据的地方；这张图很粗（与该层大小相同），所以它显示的是“在哪里”，而不是精确到哪些像素。',
    options: { layer: LAYER_ZH },
  },
  gradcampp: {
    label: 'Grad-CAM++',
    summary: 'Grad-CAM 的改进版：按特征每个位置的贡献大小加权，图中有多个目标时表现更好。',
    about:
      '与 Grad-CAM 一样，它查看最后一个卷积层（每个通道对某种视觉模式作出响应），并按各通道对所选类别的支持程度加权求和。' +
      '区别在于权重：Grad-CAM++ 更看重通道真正起作用的具体位置，而不是对整幅图像取平均，' +
      '因此几处分开的证据（比如两个病灶）都会显示出来，而不只是最大的那一处。亮的区域是该类别的证据所在；图的粗细与该层相同。',
    options: { layer: LAYER_ZH },
  },
  hirescam: {
    label: 'HiResCAM',
    summary: '在每个位置把特征乘以它自己的梯度，因此图准确地显示该层在哪里提高了类别分数。',
    about:
      'HiResCAM 与 Grad-CAM 一样作用于最后一个卷积层，但它不是给每个通道一个针对整幅图像的权重，而是在每个位置把通道值乘以同一位置的梯度。' +
      '对于以平均池化和线性层结尾的模型，结果可以证明是忠实的：亮的区域恰好是提高了类别分数的位置。它的分辨率与所选层相同。',
    options: { layer: LAYER_ZH },
  },
  layercam: {
    label: 'LayerCAM',
    summary: '逐个位置只保留推高类别分数的特征，因此也适用于更靠前、更精细的层。',
    about:
      'LayerCAM 在每个位置按卷积层每个通道在那里把所选类别推高了多少来加权，忽略把它压低的位置。' +
      '由于它不在整幅图像上平均权重，在更靠前、更精细的层上也能给出合理的图：想看更多细节就选靠前的层，想看最针对类别的视图就选最后一层。' +
      '亮的区域是找到该类别证据的地方。',
    options: { layer: { label: '目标层', help: '默认为最后一个卷积层；越靠前的层给出的图越精细' } },
  },
  scorecam: {
    label: 'Score-CAM',
    summary: '把某层的每张特征图当作图像上的遮罩，并按模型只看到这部分时对该类别的把握程度为其加权。',
    about:
      'Score-CAM 不使用梯度。它取卷积层的每个通道（每个通道在某种模式上被激活），把它变成一个柔和的遮罩，' +
      '只让模型看到遮罩下的那部分图像（其余部分用纯色填充），并记录模型此时对所选类别有多确定。' +
      '单靠自己的区域就能让模型信服的通道权重最大。亮的区域是单独就让模型选择该类别的部分。' +
      '每个通道都要运行一次模型，因此比 Grad-CAM 慢。',
    options: {
      layer: LAYER_ZH,
      baseline: {
        label: '基线（被隐藏的部分变成什么）',
        help: '模型在每个遮罩之外看到的内容；对某些模型来说黑色可能像一个物体。每次运行的噪声都相同',
        choices: BASELINE_CHOICES_ZH,
      },
      baselineColor: COLOUR_ZH,
    },
  },
  eigencam: {
    label: 'Eigen-CAM',
    summary: '显示某层特征中最强的共同模式，不考虑任何类别。',
    about:
      'Eigen-CAM 把卷积层的所有通道概括为能解释其大部分变化的单一空间模式（第一主成分）。' +
      '它不用梯度也不看类别：它显示的是这幅图像中对模型最突出的东西，无论模型随后作出什么判断。' +
      '这使它稳健且快速，但它无法告诉你为什么选了这个类别而不是另一个；每个类别的图都一样。',
    options: { layer: LAYER_ZH },
  },
  saliency: {
    label: '原始梯度',
    summary: '显示哪些像素稍有变化时会让类别分数变化最大。',
    about:
      '这是最简单的梯度图：对每个像素它都问“如果这个像素稍微变亮或变暗一点，所选类别的分数会变化多少？”' +
      '亮的像素是分数最敏感的像素，不论方向。它很清晰，但常常有噪点、呈斑点状，而且敏感不等于重要：' +
      '一个像素可能对模型很重要，梯度却很小。',
    options: {
      channels: {
        label: '颜色通道',
        help: '如何合并一个像素红、绿、蓝三个值的梯度幅值',
        choices: { max: '取各通道中的最大值（Simonyan 等）', sum: '各通道求和' },
      },
    },
  },
  gradxinput: {
    label: '梯度 × 输入',
    summary: '把每个像素乘以类别分数对它的敏感程度：红色推高了分数，蓝色压低了分数。',
    about:
      '它把每个像素的值乘以梯度，即该像素变化时所选类别的分数会变化多少。' +
      '对于简单的线性模型，结果恰好是每个像素给分数加上或减去了多少。红色区域支持该类别，蓝色区域反对它。' +
      '暗的（接近零的）像素在这里总是得分很少，即使模型很在意它们。',
    options: {},
  },
  smoothgrad: {
    label: 'SmoothGrad',
    summary: '在许多加了少量噪声的图像副本上对梯度图取平均，去掉大部分斑点。',
    about:
      '普通的梯度图清晰但有斑点，因为图像的微小变化会翻转模型内部的许多小细节。' +
      'SmoothGrad 多次给图像加一点随机噪声，为每个带噪副本计算梯度图，再取平均。' +
      '平均之后留下的是模型始终敏感的东西：亮的区域是其变化最能改变类别分数的像素。' +
      '样本越多，图越平滑、越稳定，但也越费时；随机种子固定了随机噪声，使图可以复现。',
    options: {
      samples: { label: '带噪样本数', help: '要平均多少个带噪副本（论文发现 50 个就够）' },
      noise: { label: '噪声水平', help: '噪声的标准差，以图像取值范围的比例表示（论文建议 0.1 到 0.2）' },
      seed: { label: '随机种子', help: '相同的种子，相同的图' },
    },
  },
  intgrad: {
    label: '积分梯度',
    summary: '沿一条从不含信息的参考图像到这幅图像的直线路径，把类别分数分摊给各个像素。',
    about:
      '积分梯度从一幅不含信息的参考图像（黑色、模糊图、单一平均色或随机噪声）出发，一步步把真实图像淡入。' +
      '一路上它累加每个像素使所选类别的分数变化了多少。红色像素相对于参考图像提高了分数，蓝色像素降低了分数，' +
      '所有值加起来等于图像与参考图像之间的分数差（结果旁显示的“完整性”检查说明二者吻合得多好）。' +
      '参考图像的选择很重要：本来就与参考图像相似的像素得不到任何功劳。',
    options: {
      steps: { label: '步数', help: '从参考图像到该图像的路径上的点数；步数越多，积分误差越小' },
      rule: { label: '积分规则', choices: { trapezoid: '梯形法（包括两个端点）', midpoint: '中点法（各步的中心）' } },
      baseline: {
        label: '基线（路径的起点）',
        help: '“没有信息”是什么样子；归因是相对于它而言的',
        choices: BASELINE_CHOICES_ZH,
      },
      baselineColor: COLOUR_ZH,
      draws: { label: '噪声抽样次数', help: '对多少个噪声参考图像取平均（仅用于噪声参考）' },
      seed: { label: '随机种子', help: '固定噪声参考图像' },
    },
  },
  occlusion: {
    label: '遮挡',
    summary: '每次遮住图像的一小块，显示遮住哪里时类别概率下降最多。',
    about:
      '遮挡是最直接的检验：它遮住图像的一个小方块，再问一次模型，记下模型对所选类别的把握降低了多少。' +
      '它在整幅图像上对各个方块重复这一过程。红色区域是遮住后预测受损的地方（模型依赖它们）；蓝色区域是遮住后模型反而更确定的地方。' +
      '窗口大小决定了它能发现的东西的尺度：比窗口小的物体会糊在一起，而图的清晰度取决于步长。',
    options: {
      window: { label: '窗口大小（像素）', help: '被遮住的方块边长；超过输入尺寸时按输入尺寸截断' },
      stride: { label: '步长（像素）', help: '窗口每次移动多远；不超过窗口大小' },
      baseline: {
        label: '基线（被隐藏的像素变成什么）',
        help: '模型在被遮住的窗口里看到的内容；对某些模型来说黑色可能像一个物体。每次运行的噪声都相同',
        choices: BASELINE_CHOICES_ZH,
      },
      baselineColor: COLOUR_ZH,
    },
  },
  rise: {
    label: 'RISE',
    summary: '给模型看成千上万个随机遮罩过的图像副本，把功劳归给模型保持确定时可见的区域。',
    about:
      'RISE 把模型当作黑箱。它成千上万次随机隐藏图像中边缘柔和的部分，每次都记录模型对所选类别仍有多确定。' +
      '如果某个区域可见时模型往往很确定，这个区域就得到高值。亮的区域是模型需要看到的部分；' +
      '这张图是平滑的而不是像素级清晰的，遮罩越多噪声越小。随机种子固定了随机遮罩。',
    options: {
      masks: { label: '遮罩数', help: '随机遮罩的数量（N）；论文在 ImageNet 上用 4000-8000 个' },
      grid: { label: '网格大小（每边格数）', help: '遮罩先画在 s x s 的网格上再平滑放大；s 越小，斑块越大' },
      keep: { label: '保留概率', help: '一个网格单元保持可见的概率（p）' },
      budget: BUDGET_ZH,
      settleShare: SETTLE_SHARE_ZH,
      baseline: {
        label: '基线（被隐藏的部分变成什么）',
        help: '模型在遮罩隐藏图像的地方看到的内容；对某些模型来说黑色可能像一个物体',
        choices: BASELINE_CHOICES_ZH,
      },
      baselineColor: COLOUR_ZH,
      seed: { label: '随机种子', help: '相同的种子，相同的遮罩，相同的图' },
    },
  },
  lime: {
    label: 'LIME',
    summary: '随机隐藏若干组超像素，用简单的加权线性模型拟合模型的回答，并显示每个区域的权重。',
    about:
      'LIME 把图像切成若干区域（超像素），并在许多随机隐藏了部分区域的图像副本上询问模型。' +
      '然后它拟合一个直线模型，根据哪些区域可见来预测类别概率，并最看重与原图接近的副本。' +
      '每个区域的权重是在这个简单模型中显示它使概率提高（正）或降低（负）了多少。' +
      'R² 表示简单模型拟合得多好：R² 低时，模型在这幅图像附近的行为对各区域来说不是线性的，权重不可信。随机种子固定了随机副本。',
    options: {
      segments: SEGMENTS_ZH,
      segmentation: SEGMENTATION_ZH,
      compactness: COMPACTNESS_ZH,
      baseline: REGION_BASELINE_ZH,
      baselineColor: COLOUR_ZH,
      samples: { label: '样本数', help: '模型看到的扰动副本数（lime：1000）；第一个副本保留全部区域' },
      kernelWidth: { label: '核宽度', help: '副本的权重随其与原图余弦距离增大而下降的快慢（lime：0.25）' },
      ridgeAlpha: { label: '岭回归 alpha', help: '对权重施加的岭惩罚强度（lime：1）' },
      budget: BUDGET_ZH,
      settleTop: SETTLE_TOP_ZH,
      seed: { label: '随机种子', help: '相同的种子，相同的副本，相同的解释' },
    },
  },
  shap: {
    label: 'SHAP（Kernel，超像素）',
    summary: '把类别概率从“所有区域都被隐藏”到真实图像的变化，公平地分给各个区域。',
    about:
      'SHAP 把图像切成若干区域（超像素），把它们看作一场博弈中的参与者，收益是模型对所选类别给出的概率。' +
      '它在许多隐藏了不同区域的图像副本上询问模型，并给每个区域它的沙普利值：在区域可能被揭示的所有顺序上它的平均贡献。' +
      '这些值加起来恰好等于真实图像的概率 f(x) 与全部隐藏时图像的概率（基准值）之差。' +
      '正值区域推高了概率，负值区域拉低了概率。区域很少时会尝试所有组合，值是精确的；否则是估计值，误差线表示估计有多精确。',
    options: {
      segments: SEGMENTS_ZH,
      segmentation: SEGMENTATION_ZH,
      compactness: COMPACTNESS_ZH,
      baseline: REGION_BASELINE_ZH,
      baselineColor: COLOUR_ZH,
      samples: { label: '样本数', help: '模型看到的区域组合数；0 = 自动（与 shap 一样为 2 × 区域数 + 2048）。所有组合都能容纳时结果精确' },
      budget: BUDGET_ZH,
      settleTop: SETTLE_TOP_ZH,
      seed: { label: '随机种子', help: '相同的种子，相同的组合，相同的值' },
    },
  },
};

// The checks and figures shown with a result (core/explain/result.ts, perturb.ts and the method files).
const checksEn = {
  // Progress stages ("masked copies 40%"), shown while a method runs.
  stages: {
    path: 'gradients along the path',
    masked: 'masked copies',
    superpixels: 'superpixels',
    combinations: 'combinations of regions',
    perturbed: 'perturbed copies',
    gradients: 'gradients',
    noisy: 'gradients of noisy copies',
    activations: 'activations',
    windows: 'occluding windows',
  },
  evaluations: {
    label: 'Model evaluations ({{unit}})',
    cancelled: 'Stopped early: the values rest on fewer evaluations than planned, so they are noisier.',
  },
  units: {
    path: 'gradients along the path',
    masked: 'masked copies',
    combinations: 'combinations of regions',
    perturbed: 'perturbed copies',
    noisy: 'gradients of noisy copies',
    windows: 'windows',
  },
  spread: {
    label: { probability: 'Spread of the class probability over the perturbed copies', logit: 'Spread of the class logit over the perturbed copies' },
    stayed: {
      probability: 'The class probability stayed at {{value}} whatever was hidden (it moved by less than 0.0001): the values are tiny and may be rounding noise.',
      logit: 'The class logit stayed at {{value}} whatever was hidden (it moved by less than 0.0001): the values are tiny and may be rounding noise.',
    },
    advice: {
      regionMean: 'Regions filled with their own mean colour can still show the object; try the blurred baseline.',
      logit: 'Try another baseline or hide larger parts.',
      probability: 'Explain the logit (log-odds) instead: it does not saturate. Or try another baseline, or hide larger parts.',
    },
    detail: '{{stayed}} {{advice}}',
  },
  figures: {
    logitOfClass: 'Logit of the class f(x)',
    classLogit: 'Class logit f(x)',
    classProbability: 'Class probability f(x)',
    sumOfValues: 'Sum of the values',
    sumOfValuesDetail: 'For a linear model this is the logit minus its bias.',
    noiseSd: 'Noise standard deviation (input units)',
    explainedVariance: 'Share of the layer’s variation the pattern explains',
    explainedVarianceDetail: 'The first principal component of the layer’s features; the map is the same for every class.',
  },
  intgrad: {
    completeness: 'Completeness gap',
    completenessOk: 'The values add up to {{sum}}; the logit difference f(x) − f(baseline) is {{delta}}.',
    completenessWarn: 'The values add up to {{sum}}; the logit difference f(x) − f(baseline) is {{delta}}: more steps would make this map more faithful.',
    sum: 'Sum of the attributions',
    fBaseline: 'Logit at the baseline f(baseline)',
    fBaselineMean: 'Mean over {{draws}} noise baselines.',
  },
  lime: {
    r2: 'Local fit R²',
    r2Low: 'Low: a linear model over regions explains the model poorly here, so do not trust these weights much.',
    r2Ok: 'The weights describe the model’s behaviour around this image reasonably well.',
    localPrediction: 'Local model’s prediction at x',
    localPredictionDetail: 'Intercept plus every region’s weight: what the straight-line model says for the whole image.',
    intercept: 'intercept',
    localFit: 'local fit at x',
    title: 'LIME weight per region',
  },
  shap: {
    gap: 'Efficiency gap (base + sum of region values − f(x))',
    gapDetail: 'base {{base}} + sum of region values {{sum}} = f(x) {{fx}}',
    gapDetailExact: 'base {{base}} + sum of region values {{sum}} = f(x) {{fx}} (exact: every combination of regions was evaluated)',
    base: 'base value E[f]',
    title: 'SHAP value per region',
  },
};
const checksZh = {
  stages: {
    path: '沿路径的梯度',
    masked: '遮罩副本',
    superpixels: '超像素',
    combinations: '区域组合',
    perturbed: '扰动副本',
    gradients: '梯度',
    noisy: '带噪副本的梯度',
    activations: '激活值',
    windows: '遮挡窗口',
  },
  evaluations: {
    label: '模型评估次数（{{unit}}）',
    cancelled: '提前停止：这些值所依据的评估次数少于计划，因此噪声更大。',
  },
  units: {
    path: '沿路径的梯度',
    masked: '遮罩副本',
    combinations: '区域组合',
    perturbed: '扰动副本',
    noisy: '带噪副本的梯度',
    windows: '窗口',
  },
  spread: {
    label: { probability: '类别概率在各扰动副本上的变化幅度', logit: '类别 logit 在各扰动副本上的变化幅度' },
    stayed: {
      probability: '无论隐藏哪里，类别概率都停在 {{value}}（变化小于 0.0001）：这些值极小，可能只是舍入噪声。',
      logit: '无论隐藏哪里，类别 logit 都停在 {{value}}（变化小于 0.0001）：这些值极小，可能只是舍入噪声。',
    },
    advice: {
      regionMean: '用各区域自身平均颜色填充后，区域仍可能显出物体；试试模糊基线。',
      logit: '试试别的基线，或隐藏更大的部分。',
      probability: '改为解释 logit（对数几率）：它不会饱和。也可以试试别的基线，或隐藏更大的部分。',
    },
    detail: '{{stayed}}{{advice}}',
  },
  figures: {
    logitOfClass: '该类别的 logit f(x)',
    classLogit: '类别 logit f(x)',
    classProbability: '类别概率 f(x)',
    sumOfValues: '各值之和',
    sumOfValuesDetail: '对线性模型而言，它等于 logit 减去偏置。',
    noiseSd: '噪声标准差（输入单位）',
    explainedVariance: '该模式解释的层内变化比例',
    explainedVarianceDetail: '该层特征的第一主成分；每个类别的图都一样。',
  },
  intgrad: {
    completeness: '完整性差距',
    completenessOk: '各值之和为 {{sum}}；logit 之差 f(x) − f(基线) 为 {{delta}}。',
    completenessWarn: '各值之和为 {{sum}}；logit 之差 f(x) − f(基线) 为 {{delta}}：增加步数会让这张图更忠实。',
    sum: '归因之和',
    fBaseline: '基线处的 logit f(基线)',
    fBaselineMean: '{{draws}} 个噪声基线上的平均值。',
  },
  lime: {
    r2: '局部拟合 R²',
    r2Low: '偏低：基于区域的线性模型在这里很难解释模型的行为，不要太相信这些权重。',
    r2Ok: '这些权重较好地描述了模型在这幅图像附近的行为。',
    localPrediction: '局部模型在 x 处的预测',
    localPredictionDetail: '截距加上所有区域的权重：直线模型对整幅图像给出的值。',
    intercept: '截距',
    localFit: 'x 处的局部拟合',
    title: '各区域的 LIME 权重',
  },
  shap: {
    gap: '效率差距（基准值 + 区域值之和 − f(x)）',
    gapDetail: '基准值 {{base}} + 区域值之和 {{sum}} = f(x) {{fx}}',
    gapDetailExact: '基准值 {{base}} + 区域值之和 {{sum}} = f(x) {{fx}}（精确：评估了所有区域组合）',
    base: '基准值 E[f]',
    title: '各区域的沙普利值',
  },
};

const optionErrorsEn = {
  unknownMethod: {
    title: 'Unknown explanation method "{{id}}"',
    detail: 'The methods Glassbox knows are {{known}}.',
    action: 'Pick a method from the list; a saved link or session may name one this version does not have.',
  },
  unknown: '{{method}}: unknown option "{{key}}"',
  notNumber: '{{method}}: {{option}} must be a number, got {{value}}',
  range: '{{method}}: {{option}} must be between {{min}} and {{max}}, got {{value}}',
  integer: '{{method}}: {{option}} must be a whole number, got {{value}}',
  choice: '{{method}}: {{option}} must be one of {{choices}}, got {{value}}',
  boolean: '{{method}}: {{option}} must be true or false',
  layer: '{{method}}: {{option}} must be a layer path',
  stride: '{{method}}: Stride ({{stride}}) must not exceed the window size ({{window}}), or some pixels would never be hidden',
};
const optionErrorsZh = {
  unknownMethod: {
    title: '未知的解释方法“{{id}}”',
    detail: 'Glassbox 支持的方法有：{{known}}。',
    action: '请从列表中选择一种方法；保存的链接或会话中可能包含当前版本没有的方法。',
  },
  unknown: '{{method}}：未知选项“{{key}}”',
  notNumber: '{{method}}：{{option}}必须是数字，收到的是 {{value}}',
  range: '{{method}}：{{option}}必须在 {{min}} 到 {{max}} 之间，收到的是 {{value}}',
  integer: '{{method}}：{{option}}必须是整数，收到的是 {{value}}',
  choice: '{{method}}：{{option}}必须是 {{choices}} 之一，收到的是 {{value}}',
  boolean: '{{method}}：{{option}}必须是 true 或 false',
  layer: '{{method}}：{{option}}必须是一个层路径',
  stride: '{{method}}：步长（{{stride}}）不能超过窗口大小（{{window}}），否则有些像素永远不会被遮住',
};

const methods = {
  en: { ...en, optionErrors: optionErrorsEn, checks: checksEn },
  zh: { ...zh, optionErrors: optionErrorsZh, checks: checksZh },
} satisfies Catalogue;
export default methods;
