import type { Catalogue } from './catalogue';

// The engine's own messages (src/worker: supervisor, client, engine, training, batch, modelStore; and
// shared/errors.ts): a stopped or restarted engine, a call refused while training runs, storage failures,
// and the generic "Something went wrong".

const en = {
  // Progress stage while an explanation waits behind another job (worker/engine.ts WAITING; to be wired there).
  waiting: {
    explain: 'waiting for another explanation',
    predict: 'waiting for a prediction',
    swap: 'waiting for the model to change',
    train: 'waiting for training to finish',
  },
  generic: {
    title: 'Something went wrong',
    action: 'Try again; if it keeps happening, restart the engine from Settings (your images and models stay).',
  },
  anotherBackend: 'another backend',
  loss: {
    contextLost: 'The {{backend}} context of the compute engine was lost',
    hung: 'The compute engine stopped answering',
    unreadable: 'The compute engine sent a message the page could not read',
    restarted: 'The compute engine was restarted',
    died: 'The compute engine stopped',
  },
  stopped: {
    title: 'The compute engine stopped',
    detail: '{{loss}} ({{reason}}).',
    action: 'Glassbox is restarting it on {{backend}} and bringing back your images and model; then run it again.',
  },
  keepsStopping: {
    title: 'The compute engine keeps stopping',
    detail: 'It stopped {{count}} times within {{minutes}} minutes; the last time: {{loss}} ({{reason}}).',
    action: 'Press "Start again", or reload the page (saved models stay; images and unsaved models must be added again).',
  },
  couldNotRestart: {
    title: 'The compute engine could not restart',
    action: 'Reload the page (saved models stay; images and unsaved models must be added again).',
  },
  fileStopped: {
    added: '"{{name}}" was not added',
    addedToClass: '"{{name}}" was not added to the class',
    detail: 'The compute engine stopped while reading it ({{reason}}).',
    action: 'Add it again once the engine is back on {{backend}} (in a moment); if it stops again, this file may be what stops it.',
  },
  trainingStopped: {
    title: 'Training stopped: the compute engine stopped',
    detail: '{{reason}}. The model being trained is lost; the active model and your classes stay.',
    action: 'Train again once the engine is back on {{backend}}.',
  },
  training: {
    running: 'Training is running',
    backendBusy: 'The backend cannot change while a model trains on it.',
    backendAction: 'Wait for training to finish, or stop it, then switch.',
    modelBusy: 'The active model cannot change while a model trains.',
    modelAction: 'Wait for training to finish, or stop it, then load the model.',
    already: { title: 'Training is already running', detail: 'One model trains at a time.', action: 'Wait for it to finish, or press Stop.' },
    duplicate: {
      title: 'Two classes are called "{{name}}"',
      detail: 'Each class needs its own name: the model reports its answers by class name.',
      action: 'Rename one of them.',
    },
    unnamed: 'unnamed',
    plan: {
      cpu: 'plain JavaScript (CPU)',
      notStarted: 'it did not start',
      noWasm: 'WASM is not available here ({{why}}), so training runs on {{backend}}, which is slow.',
      whyCpu: 'the plain JavaScript backend trains about 20x slower',
      whySoftware: '{{backend}} here is a software rasteriser, which trains 7-13x slower',
      switched: 'Training runs on WASM: {{why}}. The studio stays on WASM afterwards; switch back in Settings.',
      switchFailed: 'Switching to {{to}} for training failed, so training runs on {{backend}}, which is slow.',
    },
    settings: {
      names: {
        inputSize: 'Input size',
        width: 'Width',
        depth: 'Depth',
        epochs: 'Epochs',
        batchSize: 'Batch size',
        learningRate: 'Learning rate',
        validationFraction: 'Validation share',
        patience: 'Patience',
      },
      range: '{{setting}} must be between {{min}} and {{max}}',
      rangeWhole: '{{setting}} must be a whole number between {{min}} and {{max}}',
      is: 'It is {{value}}.',
      action: 'Change {{setting}} in the training settings, or press "Reset to defaults".',
      tooSmall: {
        title: 'Input size {{size}} is too small for {{depth}} conv blocks',
        detail: 'Each block but the last halves the image; with {{depth}} blocks the last one would see {{pixels}} pixel(s) across, too coarse for a heatmap.',
        action: 'Use an input size of at least {{min}}, or fewer blocks.',
      },
    },
    data: {
      twoClasses: {
        title: 'Add at least two classes',
        detailOne: 'There is one class; a classifier needs at least two to tell apart.',
        detailNone: 'There are no classes; a classifier needs at least two to tell apart.',
        action: 'Add another class and give it some images.',
      },
      badLabel: {
        title: 'An image has no valid class',
        detail: 'Image {{index}} is labelled {{label}}, but the classes are numbered 0 to {{last}}.',
        action: 'Assign every image to one of the classes.',
      },
      quoted: '"{{name}}"',
      separator: ', ',
      empty: {
        title: 'Class "{{name}}" has no images',
        detail_one: 'Every class needs images to learn from; {{names}} has none.',
        detail_other: 'Every class needs images to learn from; {{names}} have none.',
        action: 'Drop some images onto it, or remove the class.',
      },
      one: {
        title: 'Class "{{name}}" has only one image',
        detail: 'With one image a class cannot be both learned and checked on held-out images.',
        action: 'Give every class at least two images (ten or more works much better).',
      },
    },
  },
  incompatible: {
    title: '{{method}} cannot run on this model',
    trust: 'The trust figures rerun the method, which this model does not support.',
    batch: '{{method}} needs something this model does not have (for CAM methods, a layer with a spatial output).',
    action: 'Pick another method.',
    batchAction: 'Pick another method for the batch.',
  },
  sanityFlat: {
    title: 'The sanity check has nothing to compare',
    detail: 'The map is flat (every value the same), so there is no ranking of pixels to follow as the model is randomised.',
    action: 'Pick a class the model sees some evidence for, or another method.',
  },
  noDisplay: {
    title: '“{{name}}” has no display settings',
    detail: 'Window, level and frames apply to DICOM, TIFF and 16-bit PNG images; this one is an ordinary 8-bit image.',
    action: 'Pick a DICOM, TIFF or 16-bit PNG image to change its window.',
  },
  batch: {
    nothing: { title: 'Nothing to explain for "{{name}}"', detail: 'The batch was given neither a gallery image nor a file for it.', action: 'Add the image again.' },
    unknownMethod: { title: 'Unknown method', detail: 'Glassbox has no method "{{id}}".', action: 'Pick a method from the list.' },
    badOption: { title: '{{method}}: an option is not valid', action: 'Change the option in the side panel, or reset it, then start the batch again.' },
  },
  storage: {
    full: {
      title: 'Not enough storage space for the model library',
      detail: 'The browser refused to store more ({{what}}).',
      action: 'Delete saved models you no longer need, or download this one as files instead.',
    },
    failed: {
      title: 'The model library could not be used',
      detail: "The browser's storage (IndexedDB) failed while {{what}}: {{reason}}.",
      action: 'Private windows and some settings block storage: use a normal window, or download the model as files.',
    },
    while: {
      list: 'listing the saved models',
      save: 'saving "{{name}}"',
      readList: 'reading the model list',
      read: 'reading a saved model',
      delete: 'deleting a model',
    },
    unavailable: {
      title: 'The model library is not available here',
      detail: 'This browser context has no IndexedDB, where saved models are kept.',
      action: 'Use a current Chrome, Edge or Firefox in a normal window, or download models as files.',
    },
    gone: {
      title: 'This model is no longer in the library',
      detail: 'It may have been deleted in another tab.',
      filesDetail: 'Its files are gone; it may have been deleted in another tab.',
      action: 'Reload the list.',
    },
  },
};

const zh = {
  waiting: {
    explain: '正在等待另一个解释完成',
    predict: '正在等待一次预测',
    swap: '正在等待模型切换',
    train: '正在等待训练结束',
  },
  generic: {
    title: '出了点问题',
    action: '请重试；如果一直出现，请在“设置”中重启引擎（你的图像和模型都会保留）。',
  },
  anotherBackend: '另一个后端',
  loss: {
    contextLost: '计算引擎的 {{backend}} 上下文丢失了',
    hung: '计算引擎没有响应',
    unreadable: '计算引擎发来了页面无法读取的消息',
    restarted: '计算引擎已重启',
    died: '计算引擎停止了',
  },
  stopped: {
    title: '计算引擎停止了',
    detail: '{{loss}}（{{reason}}）。',
    action: 'Glassbox 正在 {{backend}} 上重启它，并恢复你的图像和模型；之后请再运行一次。',
  },
  keepsStopping: {
    title: '计算引擎反复停止',
    detail: '它在 {{minutes}} 分钟内停止了 {{count}} 次；最近一次：{{loss}}（{{reason}}）。',
    action: '请按“重新开始”，或重新加载页面（已保存的模型会保留；图像和未保存的模型需要重新添加）。',
  },
  couldNotRestart: {
    title: '计算引擎无法重启',
    action: '请重新加载页面（已保存的模型会保留；图像和未保存的模型需要重新添加）。',
  },
  fileStopped: {
    added: '“{{name}}”没有添加成功',
    addedToClass: '“{{name}}”没有添加到该类别',
    detail: '读取它时计算引擎停止了（{{reason}}）。',
    action: '等引擎在 {{backend}} 上恢复后（稍等片刻）再添加一次；如果它又停止了，可能正是这个文件导致的。',
  },
  trainingStopped: {
    title: '训练中止：计算引擎停止了',
    detail: '{{reason}}。正在训练的模型已丢失；当前模型和你的类别都会保留。',
    action: '等引擎在 {{backend}} 上恢复后再训练一次。',
  },
  training: {
    running: '正在训练',
    backendBusy: '模型在某个后端上训练时，不能切换该后端。',
    backendAction: '请等训练结束，或停止训练，然后再切换。',
    modelBusy: '训练模型时不能更换当前模型。',
    modelAction: '请等训练结束，或停止训练，然后再加载模型。',
    already: { title: '已经在训练了', detail: '一次只能训练一个模型。', action: '请等它结束，或按“停止”。' },
    duplicate: {
      title: '有两个类别都叫“{{name}}”',
      detail: '每个类别都需要自己的名称：模型按类别名称报告结果。',
      action: '请给其中一个改名。',
    },
    unnamed: '未命名',
    plan: {
      cpu: '纯 JavaScript（CPU）',
      notStarted: '它没有启动',
      noWasm: '这里无法使用 WASM（{{why}}），因此训练在 {{backend}} 上进行，速度较慢。',
      whyCpu: '纯 JavaScript 后端的训练速度约慢 20 倍',
      whySoftware: '这里的 {{backend}} 是软件光栅化器，训练速度慢 7-13 倍',
      switched: '训练在 WASM 上进行：{{why}}。之后工作室会继续使用 WASM；可在“设置”中切换回去。',
      switchFailed: '切换到 {{to}} 进行训练失败，因此训练在 {{backend}} 上进行，速度较慢。',
    },
    settings: {
      names: {
        inputSize: '输入尺寸',
        width: '宽度',
        depth: '深度',
        epochs: '训练轮数',
        batchSize: '批大小',
        learningRate: '学习率',
        validationFraction: '验证集比例',
        patience: '耐心',
      },
      range: '{{setting}}必须在 {{min}} 到 {{max}} 之间',
      rangeWhole: '{{setting}}必须是 {{min}} 到 {{max}} 之间的整数',
      is: '当前为 {{value}}。',
      action: '请在训练设置中修改{{setting}}，或按“恢复默认”。',
      tooSmall: {
        title: '输入尺寸 {{size}} 对 {{depth}} 个卷积块来说太小',
        detail: '除最后一个外，每个卷积块都会把图像边长减半；有 {{depth}} 个块时，最后一个块只能看到 {{pixels}} 个像素宽，对热力图来说太粗。',
        action: '请使用至少 {{min}} 的输入尺寸，或减少卷积块。',
      },
    },
    data: {
      twoClasses: {
        title: '请至少添加两个类别',
        detailOne: '目前只有一个类别；分类器至少需要两个类别才能区分。',
        detailNone: '目前没有类别；分类器至少需要两个类别才能区分。',
        action: '再添加一个类别，并给它一些图像。',
      },
      badLabel: {
        title: '有一幅图像没有有效的类别',
        detail: '第 {{index}} 幅图像的标签是 {{label}}，但类别编号只有 0 到 {{last}}。',
        action: '请把每幅图像都归入某个类别。',
      },
      quoted: '“{{name}}”',
      separator: '、',
      empty: {
        title: '类别“{{name}}”没有图像',
        detail_other: '每个类别都需要图像来学习；{{names}}还没有图像。',
        action: '往这个类别里拖入一些图像，或删除该类别。',
      },
      one: {
        title: '类别“{{name}}”只有一幅图像',
        detail: '只有一幅图像时，一个类别无法既用于学习又用于在留出的图像上检验。',
        action: '请给每个类别至少两幅图像（十幅以上效果好得多）。',
      },
    },
  },
  incompatible: {
    title: '{{method}} 不能在这个模型上运行',
    trust: '可信度指标需要重新运行该方法，而这个模型不支持它。',
    batch: '{{method}} 需要这个模型不具备的东西（对于 CAM 方法，需要一个有空间输出的层）。',
    action: '请选择其他方法。',
    batchAction: '请为批处理选择其他方法。',
  },
  sanityFlat: {
    title: '合理性检查没有可比较的内容',
    detail: '这张图是平的（所有值都相同），因此在模型被随机化时没有像素排序可供追踪。',
    action: '请选择一个模型能看到一些证据的类别，或换一种方法。',
  },
  noDisplay: {
    title: '“{{name}}”没有显示设置',
    detail: '窗宽/窗位和帧只适用于 DICOM、TIFF 和 16 位 PNG 图像；这是一幅普通的 8 位图像。',
    action: '请选择 DICOM、TIFF 或 16 位 PNG 图像来调整窗宽/窗位。',
  },
  batch: {
    nothing: { title: '“{{name}}”没有可解释的内容', detail: '批处理既没有收到它的图库图像，也没有收到它的文件。', action: '请重新添加这幅图像。' },
    unknownMethod: { title: '未知方法', detail: 'Glassbox 没有名为“{{id}}”的方法。', action: '请从列表中选择一个方法。' },
    badOption: { title: '{{method}}：有一个选项无效', action: '请在侧栏中修改或重置该选项，然后重新开始批处理。' },
  },
  storage: {
    full: {
      title: '存储空间不足，无法保存到模型库',
      detail: '浏览器拒绝存储更多内容（{{what}}）。',
      action: '请删除不再需要的已保存模型，或改为把这个模型下载为文件。',
    },
    failed: {
      title: '无法使用模型库',
      detail: '浏览器存储（IndexedDB）在{{what}}时失败：{{reason}}。',
      action: '无痕窗口和某些设置会阻止存储：请使用普通窗口，或把模型下载为文件。',
    },
    while: {
      list: '列出已保存的模型',
      save: '保存“{{name}}”',
      readList: '读取模型列表',
      read: '读取已保存的模型',
      delete: '删除模型',
    },
    unavailable: {
      title: '这里无法使用模型库',
      detail: '当前浏览器环境没有 IndexedDB，而已保存的模型就存放在那里。',
      action: '请在普通窗口中使用最新版的 Chrome、Edge 或 Firefox，或把模型下载为文件。',
    },
    gone: {
      title: '这个模型已不在模型库中',
      detail: '它可能已在另一个标签页中被删除。',
      filesDetail: '它的文件已不存在；它可能已在另一个标签页中被删除。',
      action: '请重新加载列表。',
    },
  },
};

const engine = { en, zh } satisfies Catalogue;
export default engine;
