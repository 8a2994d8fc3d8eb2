import type { Catalogue } from './catalogue';

// Refusals of a dropped model (core/model: modelJson.ts, budget.ts, shards.ts, validate.ts, refusal.ts): each
// says what is wrong with the files, with the facts found, and what to do. Keys: <refusal>.title/detail/action.

const CONVERT_EN =
  'Convert the Keras model with: tensorflowjs_converter --input_format=keras --output_format=tfjs_layers_model model.h5 out_dir/ ' +
  'and drop out_dir/model.json together with the .bin files next to it.';
const CONVERT_ZH =
  '用以下命令转换 Keras 模型：tensorflowjs_converter --input_format=keras --output_format=tfjs_layers_model model.h5 out_dir/ ' +
  '，然后把 out_dir/model.json 连同旁边的 .bin 文件一起拖进来。';

const en = {
  names: { none: 'none', more: '{{list}} and {{count}} more' },
  patch: {
    name: { title: 'The model needs a name', detail: 'The name is empty.', action: 'Type a name for the model.' },
    count: {
      title: 'The model has {{classes}} classes, not {{given}}',
      detail: 'It outputs {{classes}} scores, one per class, in a fixed order; the labels name them one for one.',
      action: "Give exactly {{classes}} labels, in the order of the model's outputs.",
    },
    emptyLabel: { title: 'Label {{n}} is empty', detail: 'Every class needs a name.', action: 'Name class {{n}}.' },
    duplicate: {
      title: 'Two classes are called "{{name}}"',
      detail: 'Classes {{a}} and {{b}} have the same name, so their results could not be told apart.',
      action: 'Give each class its own name.',
    },
    sizeRange: {
      title: 'The input size must be between {{min}} and {{max}} pixels',
      detail: 'It is {{width}} x {{height}}.',
      action: 'Enter the size the model was trained at (224 for most ImageNet models).',
    },
    sizeFixed: {
      title: 'This model takes {{w}} x {{h}} pixel images',
      detail: 'Its input layer fixes the size, so {{width}} x {{height}} cannot be used.',
      action: 'Keep the input size at {{w}} x {{h}}.',
    },
    channels: {
      title: 'This model takes {{c}}-channel images',
      one: 'Its input layer fixes one (grayscale) channel.',
      three: 'Its input layer fixes three (RGB) channels.',
      actionThree: 'To feed it grey images, tick "grayscale" instead.',
      actionOne: 'Keep one channel.',
    },
    resize: { title: 'Unknown resize mode', detail: '"{{value}}" is neither "stretch" nor "centerCrop".', action: 'Choose stretch or centre crop.' },
    scale: { title: 'Unknown scaling', detail: '"{{value}}" is not one of {{choices}}.', action: 'Choose one of the scalings offered.' },
    meanStd: {
      title: 'Mean/std scaling needs a mean and a std for each channel',
      detail: 'Three numbers each, in the 0-1 range of pixel values (ImageNet: mean 0.485 0.456 0.406, std 0.229 0.224 0.225).',
      action: 'Enter the mean and std the model was trained with.',
    },
    std: { title: 'Every std must be greater than 0', detail: 'It is {{values}}.', action: 'Enter positive standard deviations.' },
    channelOrder: { title: 'Unknown channel order', detail: '"{{value}}" is neither "rgb" nor "bgr".', action: 'Choose RGB or BGR.' },
    camLayer: {
      title: 'Layer "{{layer}}" cannot be used for CAM',
      detail: 'CAM methods need a layer with a spatial output (height and width above 1).',
      action: 'Pick one of: {{layers}}.',
      none: 'none (this model has no such layer)',
    },
  },
  files: {
    none: {
      title: 'No files were given',
      detail: 'Loading a model needs model.json and its weight files.',
      action: 'Drop model.json together with its .bin files (and metadata.json when there is one).',
    },
    jsons: {
      title: '{{count}} JSON files, and none is called model.json',
      detail: 'Given: {{names}}. Glassbox cannot tell which one describes the model.',
      action: "Rename the model file to model.json (or drop only the model's own files).",
    },
    formats: { onnx: 'an ONNX model', pytorch: 'a PyTorch model', tflite: 'a TensorFlow Lite model', pb: 'a TensorFlow SavedModel or frozen graph', coreml: 'a Core ML model' },
    foreign: {
      title: 'This is {{format}}, not a TensorFlow.js model',
      detail: 'Glassbox runs TensorFlow.js layers models (model.json plus .bin weight files) in the browser.',
      action: 'Convert the model to TensorFlow.js (tensorflowjs_converter, from Keras) and drop model.json with its .bin files.',
    },
    images: {
      title: 'These are images, not a model',
      detail_one: '{{count}} image file and no model.json.',
      detail_other: '{{count}} image files and no model.json.',
      action: "Drop images on the Explain view's gallery or on a class in Train; here, drop model.json with its .bin files.",
    },
    onlyMetadata: {
      title: 'Only metadata.json was given',
      detail: 'metadata.json holds the labels and preprocessing; the model itself is in model.json and its .bin weight files.',
      action: 'Drop model.json and its .bin files together with metadata.json.',
    },
    missing: {
      title: 'model.json is missing',
      detail: 'Given: {{names}}. A TensorFlow.js model is described by model.json, with its weights in .bin files.',
      action: 'Drop model.json together with its .bin files (select them all, or drop the whole folder).',
    },
  },
  any: 'any',
  convertHint: CONVERT_EN,
  h5: {
    title: 'This is a Keras .h5 file, not model.json',
    detail: 'Glassbox runs TensorFlow.js models in the browser; it cannot read Keras HDF5 files directly.',
  },
  zip: {
    title: 'This is a zip archive (perhaps a Keras .keras file), not model.json',
    detail: 'Glassbox needs the unpacked TensorFlow.js files: model.json and its .bin weight files.',
    action: 'If it is a zip of a TensorFlow.js model, unzip it and drop the files inside. If it is a Keras .keras file: {{hint}}',
  },
  empty: {
    title: 'model.json is empty',
    detail: 'The file has no content: the download or copy may have failed.',
    action: 'Download or export the model again and drop the new model.json.',
  },
  html: {
    title: 'model.json is a web page, not JSON',
    detail: 'It starts with "<", like an HTML page. This happens when a browser saves an error page (for example "404 Not Found") instead of the file.',
    action: 'Download model.json again with "Save link as…" from the place that hosts it, or export it again.',
  },
  notJson: {
    title: 'model.json is not valid JSON',
    detail: 'It could not be read as JSON ({{reason}}). The file may be truncated, or it may be a different file renamed to model.json.',
    action: 'Export or download the model again and drop the new model.json with its weight files.',
  },
  notObject: {
    title: 'model.json is not a TensorFlow.js model',
    detail_list: 'It is valid JSON but holds a list, not the object TensorFlow.js writes.',
    detail_other: 'It is valid JSON but holds a {{type}}, not the object TensorFlow.js writes.',
  },
  graphModel: {
    title: 'This is a TensorFlow.js graph model; Glassbox needs a layers model',
    detail:
      'Graph models (converted from a SavedModel or a frozen graph) are a fixed list of operations without layers. ' +
      'Gradient and CAM methods (Grad-CAM, saliency, integrated gradients…) need the layers and their activations, so they cannot work on a graph model. ' +
      'Perturbation methods (occlusion, LIME, SHAP, RISE) only need predictions and could in principle run on it, but this version of Glassbox does not load graph models yet.',
    action:
      'If the model comes from Keras, convert the Keras model (not a SavedModel) to a layers model: ' +
      'tensorflowjs_converter --input_format=keras --output_format=tfjs_layers_model model.h5 out_dir/ ' +
      '(or, from a Keras SavedModel, --input_format=keras_saved_model --output_format=tfjs_layers_model).',
  },
  metadataJson: {
    title: 'This is metadata.json, not model.json',
    detail: 'It holds class labels but no model topology.',
    action: 'Drop the model.json that sits next to this metadata.json, together with its .bin weight files.',
  },
  kerasConfig: {
    title: 'This is a bare Keras model configuration, not a TensorFlow.js model',
    detail: 'It looks like the output of Keras model.to_json(): the architecture without the weights manifest TensorFlow.js needs.',
  },
  noTopology: {
    title: 'model.json is not a TensorFlow.js model',
    detail: 'It is valid JSON but has no "modelTopology", the part of a TensorFlow.js model.json that describes the layers.',
  },
  formatWarning: 'model.json says format "{{format}}"; Glassbox read it as a layers model.',
  noManifest: {
    title: 'model.json has no weights manifest',
    detail: 'It describes the layers but has no "weightsManifest", so it says nothing about the trained weights: the model would only hold random numbers.',
    action: 'Export or convert the model again with its weights (tensorflowjs_converter writes model.json plus one or more .bin files).',
  },
  badManifest: {
    title: 'The weights manifest in model.json is damaged',
    detail: 'Each entry of "weightsManifest" must list "paths" (the .bin file names) and "weights" (name, shape, dtype).',
    action: 'Export or convert the model again.',
  },
  noConfig: {
    title: 'model.json has no model configuration',
    detail: 'Its "modelTopology" has no "class_name" and "config" describing the model.',
  },
  notModel: {
    title: 'model.json describes a "{{className}}", not a model',
    detail: 'The top of the topology must be a Sequential or functional (Model) Keras model.',
  },
  unknownLayer: {
    title: 'Unknown layer class "{{className}}" in layer "{{path}}"',
    lambda: 'A Lambda layer holds Python code, which cannot run in the browser.',
    tfOp: 'It is a TensorFlow operation applied directly to Keras tensors (Keras records it as a Python call), which TensorFlow.js layers cannot rebuild.',
    custom: 'TensorFlow.js has no layer class "{{className}}". It may be a custom Keras layer (a class written in Python), or a layer that TensorFlow.js has not implemented.',
    others_one: ' {{count}} other layer has unknown classes too: {{names}}.',
    others_other: ' {{count}} other layers have unknown classes too: {{names}}.',
    action: 'Rebuild the model in Keras with built-in layers only (replace the custom or Lambda layer) and convert it again. Glassbox cannot run Python code.',
  },
  inputs: {
    title: 'The model takes {{count}} inputs',
    detail: 'Its inputs have shapes {{shapes}}. Glassbox explains models that take one image and return class scores.',
    action: 'Use a model with a single image input.',
    unknown: '[unknown]',
  },
  tooLarge: {
    title: "The model's input is {{width}} x {{height}} pixels",
    detail: 'Its input layer fixes the image size at {{shape}}: {{why}}',
    action: 'Use a model whose input is at most {{max}} x {{max}} pixels (most image classifiers take 224 x 224).',
    side: 'that is more than {{max}} pixels per side, the largest input Glassbox feeds a model (it keeps images at most {{max}} pixels on their longest side).',
  },
  memory: {
    title: 'The model needs too much memory at {{width}} x {{height}} pixels',
    detail:
      "One {{width}} x {{height}} x {{channels}} input takes {{input}} and the model's layers produce {{activations}} of activations for it: " +
      "{{total}} in all, more than the {{budget}} Glassbox allows for one image, so that it cannot run the browser's engine out of memory.",
    action: 'Use a smaller input size (the size the model was trained at; 224 for most ImageNet models), or a smaller model.',
  },
  missingShard: {
    titleOne: 'Weight file "{{name}}" is missing',
    titleMany: '{{count}} weight files are missing',
    detail_one: 'model.json needs {{count}} weight file ({{all}}). Missing: {{missing}}. Given: {{given}}.',
    detail_other: 'model.json needs {{count}} weight files ({{all}}). Missing: {{missing}}. Given: {{given}}.',
    action: 'Drop model.json together with all of its .bin files (select them all at once, or drop the whole folder).',
  },
  shardSize: {
    titleOne: 'Weight file "{{name}}" has the wrong size',
    titleGroup: 'Weight file group has the wrong size',
    detailOne: '"{{name}}" is {{actual}} bytes, but model.json lists {{weights}} weights that take {{expected}} bytes. {{hint}}',
    detailGroup: 'the {{files}} files {{names}} are {{actual}} bytes, but model.json lists {{weights}} weights that take {{expected}} bytes. {{hint}}',
    short: 'It is shorter than it should be: the file was probably cut off during download or copying.',
    long: 'It is longer than it should be: it probably belongs to a different model, or to another version of this one.',
    action: 'Download or export the model again, and drop model.json with the .bin files that came with it.',
  },
  metadata: {
    title: 'metadata.json cannot be used',
    action: 'Fix metadata.json, or leave it out: Glassbox will then ask you for the labels and the preprocessing.',
    notJson: 'metadata.json is not valid JSON ({{reason}}).',
    notObject: 'metadata.json must hold a JSON object with the class labels.',
    isModelJson: 'The file given as metadata.json is a model.json (it has a model topology), not metadata.',
    noLabels: 'It has "preprocessing" but no "labels" (the class names, in output order).',
    tmNoLabels: 'It looks like Teachable Machine metadata but has no "labels".',
    tmTooLarge: 'Its "imageSize" is {{size}} pixels: {{why}} Teachable Machine writes 224.',
    mismatch: {
      title: 'metadata.json lists {{labels}} labels, but the model has {{what}}',
      binaryWhat: 'one sigmoid output, read as {{classes}} classes (1 - p and p)',
      outputs: '{{classes}} outputs',
      detail: "Labels ({{names}}) must match the model's class scores one for one.{{binary}} This metadata.json probably belongs to another model.",
      binary: ' A binary classifier with one sigmoid unit has two: the class of 1 - p first, then the class of p.',
      action: 'Drop the metadata.json that came with this model, or leave it out and type the labels in.',
    },
    warnings: {
      anySize: 'The model accepts any image size; Glassbox will use {{width}} x {{height}} pixels. Please confirm.',
      tmSize: 'metadata.json says the image size is {{size}}, but the model takes {{width}}x{{height}}: Glassbox uses {{width}}x{{height}}.',
      input: 'metadata.json says the input is {{given}}, but the model takes {{actual}}: Glassbox follows the model. Please check the preprocessing.',
      rescaling: 'The model starts with a Rescaling layer, so it probably expects raw pixel values 0-255: preprocessing set to "raw255". Please confirm.',
      noMetadata: 'No metadata.json: the class labels and the preprocessing are guesses. Please confirm them.',
      noLabels: 'metadata.json has no "labels", so it was not used: please confirm the class labels and the preprocessing.',
    },
    sentence: '{{text}}.',
    fields: {
      notObject: '"preprocessing" must be an object',
      size: 'preprocessing width and height must be positive whole numbers (got {{width}} x {{height}})',
      tooLarge: 'preprocessing width and height are {{width}} x {{height}} pixels: {{why}}',
      channels: 'preprocessing channels must be 1 or 3 (got {{value}})',
      resize: 'preprocessing resize must be "stretch" or "centerCrop" (got {{value}})',
      scale: 'preprocessing scale must be one of {{choices}} (got {{value}})',
      meanStd: 'preprocessing scale "meanStd" needs "mean" and "std", three numbers each',
      std: 'preprocessing "std" values must be greater than 0',
      channelOrder: 'preprocessing channelOrder must be "rgb" or "bgr" (got {{value}})',
      labelsList: '"labels" must be a list of class names',
      labelsText: '"labels" must hold only names (text)',
    },
  },
  load: {
    sameExport: 'Drop model.json with the .bin files that were written together with it.',
    foreignWeight: {
      title: 'The weights do not belong to this model',
      detail: 'The weight files hold a weight named "{{name}}" that no layer in model.json has. The .bin files and model.json probably come from different models or exports.',
    },
    missingWeights: {
      title: 'Some weights are missing from the weight files',
      detail: '{{missing}} of the {{total}} weights the layers need are not in the weights manifest ({{names}}). The .bin files and model.json probably come from different exports.',
    },
    shape: {
      title: 'The weights do not fit the layers',
      detail: 'A weight in the .bin files has a different shape from the layer that should hold it ({{reason}}).',
    },
    build: {
      title: 'TensorFlow.js could not build this model',
      detail: 'The model files passed every check, but building the model failed: {{reason}}',
      action: 'Check that the model was converted with tensorflowjs_converter --output_format=tfjs_layers_model, and try converting it again.',
    },
    run: {
      title: 'The model loaded but could not run',
      detail: 'A test prediction failed: {{reason}}',
      action: 'Try another backend in Settings; if it still fails, the model uses an operation this version of TensorFlow.js cannot run.',
    },
    nanWeights: {
      title: "The model's weights hold NaN or infinite values",
      detail_one: '{{count}} weight ({{names}}) holds values that are not numbers. Every prediction and every explanation of this model would be NaN. The training diverged, or the weight files are damaged.',
      detail_other: '{{count}} weights ({{names}}) hold values that are not numbers. Every prediction and every explanation of this model would be NaN. The training diverged, or the weight files are damaged.',
      action: 'Export the weights from a checkpoint taken before the training diverged (or retrain with a lower learning rate), and convert the model again.',
    },
    nanOutput: {
      title: 'The model outputs NaN or infinite scores',
      detail: "On a blank {{width}} x {{height}} test image the model's output is not a number, although its weights are finite: a layer overflows or divides by zero (for example a batch normalisation with a zero or negative variance). Its predictions and explanations would be meaningless.",
      action: 'Check the model in Keras on a blank image (model.predict(np.zeros(…))), fix or retrain it, and convert it again.',
    },
  },
  zipFile: {
    tooMany: {
      title: '{{name}} holds too many files',
      detail: 'It holds more than {{max}} files; a model zip holds a few (model.json, its .bin weight files, metadata.json).',
      action: 'Unzip it and drop model.json with its .bin files and metadata.json.',
    },
    tooLarge: {
      title: '{{name}} is too large to unpack',
      detail: 'Its files would take more than {{max}} unpacked (at least {{declared}}); Glassbox unpacks model zips up to {{max}}. A zip that grows this much may be a "zip bomb".',
      action: 'Unzip it yourself and drop model.json with its .bin files and metadata.json, or check where the zip came from.',
    },
    unreadable: {
      title: '{{name}} could not be unzipped',
      detail: 'It is not a readable zip file ({{reason}}): it may be damaged, cut short, or encrypted.',
      action: 'Download or export the model again and drop the new zip, or unzip it and drop the files inside.',
    },
    noModel: {
      title: '{{name}} holds no model.json',
      detail: 'Inside it: {{list}}. A TensorFlow.js model zip (Teachable Machine\'s "Download my model", TensorFlow.js tab) holds model.json, its .bin weight files and metadata.json.',
      action: 'Export the model for TensorFlow.js and drop that zip, or drop model.json with its .bin files.',
      nothing: 'nothing',
      more: '{{list}} and {{count}} more',
    },
  },
  built: {
    single: 'Glassbox explains models that take one image and return one set of class scores.',
    inputs: { title: 'The model takes {{count}} inputs', detail: 'Its inputs have shapes {{shapes}}. {{single}}' },
    outputs: {
      title: 'The model has {{count}} outputs',
      detail: 'Its outputs have shapes {{shapes}}. {{single}}',
      action: 'Use a model with a single classification output (for a multi-task model, export the classification branch alone).',
    },
    notScores: {
      title: 'The model does not output class scores',
      detail: 'Its output has shape {{shape}}; a classifier outputs [batch, classes].',
      image: ' A rank-4 output is an image (segmentation, detection or an autoencoder).',
      action: 'Use an image classification model (its last layer is typically a Dense layer with one unit per class).',
    },
    oneScore: {
      title: 'The model has a single output score',
      detail: 'Its output has shape {{shape}}: one number per image.{{hint}} Glassbox reads a single sigmoid unit as a binary classifier (p and 1 - p) and otherwise needs one score per class, at least two.',
      softmax: ' It ends in a softmax over that one number, which is always 1.',
      noSigmoid: ' No sigmoid follows it, so it may be a regression or a binary classifier that outputs a logit.',
      action: "If it is a binary classifier, end it with Dense(1, activation='sigmoid') or a 2-unit softmax, and convert it again.",
    },
  },
  imageInput: {
    what: 'Glassbox feeds a model images shaped [batch, height, width, channels], with 1 channel (grayscale) or 3 (RGB).',
    notImage: { title: 'The model does not take images', detail: '{{why}} {{what}}' },
    rank2: 'This model takes {{shape}}: a list of {{count}} numbers per example (tabular data or features), not an image.',
    some: 'some',
    rank3: 'This model takes {{shape}} per example: a 2D grid with no channel axis (perhaps grayscale images without their channel axis, or a sequence).',
    rankN: 'This model takes inputs of shape {{shape}} (rank {{rank}}), not rank 4.',
    grayAction: 'If it is a grayscale image model, give it an input of shape [height, width, 1] (add a Reshape layer in Keras) and convert it again.',
    imageAction: 'Use a model that classifies images.',
    channelsFirst: {
      title: 'The model expects channels first',
      detail: 'Its input is {{shape}}: the channels ({{channels}}) come before height and width, the PyTorch/ONNX layout. {{what}}',
      action: 'Export the model with channels last (in Keras, data_format="channels_last"; from PyTorch, transpose the input) and convert it again.',
    },
    channels: {
      title: 'The model expects {{count}} channels, not 1 or 3',
      unknownCount: 'an unknown number of',
      four: 'Its input has 4 channels per pixel ({{shape}}), such as RGBA or RGB plus depth. {{what}} Glassbox does not guess what a fourth channel means.',
      free: 'Its number of input channels is not fixed ({{shape}}). {{what}}',
      many: 'Its input has {{count}} channels per pixel ({{shape}}), as a multispectral or stacked-image model would. {{what}}',
      action: 'Use a model with a grayscale (1-channel) or RGB (3-channel) image input.',
    },
  },
};

const zh = {
  names: { none: '无', more: '{{list}} 等另外 {{count}} 个' },
  patch: {
    name: { title: '模型需要一个名称', detail: '名称是空的。', action: '请为模型输入一个名称。' },
    count: {
      title: '模型有 {{classes}} 个类别，而不是 {{given}} 个',
      detail: '它按固定顺序输出 {{classes}} 个分数，每个类别一个；标签与它们一一对应。',
      action: '请按模型输出的顺序给出恰好 {{classes}} 个标签。',
    },
    emptyLabel: { title: '第 {{n}} 个标签是空的', detail: '每个类别都需要一个名称。', action: '请为第 {{n}} 个类别命名。' },
    duplicate: {
      title: '有两个类别都叫“{{name}}”',
      detail: '第 {{a}} 个和第 {{b}} 个类别同名，它们的结果将无法区分。',
      action: '请给每个类别取不同的名称。',
    },
    sizeRange: {
      title: '输入尺寸必须在 {{min}} 到 {{max}} 像素之间',
      detail: '当前为 {{width}} x {{height}}。',
      action: '请输入模型训练时使用的尺寸（大多数 ImageNet 模型为 224）。',
    },
    sizeFixed: {
      title: '这个模型接受 {{w}} x {{h}} 像素的图像',
      detail: '它的输入层固定了尺寸，因此不能使用 {{width}} x {{height}}。',
      action: '请把输入尺寸保持为 {{w}} x {{h}}。',
    },
    channels: {
      title: '这个模型接受 {{c}} 通道的图像',
      one: '它的输入层固定为一个（灰度）通道。',
      three: '它的输入层固定为三个（RGB）通道。',
      actionThree: '如果要输入灰度图像，请改为勾选“灰度”。',
      actionOne: '请保持一个通道。',
    },
    resize: { title: '未知的缩放方式', detail: '"{{value}}" 既不是 "stretch" 也不是 "centerCrop"。', action: '请选择拉伸或居中裁剪。' },
    scale: { title: '未知的数值缩放', detail: '"{{value}}" 不是 {{choices}} 之一。', action: '请从提供的缩放方式中选择一种。' },
    meanStd: {
      title: '均值/标准差缩放需要每个通道的均值和标准差',
      detail: '各三个数，按 0-1 的像素值范围（ImageNet：均值 0.485 0.456 0.406，标准差 0.229 0.224 0.225）。',
      action: '请输入模型训练时使用的均值和标准差。',
    },
    std: { title: '每个标准差都必须大于 0', detail: '当前为 {{values}}。', action: '请输入正的标准差。' },
    channelOrder: { title: '未知的通道顺序', detail: '"{{value}}" 既不是 "rgb" 也不是 "bgr"。', action: '请选择 RGB 或 BGR。' },
    camLayer: {
      title: '层“{{layer}}”不能用于 CAM',
      detail: 'CAM 方法需要一个有空间输出（高和宽都大于 1）的层。',
      action: '请从以下层中选择：{{layers}}。',
      none: '无（这个模型没有这样的层）',
    },
  },
  files: {
    none: {
      title: '没有提供任何文件',
      detail: '加载模型需要 model.json 和它的权重文件。',
      action: '请把 model.json 连同它的 .bin 文件（如有 metadata.json 也一起）拖进来。',
    },
    jsons: {
      title: '有 {{count}} 个 JSON 文件，但没有一个叫 model.json',
      detail: '已提供：{{names}}。Glassbox 无法判断哪一个描述了模型。',
      action: '请把模型文件改名为 model.json（或只拖入模型自己的文件）。',
    },
    formats: { onnx: 'ONNX 模型', pytorch: 'PyTorch 模型', tflite: 'TensorFlow Lite 模型', pb: 'TensorFlow SavedModel 或冻结图', coreml: 'Core ML 模型' },
    foreign: {
      title: '这是{{format}}，不是 TensorFlow.js 模型',
      detail: 'Glassbox 在浏览器中运行 TensorFlow.js 的 layers 模型（model.json 加 .bin 权重文件）。',
      action: '请把模型转换为 TensorFlow.js 格式（用 tensorflowjs_converter 从 Keras 转换），然后拖入 model.json 和它的 .bin 文件。',
    },
    images: {
      title: '这些是图像，不是模型',
      detail_other: '{{count}} 个图像文件，没有 model.json。',
      action: '请把图像拖到“解释”视图的图库或“训练”中的某个类别；这里请拖入 model.json 和它的 .bin 文件。',
    },
    onlyMetadata: {
      title: '只提供了 metadata.json',
      detail: 'metadata.json 保存的是标签和预处理方式；模型本身在 model.json 和它的 .bin 权重文件中。',
      action: '请把 model.json 和它的 .bin 文件连同 metadata.json 一起拖进来。',
    },
    missing: {
      title: '缺少 model.json',
      detail: '已提供：{{names}}。TensorFlow.js 模型由 model.json 描述，权重在 .bin 文件中。',
      action: '请把 model.json 连同它的 .bin 文件一起拖进来（全部选中，或拖入整个文件夹）。',
    },
  },
  any: '任意',
  convertHint: CONVERT_ZH,
  h5: {
    title: '这是 Keras .h5 文件，不是 model.json',
    detail: 'Glassbox 在浏览器中运行 TensorFlow.js 模型，不能直接读取 Keras HDF5 文件。',
  },
  zip: {
    title: '这是一个 zip 压缩包（也许是 Keras .keras 文件），不是 model.json',
    detail: 'Glassbox 需要解压后的 TensorFlow.js 文件：model.json 及其 .bin 权重文件。',
    action: '如果这是 TensorFlow.js 模型的压缩包，请解压后把里面的文件拖进来。如果是 Keras .keras 文件：{{hint}}',
  },
  empty: {
    title: 'model.json 是空的',
    detail: '文件没有内容：下载或复制可能失败了。',
    action: '重新下载或导出模型，然后拖入新的 model.json。',
  },
  html: {
    title: 'model.json 是一个网页，不是 JSON',
    detail: '它以“<”开头，像一个 HTML 页面。浏览器保存了错误页面（例如“404 Not Found”）而不是文件时就会这样。',
    action: '从托管它的地方用“链接另存为…”重新下载 model.json，或重新导出。',
  },
  notJson: {
    title: 'model.json 不是有效的 JSON',
    detail: '无法按 JSON 读取（{{reason}}）。文件可能被截断了，也可能是另一个文件被改名为 model.json。',
    action: '重新导出或下载模型，然后把新的 model.json 和它的权重文件一起拖进来。',
  },
  notObject: {
    title: 'model.json 不是 TensorFlow.js 模型',
    detail_list: '它是有效的 JSON，但内容是一个列表，而不是 TensorFlow.js 写出的对象。',
    detail_other: '它是有效的 JSON，但内容是一个 {{type}}，而不是 TensorFlow.js 写出的对象。',
  },
  graphModel: {
    title: '这是 TensorFlow.js 图模型；Glassbox 需要层模型（layers model）',
    detail:
      '图模型（由 SavedModel 或冻结图转换而来）是一串固定的运算，没有层。' +
      '梯度方法和 CAM 方法（Grad-CAM、显著性图、积分梯度…）需要层及其激活，因此无法用于图模型。' +
      '扰动方法（遮挡、LIME、SHAP、RISE）只需要预测结果，原则上可以运行，但此版本的 Glassbox 还不能加载图模型。',
    action:
      '如果模型来自 Keras，请把 Keras 模型（而不是 SavedModel）转换为层模型：' +
      'tensorflowjs_converter --input_format=keras --output_format=tfjs_layers_model model.h5 out_dir/ ' +
      '（如果是 Keras SavedModel，用 --input_format=keras_saved_model --output_format=tfjs_layers_model）。',
  },
  metadataJson: {
    title: '这是 metadata.json，不是 model.json',
    detail: '它包含类别标签，但没有模型拓扑。',
    action: '拖入与这个 metadata.json 放在一起的 model.json，以及它的 .bin 权重文件。',
  },
  kerasConfig: {
    title: '这是单独的 Keras 模型配置，不是 TensorFlow.js 模型',
    detail: '它看起来是 Keras model.to_json() 的输出：只有结构，没有 TensorFlow.js 需要的权重清单。',
  },
  noTopology: {
    title: 'model.json 不是 TensorFlow.js 模型',
    detail: '它是有效的 JSON，但没有“modelTopology”——TensorFlow.js 的 model.json 中描述各层的部分。',
  },
  formatWarning: 'model.json 声明的格式为“{{format}}”；Glassbox 按层模型读取了它。',
  noManifest: {
    title: 'model.json 没有权重清单',
    detail: '它描述了各层，但没有“weightsManifest”，因此没有关于训练所得权重的任何信息：模型里只会是随机数。',
    action: '连同权重重新导出或转换模型（tensorflowjs_converter 会写出 model.json 和一个或多个 .bin 文件）。',
  },
  badManifest: {
    title: 'model.json 中的权重清单已损坏',
    detail: '“weightsManifest”的每一项都必须列出“paths”（.bin 文件名）和“weights”（名称、形状、数据类型）。',
    action: '重新导出或转换模型。',
  },
  noConfig: {
    title: 'model.json 没有模型配置',
    detail: '它的“modelTopology”中没有描述模型的“class_name”和“config”。',
  },
  notModel: {
    title: 'model.json 描述的是“{{className}}”，不是模型',
    detail: '拓扑的顶层必须是 Sequential 或函数式（Model）Keras 模型。',
  },
  unknownLayer: {
    title: '层“{{path}}”的层类别“{{className}}”无法识别',
    lambda: 'Lambda 层包含 Python 代码，无法在浏览器中运行。',
    tfOp: '这是直接作用于 Keras 张量的 TensorFlow 运算（Keras 把它记录为一次 Python 调用），TensorFlow.js 的层无法重建它。',
    custom: 'TensorFlow.js 没有“{{className}}”这个层类别。它可能是自定义的 Keras 层（用 Python 写的类），或是 TensorFlow.js 尚未实现的层。',
    others_one: '另有 {{count}} 个层的类别也无法识别：{{names}}。',
    others_other: '另有 {{count}} 个层的类别也无法识别：{{names}}。',
    action: '在 Keras 中只用内置层重建模型（替换掉自定义层或 Lambda 层），然后重新转换。Glassbox 不能运行 Python 代码。',
  },
  inputs: {
    title: '模型有 {{count}} 个输入',
    detail: '它的输入形状为 {{shapes}}。Glassbox 解释的是输入一幅图像、输出类别分数的模型。',
    action: '请使用只有一个图像输入的模型。',
    unknown: '[未知]',
  },
  tooLarge: {
    title: '模型的输入为 {{width}} x {{height}} 像素',
    detail: '它的输入层把图像尺寸固定为 {{shape}}：{{why}}',
    action: '请使用输入不超过 {{max}} x {{max}} 像素的模型（大多数图像分类器的输入是 224 x 224）。',
    side: '每边超过了 {{max}} 像素，这是 Glassbox 给模型输入的最大尺寸（它保存的图像最长边不超过 {{max}} 像素）。',
  },
  memory: {
    title: '模型在 {{width}} x {{height}} 像素下需要的内存太多',
    detail:
      '一个 {{width}} x {{height}} x {{channels}} 的输入占 {{input}}，模型各层为它产生 {{activations}} 的激活：' +
      '合计 {{total}}，超过了 Glassbox 为一幅图像允许的 {{budget}}，这样才不会耗尽浏览器引擎的内存。',
    action: '请使用更小的输入尺寸（即模型训练时的尺寸；大多数 ImageNet 模型为 224），或更小的模型。',
  },
  missingShard: {
    titleOne: '缺少权重文件“{{name}}”',
    titleMany: '缺少 {{count}} 个权重文件',
    detail_one: 'model.json 需要 {{count}} 个权重文件（{{all}}）。缺少：{{missing}}。已提供：{{given}}。',
    detail_other: 'model.json 需要 {{count}} 个权重文件（{{all}}）。缺少：{{missing}}。已提供：{{given}}。',
    action: '把 model.json 和它的全部 .bin 文件一起拖进来（一次选中所有文件，或拖入整个文件夹）。',
  },
  shardSize: {
    titleOne: '权重文件“{{name}}”的大小不对',
    titleGroup: '权重文件组的大小不对',
    detailOne: '“{{name}}”有 {{actual}} 字节，但 model.json 列出的 {{weights}} 个权重需要 {{expected}} 字节。{{hint}}',
    detailGroup: '{{files}} 个文件 {{names}} 共 {{actual}} 字节，但 model.json 列出的 {{weights}} 个权重需要 {{expected}} 字节。{{hint}}',
    short: '文件比应有的短：很可能在下载或复制时被截断了。',
    long: '文件比应有的长：它很可能属于另一个模型，或这个模型的另一个版本。',
    action: '重新下载或导出模型，然后把 model.json 和随它一起的 .bin 文件拖进来。',
  },
  metadata: {
    title: 'metadata.json 无法使用',
    action: '请修正 metadata.json，或者不提供它：Glassbox 会请你填写标签和预处理方式。',
    notJson: 'metadata.json 不是有效的 JSON（{{reason}}）。',
    notObject: 'metadata.json 必须是一个包含类别标签的 JSON 对象。',
    isModelJson: '作为 metadata.json 提供的文件其实是 model.json（它有模型拓扑），不是元数据。',
    noLabels: '它有“preprocessing”，但没有“labels”（按输出顺序排列的类别名称）。',
    tmNoLabels: '它看起来是 Teachable Machine 的元数据，但没有“labels”。',
    tmTooLarge: '它的“imageSize”为 {{size}} 像素：{{why}}Teachable Machine 写的是 224。',
    mismatch: {
      title: 'metadata.json 列出了 {{labels}} 个标签，但模型有 {{what}}',
      binaryWhat: '一个 sigmoid 输出，按 {{classes}} 个类别读取（1 - p 和 p）',
      outputs: '{{classes}} 个输出',
      detail: '标签（{{names}}）必须与模型的类别分数一一对应。{{binary}}这个 metadata.json 很可能属于另一个模型。',
      binary: '只有一个 sigmoid 单元的二分类器有两个类别：先是 1 - p 的类别，然后是 p 的类别。',
      action: '请拖入随这个模型一起的 metadata.json，或者不提供它，自己输入标签。',
    },
    warnings: {
      anySize: '模型接受任意尺寸的图像；Glassbox 将使用 {{width}} x {{height}} 像素。请确认。',
      tmSize: 'metadata.json 说图像尺寸是 {{size}}，但模型的输入是 {{width}}x{{height}}：Glassbox 使用 {{width}}x{{height}}。',
      input: 'metadata.json 说输入是 {{given}}，但模型的输入是 {{actual}}：Glassbox 以模型为准。请检查预处理方式。',
      rescaling: '模型以 Rescaling 层开头，因此它很可能需要 0-255 的原始像素值：预处理已设为“raw255”。请确认。',
      noMetadata: '没有 metadata.json：类别标签和预处理方式都是猜测的。请确认。',
      noLabels: 'metadata.json 中没有 "labels"，因此没有使用它：请确认类别标签和预处理方式。',
    },
    sentence: '{{text}}。',
    fields: {
      notObject: '"preprocessing" 必须是一个对象',
      size: 'preprocessing 的 width 和 height 必须是正整数（收到的是 {{width}} x {{height}}）',
      tooLarge: 'preprocessing 的 width 和 height 为 {{width}} x {{height}} 像素：{{why}}',
      channels: 'preprocessing 的 channels 必须是 1 或 3（收到的是 {{value}}）',
      resize: 'preprocessing 的 resize 必须是 "stretch" 或 "centerCrop"（收到的是 {{value}}）',
      scale: 'preprocessing 的 scale 必须是 {{choices}} 之一（收到的是 {{value}}）',
      meanStd: 'preprocessing 的 scale 为 "meanStd" 时需要 "mean" 和 "std"，各为三个数',
      std: 'preprocessing 的 "std" 值必须大于 0',
      channelOrder: 'preprocessing 的 channelOrder 必须是 "rgb" 或 "bgr"（收到的是 {{value}}）',
      labelsList: '"labels" 必须是类别名称的列表',
      labelsText: '"labels" 只能包含名称（文本）',
    },
  },
  load: {
    sameExport: '请拖入 model.json 以及与它一起写出的 .bin 文件。',
    foreignWeight: {
      title: '这些权重不属于这个模型',
      detail: '权重文件中有一个名为“{{name}}”的权重，但 model.json 中没有哪个层有它。.bin 文件和 model.json 很可能来自不同的模型或不同的导出。',
    },
    missingWeights: {
      title: '权重文件中缺少一些权重',
      detail: '各层需要的 {{total}} 个权重中，有 {{missing}} 个不在权重清单里（{{names}}）。.bin 文件和 model.json 很可能来自不同的导出。',
    },
    shape: {
      title: '权重与层不匹配',
      detail: '.bin 文件中某个权重的形状与应当存放它的层不同（{{reason}}）。',
    },
    build: {
      title: 'TensorFlow.js 无法构建这个模型',
      detail: '模型文件通过了所有检查，但构建模型失败：{{reason}}',
      action: '请确认模型是用 tensorflowjs_converter --output_format=tfjs_layers_model 转换的，并尝试重新转换。',
    },
    run: {
      title: '模型已加载，但无法运行',
      detail: '一次测试预测失败了：{{reason}}',
      action: '请在“设置”中换一个后端试试；如果仍然失败，说明模型使用了此版本 TensorFlow.js 无法运行的运算。',
    },
    nanWeights: {
      title: '模型的权重中含有 NaN 或无穷大的值',
      detail_other: '有 {{count}} 个权重（{{names}}）含有非数值。这个模型的每个预测和每个解释都会是 NaN。可能是训练发散了，或者权重文件已损坏。',
      action: '请从训练发散之前保存的检查点导出权重（或用更小的学习率重新训练），然后再次转换模型。',
    },
    nanOutput: {
      title: '模型输出了 NaN 或无穷大的分数',
      detail: '在一幅 {{width}} x {{height}} 的空白测试图像上，模型的输出不是数值，尽管它的权重都是有限值：某一层溢出或除以了零（例如方差为零或为负的批归一化）。它的预测和解释将毫无意义。',
      action: '请在 Keras 中用空白图像检查模型（model.predict(np.zeros(…))），修正或重新训练后再次转换。',
    },
  },
  zipFile: {
    tooMany: {
      title: '{{name}} 里的文件太多',
      detail: '它包含超过 {{max}} 个文件；模型压缩包通常只有几个文件（model.json、它的 .bin 权重文件和 metadata.json）。',
      action: '请解压后拖入 model.json 及其 .bin 文件和 metadata.json。',
    },
    tooLarge: {
      title: '{{name}} 太大，无法解压',
      detail: '解压后它的文件会超过 {{max}}（至少 {{declared}}）；Glassbox 解压的模型压缩包最大为 {{max}}。膨胀到这种程度的压缩包可能是“压缩炸弹”。',
      action: '请自己解压并拖入 model.json 及其 .bin 文件和 metadata.json，或者查一下这个压缩包的来源。',
    },
    unreadable: {
      title: '无法解压 {{name}}',
      detail: '它不是可读的 zip 文件（{{reason}}）：可能已损坏、被截断或加了密。',
      action: '请重新下载或导出模型并拖入新的压缩包，或解压后拖入里面的文件。',
    },
    noModel: {
      title: '{{name}} 中没有 model.json',
      detail: '里面有：{{list}}。TensorFlow.js 模型压缩包（Teachable Machine 的“下载我的模型”，TensorFlow.js 标签页）包含 model.json、它的 .bin 权重文件和 metadata.json。',
      action: '请把模型导出为 TensorFlow.js 格式并拖入那个压缩包，或拖入 model.json 及其 .bin 文件。',
      nothing: '什么都没有',
      more: '{{list}} 等另外 {{count}} 个',
    },
  },
  built: {
    single: 'Glassbox 解释的是输入一幅图像、输出一组类别分数的模型。',
    inputs: { title: '模型有 {{count}} 个输入', detail: '它的输入形状为 {{shapes}}。{{single}}' },
    outputs: {
      title: '模型有 {{count}} 个输出',
      detail: '它的输出形状为 {{shapes}}。{{single}}',
      action: '请使用只有一个分类输出的模型（对于多任务模型，请单独导出分类分支）。',
    },
    notScores: {
      title: '模型输出的不是类别分数',
      detail: '它的输出形状为 {{shape}}；分类器的输出是 [batch, classes]。',
      image: '4 阶输出是一幅图像（分割、检测或自编码器）。',
      action: '请使用图像分类模型（它的最后一层通常是每个类别一个单元的 Dense 层）。',
    },
    oneScore: {
      title: '模型只输出一个分数',
      detail: '它的输出形状为 {{shape}}：每幅图像一个数。{{hint}}Glassbox 把单个 sigmoid 单元读作二分类器（p 和 1 - p），其他情况下每个类别需要一个分数，至少两个。',
      softmax: '它以对这一个数的 softmax 结尾，结果永远是 1。',
      noSigmoid: '它后面没有 sigmoid，因此可能是回归模型，或输出 logit 的二分类器。',
      action: "如果它是二分类器，请以 Dense(1, activation='sigmoid') 或 2 个单元的 softmax 结尾，然后重新转换。",
    },
  },
  imageInput: {
    what: 'Glassbox 给模型输入的图像形状为 [batch, height, width, channels]，通道数为 1（灰度）或 3（RGB）。',
    notImage: { title: '这个模型的输入不是图像', detail: '{{why}}{{what}}' },
    rank2: '这个模型的输入是 {{shape}}：每个样本是 {{count}} 个数组成的列表（表格数据或特征），不是图像。',
    some: '若干',
    rank3: '这个模型每个样本的输入是 {{shape}}：一个没有通道轴的二维网格（也许是去掉了通道轴的灰度图像，或一个序列）。',
    rankN: '这个模型的输入形状为 {{shape}}（{{rank}} 阶），不是 4 阶。',
    grayAction: '如果它是灰度图像模型，请把输入形状改为 [height, width, 1]（在 Keras 中加一个 Reshape 层），然后重新转换。',
    imageAction: '请使用对图像进行分类的模型。',
    channelsFirst: {
      title: '这个模型要求通道在前',
      detail: '它的输入是 {{shape}}：通道（{{channels}}）在高和宽之前，这是 PyTorch/ONNX 的布局。{{what}}',
      action: '请以通道在后的方式导出模型（Keras 中用 data_format="channels_last"；PyTorch 中转置输入），然后重新转换。',
    },
    channels: {
      title: '这个模型需要 {{count}} 个通道，而不是 1 或 3 个',
      unknownCount: '未知数量的',
      four: '它的输入每个像素有 4 个通道（{{shape}}），例如 RGBA 或 RGB 加深度。{{what}}Glassbox 不会去猜第四个通道的含义。',
      free: '它的输入通道数不固定（{{shape}}）。{{what}}',
      many: '它的输入每个像素有 {{count}} 个通道（{{shape}}），像多光谱或叠加图像的模型那样。{{what}}',
      action: '请使用灰度（1 通道）或 RGB（3 通道）图像输入的模型。',
    },
  },
};

const model = { en, zh } satisfies Catalogue;
export default model;
