import type { Catalogue } from './catalogue';

/**
 * The studio's frame (i18n-ui): document title, settings, privacy, the compute badge, the engine's health
 * banner, the drop overlay and the file:// storage note.
 */
const studio = {
  en: {
    documentTitle: 'Glassbox — explainability studio',
    close: 'Close',
    dismiss: 'Dismiss',
    settings: {
      label: 'Settings',
      close: 'Close settings',
      heading: 'Compute backend',
      measured: 'Glassbox measured each backend with a short warm-up and picked the fastest.',
      measuredUser: 'Glassbox measured each backend with a short warm-up and picked the fastest; you then chose another.',
      software: 'Software GPU emulation (SwiftShader) is never picked automatically: on a machine without a GPU it is far slower than WASM.',
      backend: 'Backend',
      names: { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (WASM)', cpu: 'Plain JavaScript (CPU)' },
      warmup: '{{ms}} ms warm-up',
      probed: 'probed in {{ms}} ms',
      softwareTag: 'software',
      notProbed: 'not probed',
      switching: 'Switching… the first run on a GPU backend compiles shaders, which can take several seconds.',
    },
    badge: {
      starting: 'Starting…',
      restarting: 'restarting…',
      stopped: 'stopped',
      switching: 'switching…',
      notAnswering: '{{backend}}, not answering',
      label: 'Compute: {{shown}}. Open settings',
      compute: 'Compute: <b>{{shown}}</b>',
    },
    health: {
      runAgain: 'Run again',
      restartNow: 'Restart now',
      startAgain: 'Start again',
    },
    drop: 'Drop images to add them to the gallery, or a model (model.json with its .bin files, or its .zip) to load it',
    fileStorage:
      'Opened from a file: this browser lets every HTML file on this computer read the same storage, so another local page could read the models you save here (names, labels and weights). To keep a model private, download it instead, or open Glassbox from a web address.',
    privacy: {
      label: 'Privacy',
      heading: 'Your data stays on this machine',
      body: 'Glassbox has no server. Images you open are decoded and explained inside this browser tab, in a background worker; models you train or load stay in memory and, if you save them, in this browser’s own storage (IndexedDB). Nothing is uploaded, and there are no analytics, telemetry, fonts or scripts from elsewhere.',
      enforced:
        'How that is enforced: the page’s Content-Security-Policy lets it contact nothing but its own origin, and the background worker runs under that same policy (it is started from inside the page, so it inherits it; where Glassbox serves itself, every file also carries the policy as a header). Glassbox’s automated tests record every request the page makes, try to reach another server from inside every worker, and fail if anything leaves.',
      forget: 'Forget everything',
      forgetHint: 'Deletes Glassbox’s saved models and stored settings, and the images and training sets loaded in this session. Other applications’ data in this browser is left alone.',
      forgotten: 'Forgotten',
      forgetFailed: 'Could not forget everything',
      forgetFailedAction: 'Close other Glassbox tabs and try again.',
    },
  },
  zh: {
    documentTitle: 'Glassbox — 可解释性工作室',
    close: '关闭',
    dismiss: '关闭提示',
    settings: {
      label: '设置',
      close: '关闭设置',
      heading: '计算后端',
      measured: 'Glassbox 对每个后端做了短暂预热测速，并选用了最快的一个。',
      measuredUser: 'Glassbox 对每个后端做了短暂预热测速并选用了最快的一个；之后你换成了另一个。',
      software: '软件模拟的 GPU（SwiftShader）从不会被自动选用：在没有 GPU 的机器上，它比 WASM 慢得多。',
      backend: '后端',
      names: { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly（WASM）', cpu: '纯 JavaScript（CPU）' },
      warmup: '预热 {{ms}} 毫秒',
      probed: '探测用时 {{ms}} 毫秒',
      softwareTag: '软件',
      notProbed: '未探测',
      switching: '正在切换……GPU 后端首次运行时需要编译着色器，可能要花几秒钟。',
    },
    badge: {
      starting: '正在启动…',
      restarting: '正在重启…',
      stopped: '已停止',
      switching: '正在切换…',
      notAnswering: '{{backend}}，无响应',
      label: '计算：{{shown}}。打开设置',
      compute: '计算：<b>{{shown}}</b>',
    },
    health: {
      runAgain: '重新运行',
      restartNow: '立即重启',
      startAgain: '重新启动',
    },
    drop: '拖放图像以加入图库，或拖放模型（model.json 及其 .bin 文件，或其 .zip）以加载它',
    fileStorage:
      '当前从本地文件打开：此浏览器允许这台电脑上的所有 HTML 文件读取同一存储空间，因此其他本地网页可能读取你在这里保存的模型（名称、标签和权重）。若要让模型保持私密，请改为下载它，或通过网址打开 Glassbox。',
    privacy: {
      label: '隐私',
      heading: '你的数据留在这台机器上',
      body: 'Glassbox 没有服务器。你打开的图像在此浏览器标签页内的后台 worker 中解码和解释；你训练或加载的模型保存在内存中，如果你保存它们，则保存在此浏览器自己的存储（IndexedDB）中。不会上传任何内容，也没有来自其他地方的统计分析、遥测、字体或脚本。',
      enforced:
        '如何保证：页面的内容安全策略（Content-Security-Policy）只允许它连接自身的源，后台 worker 也在同一策略下运行（它由页面内部启动，因此继承该策略；在 Glassbox 自己提供服务时，每个文件的响应头中也带有该策略）。Glassbox 的自动化测试会记录页面发出的每一个请求，尝试从每个 worker 内部访问其他服务器，只要有任何数据外传就判定失败。',
      forget: '忘掉一切',
      forgetHint: '删除 Glassbox 保存的模型和设置，以及本次会话中加载的图像和训练集。此浏览器中其他应用的数据不受影响。',
      forgotten: '已清除',
      forgetFailed: '无法全部清除',
      forgetFailedAction: '请关闭其他 Glassbox 标签页后重试。',
    },
  },
} satisfies Catalogue;
export default studio;
