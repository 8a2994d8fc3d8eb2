// The engine speaks the page's language (issue 16 "Two languages", engine side). Through the Engine itself
// (the object the worker exposes), in Node: started in Chinese, its method list and its refusals of a corrupt
// model.json, a missing weight file, a model whose weights hold NaN, a DICOM in an unsupported transfer syntax,
// an empty image, an invalid training setting and a class without images come out in Chinese with the file names and numbers in them; after setLanguage('en') new ones are English again while
// an error made before the switch keeps its Chinese. The expected Chinese is written here by hand, not read
// from the catalogues.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { configureWasm } from '../core/backend/ladder';
import { DEMO_MODEL_DIR } from '../core/testing/node';
import { dicomFile, encapsulated, imagePixel } from '../core/image/dicom/testWriter';
import { FSI, PDI } from '../shared/names';
import { currentLanguage, setLanguage } from '../shared/i18n';
import type { UserErrorInfo } from '../shared/errors';
import { Engine } from './engine';
import { userErrorOf } from './testHost';

const zq = (name: string) => `"${FSI}${name}${PDI}"`;
const file = (name: string, bytes: Uint8Array | string) => ({ name, blob: new Blob([typeof bytes === 'string' ? bytes : bytes.slice()]) });
const demo = (n: string) => new Uint8Array(fs.readFileSync(path.join(DEMO_MODEL_DIR, n)));

let engine: Engine;
let methods: Awaited<ReturnType<Engine['init']>>['methods'];

beforeAll(async () => {
  configureWasm();
  engine = new Engine();
  const files = Object.fromEntries(['model.json', 'group1-shard1of1.bin', 'metadata.json'].map((n) => [n, `data:application/octet-stream;base64,${fs.readFileSync(path.join(DEMO_MODEL_DIR, n)).toString('base64')}`]));
  const r = await engine.init({ wasmPaths: {}, demoModel: { base: '', files }, language: 'zh' });
  methods = r.methods;
  if (r.backend.active !== 'cpu') await engine.setBackend('cpu');
}, 120_000);

afterAll(() => {
  setLanguage('en');
});

describe('an engine started in Chinese', () => {
  it('takes the language from init', () => {
    expect(currentLanguage()).toBe('zh');
  });

  it('describes the methods in Chinese: labels, summaries, "what am I looking at?" and option labels', () => {
    const byId = new Map(methods.map((m) => [m.id, m]));
    expect(byId.get('gradcam')!.label).toBe('Grad-CAM');
    expect(byId.get('intgrad')!.label).toBe('积分梯度');
    expect(byId.get('occlusion')!.label).toBe('遮挡');
    expect(byId.get('intgrad')!.about).toContain('参考图像');
    expect(byId.get('shap')!.about).toContain('沙普利值');
    expect(byId.get('gradcam')!.options.find((o) => o.key === 'layer')!.label).toBe('目标层');
    const lime = byId.get('lime')!;
    const baseline = lime.options.find((o) => o.key === 'baseline')!;
    expect(baseline.label).toBe('基线（被隐藏的区域变成什么）');
    if (baseline.type !== 'select') throw new Error('baseline is a select');
    expect(baseline.choices.find((c) => c.value === 'blur')!.label).toBe('模糊后的图像');
    // Choice values (what crosses back to the engine) stay as they are.
    expect(baseline.choices.map((c) => c.value)).toContain('regionMean');
    // Every text is Chinese or a name that stays as it is (Grad-CAM, LIME, RISE…): none is the English summary.
    for (const m of methods) expect(m.summary, m.id).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a truncated model.json in Chinese, with the parser reason', async () => {
    const e = await userErrorOf(engine.loadModelFiles([file('model.json', '{"modelTopology": {"class_name": "Seq'), file('group1-shard1of1.bin', demo('group1-shard1of1.bin'))]));
    expect(e.title).toBe('model.json 不是有效的 JSON');
    expect(e.detail).toMatch(/^无法按 JSON 读取（.+）。文件可能被截断了/);
    expect(e.action).toBe('重新导出或下载模型，然后把新的 model.json 和它的权重文件一起拖进来。');
  });

  it('refuses a model.json without its weight file in Chinese, naming the missing file and the count', async () => {
    const e = await userErrorOf(engine.loadModelFiles([file('model.json', demo('model.json'))]));
    expect(e.title).toBe('缺少权重文件“group1-shard1of1.bin”');
    expect(e.detail).toBe('model.json 需要 1 个权重文件（"group1-shard1of1.bin"）。缺少："group1-shard1of1.bin"。已提供：无。');
  });

  it('refuses a DICOM in an unsupported transfer syntax in Chinese, naming the file, the syntax and its UID', async () => {
    const bytes = dicomFile([...imagePixel({ rows: 2, columns: 2 })], { transferSyntax: '1.2.840.10008.1.2.4.100', tail: encapsulated([new Uint8Array([0, 0, 1, 0xb3])]) });
    const e = await userErrorOf(engine.addImage(new Blob([bytes.slice()]), 'echo.dcm'));
    expect(e.title).toBe(`${zq('echo.dcm')} 使用了 Glassbox 无法解码的编码`);
    expect(e.detail).toContain('它的传输语法是 MPEG-2 Main Profile video（1.2.840.10008.1.2.4.100）。');
    expect(e.action).toBe('请从查看器导出静态帧（未压缩的 DICOM 或 PNG）后拖入。');
  });

  it('refuses an empty image in Chinese, naming it', async () => {
    const e = await userErrorOf(engine.addImage(new Blob([]), 'scan.png'));
    expect(e.title).toBe(`${zq('scan.png')} 是空文件`);
    expect(e.detail).toContain('0 字节');
  });

  it('lists the "until stable" budget options of LIME, SHAP and RISE in Chinese', () => {
    for (const id of ['lime', 'shap', 'rise']) {
      const budget = methods.find((m) => m.id === id)!.options.find((o) => o.key === 'budget')!;
      expect(budget.label, id).toBe('采样预算');
      if (budget.type !== 'select') throw new Error('budget is a select');
      expect(budget.choices.map((c) => [c.value, c.label]), id).toEqual([['stable', '直到稳定'], ['fixed', '固定']]);
    }
    expect(methods.find((m) => m.id === 'shap')!.options.find((o) => o.key === 'settleTop')!.label).toBe('需稳定的区域数');
  });

  it('refuses a model whose weights hold NaN in Chinese, naming the weight', async () => {
    // The demo model with the first value of its first weight (conv1/kernel, float32, at byte 0) set to NaN.
    const bin = demo('group1-shard1of1.bin');
    new DataView(bin.buffer, bin.byteOffset).setFloat32(0, NaN, true);
    const e = await userErrorOf(engine.loadModelFiles([file('model.json', demo('model.json')), file('group1-shard1of1.bin', bin)]));
    expect(e.title).toBe('模型的权重中含有 NaN 或无穷大的值');
    expect(e.detail).toBe('有 1 个权重（"conv1/kernel"）含有非数值。这个模型的每个预测和每个解释都会是 NaN。可能是训练发散了，或者权重文件已损坏。');
    expect(e.action).toMatch(/^请从训练发散之前保存的检查点导出权重/);
    // The demo model is still the active one.
    expect(engine.currentModel().model.labels.length).toBeGreaterThan(1);
  });

  it('refuses images dropped where a model goes in Chinese, counting them', async () => {
    const e = await userErrorOf(engine.loadModelFiles([file('a.png', 'x'), file('b.jpg', 'y')]));
    expect(e.title).toBe('这些是图像，不是模型');
    expect(e.detail).toBe('2 个图像文件，没有 model.json。');
  });

  it('refuses an invalid training setting and a class without images in Chinese', async () => {
    const settings = engine.trainingDefaults();
    const classes = [{ id: 'a', name: '猫' }, { id: 'b', name: '狗' }];
    const bad = await userErrorOf(engine.train({ classes, settings: { ...settings, epochs: 0 }, name: 'm' }));
    expect(bad.title).toBe('训练轮数必须是 1 到 200 之间的整数');
    expect(bad.detail).toBe('当前为 0。');
    expect(bad.action).toBe('请在训练设置中修改训练轮数，或按“恢复默认”。');
    const rate = await userErrorOf(engine.train({ classes, settings: { ...settings, learningRate: 2 }, name: 'm' }));
    expect(rate.title).toBe('学习率必须在 0.00001 到 1 之间');
    // Valid settings, but no images in either class: the first empty class is named, then both.
    const empty = await userErrorOf(engine.train({ classes, settings, name: 'm' }));
    expect(empty.title).toBe('类别“猫”没有图像');
    expect(empty.detail).toBe('每个类别都需要图像来学习；“猫”、“狗”还没有图像。');
  });

  it('after setLanguage("en"), new messages are English while one made before keeps its Chinese', async () => {
    const before: UserErrorInfo = await userErrorOf(engine.addImage(new Blob([]), 'a.png'));
    await engine.setLanguage('en');
    expect(currentLanguage()).toBe('en');
    const after = await userErrorOf(engine.addImage(new Blob([]), 'a.png'));
    expect(before.title).toBe(`${zq('a.png')} 是空文件`);
    expect(after.title).toBe(`${zq('a.png')} is empty`);
    // And the method list asked for now is English (the method files' own text).
    const described = engine.currentModel().methods;
    expect(described.find((m) => m.id === 'intgrad')!.label).toBe('Integrated Gradients');
    expect(described.find((m) => m.id === 'occlusion')!.options.find((o) => o.key === 'window')!.label).toBe('Window size (pixels)');
    await engine.setLanguage('zh');
    expect(engine.currentModel().methods.find((m) => m.id === 'occlusion')!.label).toBe('遮挡');
    await engine.setLanguage('en');
  });
});
