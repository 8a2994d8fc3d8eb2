import type { Catalogue } from './catalogue';

/** The engine pool (issue 15 §1): the Settings control for how many helper engines sampling methods use. */
const pool = {
  en: {
    title: 'Workers for sampling methods',
    help: 'LIME, SHAP, RISE, occlusion, SmoothGrad, Integrated Gradients and Score-CAM spread their model evaluations over helper engines, one per spare core. The same seed gives the same map whatever the number. Used on the WebAssembly and CPU backends; each helper holds a copy of the model. Automatic uses them from 4 cores up: on 2 cores a helper was measured slower on large images.',
    auto: 'Automatic ({{count}} here)',
    autoOff: 'Automatic (off: fewer than {{cores}} cores here)',
    off: 'Off (this engine only)',
    count_one: '{{count}} helper',
    count_other: '{{count}} helpers',
    status: '{{ready}} of {{helpers}} helpers hold the current model',
    statusOff: 'No helper engines: the studio’s own engine computes everything.',
    statusLost: '{{lost}} stopped and were left out',
    runWorkers_one: 'computed by {{count}} engine',
    runWorkers_other: 'computed by {{count}} engines',
  },
  zh: {
    title: '采样类方法的工作线程',
    help: 'LIME、SHAP、RISE、遮挡、SmoothGrad、积分梯度和 Score-CAM 会把模型计算分给辅助引擎，每个空闲的 CPU 核心一个。无论数量多少，同一随机种子得到的归因图都完全相同。仅在 WebAssembly 和 CPU 后端上使用；每个辅助引擎各持有一份模型。“自动”在 4 个及以上核心时才启用：在 2 核机器上实测，辅助引擎处理大图像时反而更慢。',
    auto: '自动（本机 {{count}} 个）',
    autoOff: '自动（关闭：本机少于 {{cores}} 个核心）',
    off: '关闭（仅用本引擎）',
    count_one: '{{count}} 个辅助引擎',
    count_other: '{{count}} 个辅助引擎',
    status: '{{helpers}} 个辅助引擎中有 {{ready}} 个已载入当前模型',
    statusOff: '没有辅助引擎：所有计算都由工作室自己的引擎完成。',
    statusLost: '{{lost}} 个已停止并被移出',
    runWorkers_one: '由 {{count}} 个引擎计算',
    runWorkers_other: '由 {{count}} 个引擎计算',
  },
} satisfies Catalogue;
export default pool;
