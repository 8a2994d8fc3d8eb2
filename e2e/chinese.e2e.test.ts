// Journey in Chinese (issue 16 "Two languages"): a person switches the header's language to 中文; the
// header, the explanation view and the prediction's sentences read Chinese, <html lang> is zh-Hans, the
// title is translated, and after a reload the studio opens in Chinese again (remembered under
// glassbox-language). A screenshot is kept to check the CJK glyphs render from the system's fonts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;

const HAN = /\p{Script=Han}/u;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Chinese journey', () => {
  it('opens in English for an English browser, switches to Chinese and is remembered after a reload', async () => {
    const page = w.page;
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('[data-testid="language"]').inputValue()).toBe('en');
    await page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
    await waitHeatmap(page, 120_000);

    await page.locator('[data-testid="language"]').selectOption('zh');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
    expect(await page.title()).toBe('Glassbox — 可解释性工作室');
    expect(await page.evaluate(() => localStorage.getItem('glassbox-language'))).toBe('zh');
    // The header: the switch names the language in its own script, the compute badge reads 计算.
    expect(await page.locator('[data-testid="language"] option:checked').textContent()).toBe('中文');
    expect(await page.locator('[data-testid="backend-badge"]').textContent()).toContain('计算');
    // The explanation view: heading, tabs and the colour scale's note.
    expect(await page.locator('.viewer h2').textContent()).toMatch(HAN);
    expect(await page.locator('[data-testid="tab-compare"]').textContent()).toBe('比较方法');
    expect(await page.locator('[data-testid="legend"]').textContent()).toMatch(/证据|支持/);
    // The prediction: the demo lesion is saturated, so the panel says so, in Chinese, with the number by Intl.
    const note = await page.locator('[data-testid="saturation-note"]').textContent();
    expect(note).toContain('已饱和');
    expect(note).toContain('> 99.9%');
    // The method's "What am I looking at?" text comes from the engine (the i18n-engine helper's part).
    await page.screenshot({ path: path.join(ARTIFACTS, 'chinese.png') });

    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
    expect(await page.locator('[data-testid="language"]').inputValue()).toBe('zh');
    expect(await page.locator('[data-testid="backend-badge"]').textContent()).toContain('计算');

    // Back to English: everything follows at once.
    await page.locator('[data-testid="language"]').selectOption('en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('[data-testid="backend-badge"]').textContent()).toContain('Compute');
    await expectStayedLocal(w, { minRequests: 5 });
  }, 240_000);
});
